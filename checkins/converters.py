"""Path converters for the checkins URLs."""

import datetime as dt


class IsoDateConverter:
    """A day written in ISO 8601 (2024-05-06), given to the view as a `date`. Any path segment
    matches, as `<str:>` did, so reversing takes a `date` or text; a segment that is no real
    day ("last-tuesday", 2024-02-30) then matches no route and answers 404."""

    regex = "[^/]+"

    def to_python(self, value: str) -> dt.date:
        return dt.date.fromisoformat(value)  # a ValueError means "no match": Django answers 404

    def to_url(self, value: dt.date | str) -> str:
        return value.isoformat() if isinstance(value, dt.date) else value
