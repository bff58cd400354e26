"""Fail when a Django template has a line longer than MAX_LINE_LENGTH characters.

djade formats the template tags but never wraps a line, and templates have no formatter that
does, so without this check lines grow until neither a diff nor an editor shows them whole.
Wrap by hand where whitespace does not change the page: between attributes (one a line), between
tags, or at a space in text (in a plain-text e-mail, between sentences: there a newline shows).
`make lint` runs this after djade; without arguments it checks every template under templates/,
the plain-text e-mails (.txt) too.
"""

import sys
from pathlib import Path

MAX_LINE_LENGTH = 160
TEMPLATE_SUFFIXES = {".html", ".txt"}


def long_lines(path: Path) -> list[tuple[int, int]]:
    """The (line number, length) of every line of `path` longer than MAX_LINE_LENGTH."""
    with path.open(encoding="utf-8") as lines:
        lengths = (len(line.rstrip("\r\n")) for line in lines)
        return [
            (number, length) for number, length in enumerate(lengths, 1) if length > MAX_LINE_LENGTH
        ]


def main(names: list[str]) -> int:
    paths = [Path(name) for name in names] or sorted(
        path for path in Path("templates").rglob("*") if path.suffix in TEMPLATE_SUFFIXES
    )
    found = 0
    for path in paths:
        for number, length in long_lines(path):
            print(f"{path}:{number}:{length}")
            found += 1
    if found:
        print(
            f"{found} template line{'s' if found > 1 else ''} longer than {MAX_LINE_LENGTH} "
            "characters: wrap them where whitespace does not matter.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
