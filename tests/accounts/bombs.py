"""Hostile roster files, built in the test (and by bench/roster_bombs.py)."""

from __future__ import annotations

import io
import re
import zipfile

from tests.accounts.roster_support import xlsx


def _replace_sheet(data: bytes, rewrite: object) -> bytes:
    """Rewrite the first worksheet's XML of a real XLSX (`rewrite`: str → str)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = rewrite(content.decode()).encode()  # type: ignore[operator]
            target.writestr(item, content, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def dimension_bomb(*, last_row: bool = True) -> bytes:
    """A few KB claiming the whole sheet (A1:XFD1048576), with (by default) an empty row at the
    very bottom: openpyxl pads every row in between to the claimed 16,384 columns."""
    base = xlsx([["이름", "이메일"], ["최지우", "jiwoo@mail.example"]])

    def claim(xml: str) -> str:
        xml = re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:XFD1048576"/>', xml)
        return xml.replace("</sheetData>", '<row r="1048576"/></sheetData>') if last_row else xml

    return _replace_sheet(base, claim)


def empty_rows(count: int = 1_000_000) -> bytes:
    """One trainee, then `count` empty rows: a few KB that takes long to stream."""
    base = xlsx([["이름", "이메일"], ["최지우", "jiwoo@mail.example"]])
    filler = "<row/>" * count  # rows without a number follow the one before

    def grow(xml: str) -> str:
        # The dimension tells the truth, as a spreadsheet program writes it.
        xml = re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="A1:B{count + 2}"/>', xml)
        return xml.replace("</sheetData>", filler + "</sheetData>")

    return _replace_sheet(base, grow)


def zip_bomb(inflated: int = 200 * 1024 * 1024) -> bytes:
    """A member inflating to `inflated` bytes of one repeated byte (compresses ~1000×)."""
    base = xlsx([["이름", "이메일"], ["최지우", "jiwoo@mail.example"]])
    source = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename), compress_type=zipfile.ZIP_DEFLATED)
        with target.open("xl/media/padding.bin", "w", force_zip64=True) as padding:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(inflated // len(chunk)):
                padding.write(chunk)
    return out.getvalue()
