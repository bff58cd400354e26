"""Zip uploads: a Garmin data export (zips inside a zip, the original FIT files in nested
folders) or any zip of GPX, TCX and FIT files, unpacked into the activity files it holds.

Pure: bytes in, `Member`s out, or `UnreadableFile` for the whole zip; nothing is written to
disk under a member's name, so a name is only ever a label. A zip is untrusted input, held to
caps (docs/coaching-rules.md, section 9) checked against the sizes the zip declares before a
byte of it is inflated; the reader never inflates past a declared size (it stops there and
fails the checksum), so the caps hold whatever the zip claims:

- the upload and the zips directly inside it are opened (`MAX_ZIP_DEPTH`): a Garmin export
  keeps its FIT files in `DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip`;
  a zip deeper down is reported, not opened;
- a zip lists at most `MAX_ZIP_ENTRIES` names (the zips inside it included); one upload's zips
  hold at most `MAX_UNPACKED_FILES` activity files and inflate to at most `MAX_UNPACKED_BYTES`
  (`checkins.import_jobs` counts what its earlier zips added); past a cap, nothing of the zip
  is imported;
- an activity file over the per-file cap is reported without being inflated.

Importing the members, each on its own like an uploaded file, is `checkins/import_jobs.py`.
"""

import dataclasses
import io
import lzma
import shutil
import stat
import tempfile
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import PurePosixPath

from checkins.parsers.common import UnreadableFile, listed_counts

ZIP_SUFFIX = ".zip"
# What a zip's files are read as: one activity each. A CSV inside is not read: a Garmin export's
# are not activities, and a Strava export's activities.csv is uploaded on its own.
ACTIVITY_SUFFIXES = (".gpx", ".tcx", ".fit")
MB = 1024 * 1024
MAX_ZIP_DEPTH = 2
MAX_ZIP_ENTRIES = 20_000
MAX_UNPACKED_FILES = 5_000
MAX_UNPACKED_BYTES = 250 * MB
# A zip inside the zip is copied out to a temporary file, kept in memory up to this size.
SPOOL_BYTES = 8 * MB
SEPARATOR = " › "
# What reading a damaged member raises: a wrong checksum (BadZipFile), a broken deflate, bzip2
# or LZMA stream, a member cut short, a method Python cannot inflate (Deflate64, implode).
DAMAGED = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    NotImplementedError,
    OSError,
    ValueError,
)
ENCRYPTED_FLAG = 0x1
# What macOS adds to a zip it makes: resource forks named like the files they belong to.
MACOS_FOLDER = "__MACOSX"
MACOS_FILES = ("._", ".DS_Store")


def is_zip(name: str) -> bool:
    return PurePosixPath(name).suffix.lower() == ZIP_SUFFIX


@dataclasses.dataclass(frozen=True)
class Member:
    """An activity file found in the zip, or a zip inside it that could not be opened."""

    name: str  # where it was: "export.zip › UploadedFiles_0-_Part1.zip › 1234.fit"
    size: int  # inflated, as the zip declares it
    data: bytes | None = None  # None when it was not read: too big, encrypted or damaged
    refused: str = ""  # why it was not read, when not for its size (the importer says that)


@dataclasses.dataclass
class Unpacking:
    """What is left to unpack (files and bytes for the whole upload, names for this zip), and
    what this zip left out, counted as it goes."""

    max_file_bytes: int
    files_left: int = MAX_UNPACKED_FILES
    bytes_left: int = MAX_UNPACKED_BYTES
    entries_left: int = MAX_ZIP_ENTRIES
    found: int = 0  # members given out
    others: Counter[str] = dataclasses.field(default_factory=Counter)  # by suffix
    unsafe: int = 0

    def spend(self, *, entries: int = 0, files: int = 0, inflated: int = 0) -> None:
        self.entries_left -= entries
        self.files_left -= files
        self.bytes_left -= inflated
        if self.entries_left < 0:
            raise UnreadableFile(
                f"The zip lists more than {MAX_ZIP_ENTRIES:,} files (counting the zips inside "
                "it), more than one upload unpacks, so nothing from it was imported. "
                f"{SPLIT_IT}"
            )
        if self.files_left < 0:
            raise UnreadableFile(
                f"With this zip the upload holds more than {MAX_UNPACKED_FILES:,} activity "
                f"files, more than one upload imports, so nothing from it was imported. {SPLIT_IT}"
            )
        if self.bytes_left < 0:
            raise UnreadableFile(
                f"With this zip the upload unpacks to more than {MAX_UNPACKED_BYTES // MB} MB, "
                f"more than one upload unpacks, so nothing from it was imported. {SPLIT_IT}"
            )

    def skipped(self) -> str:
        """“42 other files skipped (40 .json, 2 .png): only GPX, TCX and FIT files are
        imported.”, and the names refused as unsafe."""
        said = []
        if self.others:
            total = sum(self.others.values())
            noun = "file" if total == 1 else "files"
            said.append(
                f"{total:,} other {noun} skipped ({listed_counts(self.others)}): "
                "only GPX, TCX and FIT files are imported."
            )
        if self.unsafe:
            noun = "file" if self.unsafe == 1 else "files"
            said.append(
                f"{self.unsafe:,} {noun} skipped for a name that is not a plain file's "
                "(a path leaving the zip, a link, a control character)."
            )
        return " ".join(said)


SPLIT_IT = (
    "Upload the zips it holds one at a time (a Garmin export keeps them in "
    "DI_CONNECT/DI-Connect-Uploaded-Files), or zip fewer files."
)


def unpack(*, name: str, data: bytes, unpacking: Unpacking) -> Iterator[Member]:
    """The activity files of the zip `data` and of the zips inside it, in the zip's order.

    Raises `UnreadableFile` when the upload is no readable zip, is over a cap (possibly after
    some members were given out: the importer keeps none of them then) or holds no activity
    file at all.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except DAMAGED as error:
        raise UnreadableFile(
            f"This is not a zip file that can be read ({error}): it may be damaged or cut "
            "short, so nothing from it was imported. Download it again and upload the new copy."
        ) from error
    with archive:
        yield from _members(archive, label=name, depth=1, unpacking=unpacking)
    if not unpacking.found:
        held = f" {unpacking.skipped()}" if unpacking.others or unpacking.unsafe else ""
        raise UnreadableFile(f"The zip holds no GPX, TCX or FIT file.{held}")


def _members(
    archive: zipfile.ZipFile, *, label: str, depth: int, unpacking: Unpacking
) -> Iterator[Member]:
    infos = archive.infolist()
    unpacking.spend(entries=len(infos))
    chosen: list[tuple[zipfile.ZipInfo, str]] = []
    for info in infos:
        kind = _kind(info)
        if kind == "unsafe":
            unpacking.unsafe += 1
        elif kind in (ZIP_SUFFIX, *ACTIVITY_SUFFIXES):
            chosen.append((info, kind))
        elif kind != "folder":
            unpacking.others[kind] += 1
    # Every declared size is checked before anything is inflated; a zip inside is counted as
    # it is copied out, and again for what it holds once it is opened.
    opened = [
        info
        for info, kind in chosen
        if kind == ZIP_SUFFIX and depth < MAX_ZIP_DEPTH and not _encrypted(info)
    ]
    read = [
        info
        for info, kind in chosen
        if kind != ZIP_SUFFIX
        and not _encrypted(info)
        and info.file_size <= unpacking.max_file_bytes
    ]
    unpacking.spend(
        files=len(chosen) - len(opened),
        inflated=sum(info.file_size for info in opened + read),
    )
    for info, kind in chosen:
        where = label + SEPARATOR + _base_name(info)
        if _encrypted(info):
            yield _found(
                unpacking,
                Member(
                    name=where,
                    size=info.file_size,
                    refused="The file is encrypted (the zip has a password), so it cannot be "
                    "read: unzip it yourself and upload what it holds.",
                ),
            )
        elif kind != ZIP_SUFFIX:
            yield _found(unpacking, _activity_file(archive, info, where=where, unpacking=unpacking))
        elif depth >= MAX_ZIP_DEPTH:
            yield _found(
                unpacking,
                Member(
                    name=where,
                    size=info.file_size,
                    refused="A zip inside a zip inside the upload is not opened (zips are "
                    f"read {MAX_ZIP_DEPTH} levels deep): unzip it and upload it on its own.",
                ),
            )
        else:
            yield from _inner_zip(archive, info, where=where, depth=depth, unpacking=unpacking)


def _found(unpacking: Unpacking, member: Member) -> Member:
    unpacking.found += 1
    return member


def _kind(info: zipfile.ZipInfo) -> str:
    """What the member is: a folder, unsafe, a suffix we read (".fit", ".zip"…), or what else
    it is, to count."""
    name = info.filename.replace("\\", "/")
    if not name:  # empty, or cut to nothing by a NUL (the reader ends a name at one)
        return "unsafe"
    if info.is_dir():
        return "folder"
    path = PurePosixPath(name)
    if (
        name.startswith("/")
        or ".." in path.parts
        or ":" in path.parts[0]
        or any(ord(character) < 32 or ord(character) == 127 for character in name)
        or stat.S_ISLNK(info.external_attr >> 16)
    ):
        return "unsafe"
    if MACOS_FOLDER in path.parts or path.name.startswith(MACOS_FILES):
        return "macOS metadata"
    return path.suffix.lower() or "without a suffix"


def _base_name(info: zipfile.ZipInfo) -> str:
    return PurePosixPath(info.filename.replace("\\", "/")).name


def _encrypted(info: zipfile.ZipInfo) -> bool:
    return bool(info.flag_bits & ENCRYPTED_FLAG)


def _activity_file(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, where: str, unpacking: Unpacking
) -> Member:
    if info.file_size > unpacking.max_file_bytes:
        return Member(name=where, size=info.file_size)
    try:
        with archive.open(info) as member:
            data = member.read(unpacking.max_file_bytes + 1)
    except DAMAGED as error:
        return Member(name=where, size=info.file_size, refused=_damaged(error))
    return Member(name=where, size=info.file_size, data=data)


def _inner_zip(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, where: str, depth: int, unpacking: Unpacking
) -> Iterator[Member]:
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as copy:
        try:
            with archive.open(info) as member:
                shutil.copyfileobj(member, copy)
            inner = zipfile.ZipFile(copy)
        except DAMAGED as error:
            unpacking.spend(files=1)
            yield _found(
                unpacking, Member(name=where, size=info.file_size, refused=_damaged(error))
            )
            return
        with inner:
            yield from _members(inner, label=where, depth=depth + 1, unpacking=unpacking)


def _damaged(error: Exception) -> str:
    return (
        f"The file is damaged inside the zip ({error}), so nothing from it was imported. "
        "Download the zip again, or upload this file on its own."
    )
