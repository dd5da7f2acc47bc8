"""What a file is, decided by its bytes (magic numbers), never by its name.

`sniff(head)` looks at the first `SNIFF_BYTES` of an upload, before anything is stored: a
renamed executable or any type not on the list is refused there. Office documents are zip
containers whose directory sits at the end of the file, so `sniff` admits a zip only
provisionally (kind document, media type decided later) and `office_verdict(entries)` decides
once the whole file is there: it must be a real Word/Excel/PowerPoint package and must not
expand to more than `MAX_EXPANDED_BYTES` or by more than `MAX_RATIO` (a zip bomb).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from content.rules.kinds import ContentKind

SNIFF_BYTES = 4096
ZIP_PENDING = "application/zip"  # provisional: decided by `office_verdict` at completion

MP4_VIDEO_BRANDS = {
    b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"M4VH",
    b"M4VP", b"dash", b"mmp4", b"3gp4", b"3gp5", b"3gp6", b"3g2a", b"MSNV", b"f4v ",
}  # fmt: skip
M4A_BRANDS = {b"M4A ", b"M4B "}
MOV_BRANDS = {b"qt  "}

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
OFFICE_PARTS = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX, "ppt/presentation.xml": PPTX}

MAX_ENTRIES = 10_000
MAX_EXPANDED_BYTES = 512 * 1024 * 1024
MAX_RATIO = 100  # expanded ÷ compressed, per entry and overall


@dataclass(frozen=True)
class Sniffed:
    kind: ContentKind
    media_type: str

    @property
    def needs_container_check(self) -> bool:
        return self.media_type == ZIP_PENDING


@dataclass(frozen=True)
class Refused:
    reason: str  # a message key of the content catalogue
    detail: str = ""


def _mp3(head: bytes) -> bool:
    if head.startswith(b"ID3"):
        return True
    # An MPEG audio frame header: 11 sync bits, layer III, a valid bitrate and sample rate.
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    layer = (head[1] >> 1) & 0x3
    bitrate = head[2] >> 4
    rate = (head[2] >> 2) & 0x3
    return layer == 0x1 and bitrate not in (0x0, 0xF) and rate != 0x3


def _ebml_doctype(head: bytes) -> bytes | None:
    # Matroska/WebM start with the EBML magic; the DocType element (0x4282) names the flavour.
    if not head.startswith(b"\x1a\x45\xdf\xa3"):
        return None
    at = head.find(b"\x42\x82", 4, 64)
    if at < 0 or at + 3 > len(head):
        return None
    size_byte = head[at + 2]
    if not size_byte & 0x80:
        return None
    size = size_byte & 0x7F
    return head[at + 3 : at + 3 + size]


def sniff(head: bytes) -> Sniffed | Refused:
    """Decide the type from the first bytes of a file (at most SNIFF_BYTES are looked at)."""
    if not head:
        return Refused("upload.empty")
    if head.startswith((b"MZ", b"\x7fELF")) or head[:4] in (
        b"\xcf\xfa\xed\xfe",
        b"\xce\xfa\xed\xfe",
        b"\xca\xfe\xba\xbe",
    ):
        return Refused("upload.executable")
    if head.startswith(b"#!"):
        return Refused("upload.executable")
    if len(head) >= 12 and head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in M4A_BRANDS:
            return Sniffed(ContentKind.AUDIO, "audio/mp4")
        if brand in MOV_BRANDS:
            return Sniffed(ContentKind.VIDEO, "video/quicktime")
        if brand in MP4_VIDEO_BRANDS:
            return Sniffed(ContentKind.VIDEO, "video/mp4")
        return Refused("upload.unsupported_type", brand.decode("latin-1"))
    doctype = _ebml_doctype(head)
    if doctype == b"webm":
        return Sniffed(ContentKind.VIDEO, "video/webm")
    if head.startswith(b"%PDF-"):
        return Sniffed(ContentKind.DOCUMENT, "application/pdf")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed(ContentKind.IMAGE, "image/png")
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed(ContentKind.IMAGE, "image/jpeg")
    if _mp3(head):
        return Sniffed(ContentKind.AUDIO, "audio/mpeg")
    if head.startswith(b"PK\x03\x04"):
        return Sniffed(ContentKind.DOCUMENT, ZIP_PENDING)
    return Refused("upload.unsupported_type")


@dataclass(frozen=True)
class ZipEntry:
    name: str
    file_size: int  # declared expanded size
    compress_size: int


def office_verdict(entries: Sequence[ZipEntry]) -> Sniffed | Refused:
    """A zip is admitted only as a Word, Excel or PowerPoint package that expands sanely."""
    if len(entries) > MAX_ENTRIES:
        return Refused("upload.zip_bomb", f"{len(entries)} entries")
    names = {entry.name for entry in entries}
    expanded = sum(entry.file_size for entry in entries)
    compressed = sum(entry.compress_size for entry in entries)
    if expanded > MAX_EXPANDED_BYTES:
        return Refused("upload.zip_bomb", f"{expanded} bytes expanded")
    for entry in entries:
        if entry.file_size > MAX_RATIO * max(entry.compress_size, 1) and entry.file_size > 1024 * 1024:
            return Refused("upload.zip_bomb", f"{entry.name}: {entry.file_size}/{entry.compress_size}")
        if entry.name.lower().endswith((".zip", ".docx", ".xlsx", ".pptx", ".jar")):
            return Refused("upload.zip_bomb", f"nested archive {entry.name}")
    if compressed and expanded > MAX_RATIO * compressed and expanded > 1024 * 1024:
        return Refused("upload.zip_bomb", f"{expanded}/{compressed}")
    if "[Content_Types].xml" not in names:
        return Refused("upload.unsupported_type", "zip")
    for part, media_type in OFFICE_PARTS.items():
        if part in names:
            return Sniffed(ContentKind.DOCUMENT, media_type)
    return Refused("upload.unsupported_type", "zip")


EXTENSIONS = {
    "video/mp4": "mp4",
    "video/quicktime": "mov",
    "video/webm": "webm",
    "audio/mp4": "m4a",
    "audio/mpeg": "mp3",
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    DOCX: "docx",
    XLSX: "xlsx",
    PPTX: "pptx",
}


def download_name(filename: str, media_type: str) -> str:
    """The name a download is offered under: the uploaded name with the extension its bytes
    deserve (a PDF uploaded as "notes.exe" is offered as "notes.pdf")."""
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename
    extension = EXTENSIONS.get(media_type)
    stem = stem.strip() or "content"
    return f"{stem}.{extension}" if extension else stem
