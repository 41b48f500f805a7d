"""Which files evidence may be: the type read from the content, never from the name (no database)."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation

from indices.models.text import short_name
from indices.workspace import files

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"

MAIN_TYPES = {
    "docx": ("word/document.xml", "wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/presentation.xml", "presentationml.presentation.main+xml"),
}


def office(
    main_part: str,
    content_type: str,
    *,
    vendor="application/vnd.openxmlformats-officedocument.",
    first="[Content_Types].xml",
    with_part=True,
) -> bytes:
    """An Office Open XML package whose parts list gives `main_part` the type `vendor` + `content_type`."""
    types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main_part}" '
        f'ContentType="{vendor}{content_type}"/></Types>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        entries = {"[Content_Types].xml": types, "_rels/.rels": "<Relationships/>"}
        if with_part:
            entries[main_part] = "<document/>"
        for name in sorted(entries, key=lambda name: name != first):
            package.writestr(name, entries[name])
    return buffer.getvalue()


def opendocument(mime: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("mimetype", mime, compress_type=zipfile.ZIP_STORED)
        package.writestr("content.xml", "<office:document-content/>", compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def workbook() -> bytes:
    """A spreadsheet as openpyxl writes it (a real tool, not a hand-made package)."""
    from openpyxl import Workbook

    buffer = io.BytesIO()
    sheet = Workbook()
    sheet.active.append(["Indikator", "Tingkat"])
    sheet.save(buffer)
    return buffer.getvalue()


def sniffed(content: bytes):
    return files.sniff(io.BytesIO(content))


@pytest.mark.parametrize(
    ("content", "extension"),
    [
        (PDF, "pdf"),
        (PNG, "png"),
        (JPEG, "jpg"),
        (office(*MAIN_TYPES["docx"]), "docx"),
        (office(*MAIN_TYPES["xlsx"]), "xlsx"),
        (office(*MAIN_TYPES["pptx"]), "pptx"),
        # LibreOffice writes the parts list last, not first: the order of the entries does not matter.
        (office(*MAIN_TYPES["docx"], first="word/document.xml"), "docx"),
        (workbook(), "xlsx"),
        (opendocument("application/vnd.oasis.opendocument.text"), "odt"),
        (opendocument("application/vnd.oasis.opendocument.spreadsheet"), "ods"),
        (opendocument("application/vnd.oasis.opendocument.presentation"), "odp"),
    ],
)
def test_an_accepted_type_is_recognised_by_its_content(content, extension):
    assert sniffed(content).extension == extension


@pytest.mark.parametrize(
    "content",
    [
        EXE,
        HTML,
        b"",
        b"plain text that says %PDF- later on",
        # A ZIP that is no office document, and packages that only look like one.
        office("data/list.xml", "nothing.main+xml"),
        office(*MAIN_TYPES["docx"], with_part=False),
        office("word/document.xml", "wordprocessingml.template.main+xml"),  # .dotx
        opendocument("application/vnd.oasis.opendocument.graphics"),
        b"PK\x03\x04 truncated and broken",
    ],
)
def test_anything_else_is_refused_by_its_content(content):
    assert sniffed(content) is None


def test_a_macro_enabled_workbook_is_refused():
    macro = office("xl/workbook.xml", "sheet.macroEnabled.main+xml", vendor="application/vnd.ms-excel.")
    assert sniffed(macro) is None


def test_sniffing_leaves_the_file_at_its_start():
    upload = io.BytesIO(office(*MAIN_TYPES["pptx"]))
    files.sniff(upload)
    assert upload.tell() == 0


@override_settings(EVIDENCE_MAX_BYTES=10 * 1024 * 1024)
def test_the_refusals_say_what_and_why():
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            files.check(SimpleUploadedFile("setup.exe", EXE))
        assert refused.value.messages == [
            "A .exe file is not accepted: only PDF, PNG, JPEG, DOCX, XLSX, PPTX, ODT, ODS or ODP."
        ]
        with pytest.raises(ValidationError) as refused:
            files.check(SimpleUploadedFile("laporan.pdf", HTML))
        assert refused.value.messages == [
            "laporan.pdf is not accepted: its content is not PDF, PNG, JPEG, DOCX, XLSX, PPTX, ODT, ODS or "
            "ODP (the type is read from the content, not from the name)."
        ]
        with pytest.raises(ValidationError) as refused:
            files.check(SimpleUploadedFile("pindai.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024)))
        assert refused.value.messages == ["pindai.pdf is 10.0\xa0MB: a file may be at most 10.0\xa0MB."]


def test_a_file_of_exactly_the_limit_is_accepted(settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    assert files.check(SimpleUploadedFile("a.pdf", PDF.ljust(1024, b" "))) == files.PDF


def test_the_download_name_keeps_the_uploaded_name_with_the_contents_extension():
    assert files.download_name("Laporan Arsitektur.pdf", "62.03/2025/1-x.pdf") == "Laporan Arsitektur.pdf"
    assert files.download_name("pindaian.pdf", "62.03/2025/1-x.png") == "pindaian.png"
    assert files.download_name("", "62.03/2025/1-x.pdf") == "bukti.pdf"


def test_a_long_uploaded_name_is_cut_keeping_its_extension_and_no_folder():
    assert short_name("C:\\Users\\op\\" + "a" * 300 + ".pdf") == "a" * 196 + ".pdf"
    assert short_name("../../etc/passwd.pdf") == "passwd.pdf"


def field_value(name, upload=None):
    """A file field's value: a stored file, or a fresh upload as a model form leaves it before saving."""
    from django.db.models.fields.files import FieldFile

    value = FieldFile(None, type("Field", (), {"storage": None})(), name)
    if upload is not None:
        value.file, value._committed = upload, False
    return value


def test_the_model_validator_reads_new_uploads_only():
    with pytest.raises(ValidationError):
        files.validate_upload(field_value("setup.exe", SimpleUploadedFile("setup.exe", EXE)))
    files.validate_upload(field_value("sk.pdf", SimpleUploadedFile("sk.pdf", PDF)))
    files.validate_upload(field_value("62.03/2025/1-x.pdf"))  # already in the store: not read again
