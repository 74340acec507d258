"""Checks on uploaded documents: the type comes from the content, never from the name or the browser."""

import hashlib
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ACCEPTED_TYPES = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
}
SNIFF_BYTES = 8192
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_FROM_BYTES = 10 * 1024 * 1024
MAX_ARCHIVE_MEMBERS = 5000
MAX_NAME_LENGTH = 150


@dataclass(frozen=True)
class InspectedUpload:
    content_type: str
    suffix: str
    size: int
    sha256: str
    safe_name: str


def safe_display_name(name, suffix):
    """Keep only the last path component, printable characters, and a bounded length."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = stem.strip(" .")[: MAX_NAME_LENGTH - len(suffix)].strip(" .") or _("document")
    return f"{stem}{suffix}"


def inspect_upload(uploaded_file):
    """Return the checked type, size and digest of an upload, or raise ``ValidationError`` saying why."""
    limit = settings.ATTACHMENT_MAX_BYTES
    if uploaded_file.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(uploaded_file.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if uploaded_file.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    uploaded_file.seek(0)
    head = uploaded_file.read(SNIFF_BYTES)
    if head.startswith(b"PK\x03\x04"):
        content_type = _office_type(uploaded_file)
    else:
        kind = filetype.guess(head)
        content_type = kind.mime if kind else ""
    if content_type not in ACCEPTED_TYPES:
        raise ValidationError(
            _(
                "This type of file is not accepted. Send a PDF, an office document (ODT, ODS, DOCX, XLSX) "
                "or an image (PNG, JPEG)."
            ),
            code="type",
        )
    suffix = ACCEPTED_TYPES[content_type]
    return InspectedUpload(
        content_type=content_type,
        suffix=suffix,
        size=uploaded_file.size,
        sha256=_sha256(uploaded_file),
        safe_name=safe_display_name(uploaded_file.name, suffix),
    )


def _sha256(uploaded_file):
    digest = hashlib.sha256()
    uploaded_file.seek(0)
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    return digest.hexdigest()


def _office_type(uploaded_file):
    """Name the office format of a zip archive from its members, refusing decompression bombs."""
    uploaded_file.seek(0)
    refusal = ValidationError(_("This office document is malformed or suspiciously compressed."), code="archive")
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            members = archive.infolist()
            total = sum(member.file_size for member in members)
            packed = sum(member.compress_size for member in members) or 1
            if (
                len(members) > MAX_ARCHIVE_MEMBERS
                or total > MAX_UNCOMPRESSED_BYTES
                or (total > RATIO_CHECK_FROM_BYTES and total / packed > MAX_COMPRESSION_RATIO)
            ):
                raise refusal
            names = {member.filename for member in members}
            if "mimetype" in names:
                return archive.read("mimetype")[:100].decode("ascii", "replace").strip()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise refusal from error
    finally:
        uploaded_file.seek(0)
    if "word/document.xml" in names:
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if "xl/workbook.xml" in names:
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return ""
