"""Spreadsheet files we hand to people (CSV and XLSX exports) that stay inert when opened.

Formula injection: a text cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return is
taken as a formula by Excel, LibreOffice and Google Sheets (`=HYPERLINK(...)` in a trainee's
name would become a live link in an inspector's audit export). Every export goes through
`inert()`: such a cell gets a leading apostrophe, which spreadsheet programs read as "this is
text", and XLSX cells are written as typed strings, never formulas. Numbers stay numbers so
sums still work.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Value = str | int | float | bool | date | datetime | None


def inert(value: Value) -> Value:
    """The value as a spreadsheet must show it: text that could start a formula is escaped."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Value]]) -> bytes:
    """UTF-8 with a BOM (Excel on Korean Windows reads it as CP949 otherwise), CRLF lines."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([inert(cell) for cell in header])
    for row in rows:
        writer.writerow(["" if cell is None else inert(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _as_text_cell(cell: Cell) -> None:
    if isinstance(cell.value, str):
        cell.data_type = "s"  # a string cell, whatever it starts with


def xlsx_bytes(
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Value]],
    *,
    number_formats: dict[int, str] | None = None,
    widths: Sequence[int] | None = None,
) -> bytes:
    """One sheet, bold frozen header; `number_formats` maps 1-based column → Excel format."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append([inert(cell) for cell in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        _as_text_cell(cell)
    for row in rows:
        sheet.append([inert(cell) for cell in row])
        for cell in sheet[sheet.max_row]:
            _as_text_cell(cell)
            if number_formats and cell.column in number_formats:
                cell.number_format = number_formats[cell.column]
    for index, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
