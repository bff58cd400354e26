"""The upload form for activity files: several files from one `<input type="file" multiple>`,
refused when there are too many or the runner's log is full; reading them is the importer's."""

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from athletes.models import Athlete
from checkins.archives import MAX_UNPACKED_BYTES, MAX_UNPACKED_FILES, MB
from checkins.imports import (
    ACCEPTED_SUFFIXES,
    MAX_FILE_MB,
    MAX_FILES_PER_UPLOAD,
    MAX_UPLOAD_MB,
    MAX_ZIP_MB,
    TOO_MANY_FILES,
)
from checkins.runs import FULL_LOG_MESSAGE, log_is_full


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one `<input type="file" multiple>`.

    Only presence is checked here: an empty or unreadable file is reported by the importer
    beside its name, and must not stop the other files of the upload.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ",".join(ACCEPTED_SUFFIXES)})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> "list[UploadedFile[Any]]":
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(files) > MAX_FILES_PER_UPLOAD:
            raise forms.ValidationError(
                f"You chose {len(files)} files. {TOO_MANY_FILES}", code="max_files"
            )
        return files


class RunImportForm(forms.Form):
    # Django's form metaclass takes declared fields off the class, so this does not replace
    # BaseForm.files (the uploads), whatever the stubs (which cannot see that) say.
    files = MultipleFileField(  # type: ignore[assignment]
        label="Activity files",
        help_text="GPX, TCX or FIT files from your watch, Strava's activities.csv "
        "(from a Strava bulk export), or a zip of activity files such as a Garmin export. "
        f"Up to {MAX_FILE_MB} MB each (a zip {MAX_ZIP_MB} MB, unpacking to at most "
        f"{MAX_UNPACKED_BYTES // MB} MB and {MAX_UNPACKED_FILES:,} activity files) and "
        f"{MAX_UPLOAD_MB} MB in all; choose up to {MAX_FILES_PER_UPLOAD} at once.",
        error_messages={"required": "Choose at least one file to import."},
    )

    def __init__(self, *args: Any, athlete: Athlete, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.athlete = athlete

    def clean(self) -> dict[str, Any] | None:
        if log_is_full(self.athlete):
            raise forms.ValidationError(FULL_LOG_MESSAGE, code="full_log")
        return super().clean()
