"""What an evidence file may be, read from its content: the first bytes for PDF and images, and for office
documents the package's own list of parts. Never the file's name nor the type the browser claims: a page of
HTML renamed `laporan.pdf` is refused, a scan saved as `.pdf` that is really a PNG is kept as a PNG.

No library is used: the content checks of PDF, PNG and JPEG are one prefix each, and telling a DOCX from an
XLSX needs the package's [Content_Types].xml read through `zipfile`, which the usual sniffing libraries do
not do (they guess from the order of the first ZIP entries)."""

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePath
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Kind:
    """An accepted type of file: the extension it is stored and served under, its media type, its name."""

    extension: str
    mime: str
    label: str
    # Other extensions people give this type (".jpeg" for JPEG), for the refusal's wording only.
    aliases: tuple[str, ...] = ()


PDF = Kind("pdf", "application/pdf", "PDF")
PNG = Kind("png", "image/png", "PNG")
JPEG = Kind("jpg", "image/jpeg", "JPEG", aliases=("jpeg", "jpe"))
DOCX = Kind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX")
XLSX = Kind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX")
PPTX = Kind("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "PPTX")
ODT = Kind("odt", "application/vnd.oasis.opendocument.text", "ODT")
ODS = Kind("ods", "application/vnd.oasis.opendocument.spreadsheet", "ODS")
ODP = Kind("odp", "application/vnd.oasis.opendocument.presentation", "ODP")
ACCEPTED = (PDF, PNG, JPEG, DOCX, XLSX, PPTX, ODT, ODS, ODP)
BY_EXTENSION = {extension: kind for kind in ACCEPTED for extension in (kind.extension, *kind.aliases)}

# The first bytes that name a type by themselves.
SIGNATURES = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG))
ZIP_SIGNATURE = b"PK\x03\x04"

# The content type of an Office Open XML package's main part. The macro-enabled and template variants
# (xlsm, docm, dotx ...) have other main types and are refused with everything else.
OOXML_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
}
OOXML_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}Override"
# An OpenDocument file starts with a stored entry `mimetype` holding its media type.
ODF_TYPES = {kind.mime: kind for kind in (ODT, ODS, ODP)}
# The part lists read here are a few kilobytes; a larger one is not an office document worth unpacking.
MAX_LIST_BYTES = 1024 * 1024

ACCEPTED_INPUT = ",".join(sorted(f".{extension}" for extension in BY_EXTENSION))


def sniff(upload) -> Kind | None:
    """The accepted type `upload` (a binary file object) holds by its content, or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for signature, kind in SIGNATURES:
        if head.startswith(signature):
            return kind
    if head.startswith(ZIP_SIGNATURE):
        try:
            return _packaged(upload)
        # A broken, truncated, encrypted or oddly compressed package is no document of ours.
        except (
            zipfile.BadZipFile,
            zipfile.LargeZipFile,
            ElementTree.ParseError,
            KeyError,
            OSError,
            ValueError,
            EOFError,
            RuntimeError,
            zlib.error,
        ):
            return None
        finally:
            upload.seek(0)
    return None


def _packaged(upload) -> Kind | None:
    """An office document's type from the ZIP package's own description of itself."""
    with zipfile.ZipFile(upload) as package:
        infos = package.infolist()
        if infos and infos[0].filename == "mimetype" and infos[0].file_size <= 100:
            return ODF_TYPES.get(package.read(infos[0]).decode("ascii", "replace").strip())
        names = {info.filename for info in infos}
        listing = package.getinfo("[Content_Types].xml")
        if listing.file_size > MAX_LIST_BYTES:
            return None
        # Safe on this input: the list is capped in size above, ElementTree resolves no external entity,
        # and the expat Python 3.11 ships with (2.4.1 and later) refuses entity-expansion bombs.
        root = ElementTree.fromstring(package.read(listing))  # noqa: S314
    found = {
        OOXML_MAIN_PARTS[override.get("ContentType")]
        for override in root.iter(OOXML_TYPES)
        if override.get("ContentType") in OOXML_MAIN_PARTS
        and override.get("PartName", "").lstrip("/") in names
    }
    return found.pop() if len(found) == 1 else None


def accepted_names() -> str:
    """ "PDF, PNG, JPEG, … or ODP", in the active language."""
    return get_text_list([kind.label for kind in ACCEPTED], gettext_lazy("or"))


def check(upload: UploadedFile) -> Kind:
    """The type of an uploaded evidence file, or a ValidationError saying what is wrong and why."""
    name = PurePath(upload.name or "").name
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is %(size)s: a file may be at most %(limit)s.")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    kind = sniff(upload)
    if kind is not None:
        return kind
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension and extension not in BY_EXTENSION:
        message = _("A .%(extension)s file is not accepted: only %(accepted)s.") % {
            "extension": extension,
            "accepted": accepted_names(),
        }
    else:
        message = _(
            "%(name)s is not accepted: its content is not %(accepted)s (the type is read from the content, "
            "not from the name)."
        ) % {"name": name, "accepted": accepted_names()}
    raise ValidationError(message, code="type")


def validate_upload(value) -> None:
    """The same check as a model field validator, for any form that saves evidence (the admin's too): a new
    upload is read, a file already in the store is not read again."""
    if value and not getattr(value, "_committed", True):
        check(value.file)


def download_name(original: str, stored: str) -> str:
    """The name a download is offered under: the name it was uploaded with, its extension the one its
    content was stored under (a PNG uploaded as `scan.pdf` downloads as `scan.png`)."""
    extension = PurePath(stored).suffix
    original = PurePath(original).name
    if not original:
        return f"bukti{extension}"
    return (
        str(PurePath(original).with_suffix(extension))
        if PurePath(original).suffix.lower() != extension
        else original
    )


def kind_of(stored: str) -> Kind | None:
    """The accepted type a stored file is, by the extension it was stored under (set from its content)."""
    return BY_EXTENSION.get(PurePath(stored).suffix.lower().lstrip("."))
