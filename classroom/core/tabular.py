"""Reading an uploaded spreadsheet (CSV or XLSX) as a stream of rows, safe against hostile files.

Shared by every import (rosters, assessment scores, employment outcomes); each names its own
wording of the refusals (`FileErrors`), so a trainee list and a score sheet say what they are.

What a hostile file can do, and what stops it before it costs memory or time:
- Size: the caller reads at most its byte limit (`max_roster_bytes`, 2 MB) of the upload.
- XLSX is a zip: before openpyxl sees it, the archive's directory is checked — at most
  `MAX_MEMBERS` members, at most `MAX_UNCOMPRESSED` bytes once inflated, and no large member
  inflating more than `MAX_RATIO` times (a zip bomb). Python's zipfile stops inflating a member
  at its declared size (and fails its CRC check), so declared sizes bound the real work.
- `<dimension ref="A1:XFD1048576"/>`: openpyxl's read-only sheet pads rows to the declared
  width and height. Rows are read with explicit bounds (`MAX_COLUMNS` wide, `scan_limit` rows
  high), so the declared dimension is never used.
- A million (empty) rows: rows are streamed and reading stops at `scan_limit` physical rows —
  the row limit plus room for blank lines — so a file that goes on beyond it is refused after
  reading a bounded number of rows, not after reading all of them.
- Malformed CSV (NUL bytes, stray quotes, a giant field or line): a clear 422 naming the row.
  A bare `\r` is a line break (old Mac Excel writes them), read with `newline=""`.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from openpyxl import load_workbook

from classroom.core.errors import BadRequest, ValidationFailed

MAX_COLUMNS = 50
MAX_MEMBERS = 200
MAX_UNCOMPRESSED = 32 * 1024 * 1024
MAX_RATIO = 100
RATIO_FROM = 1024 * 1024  # small members (styles, a short sheet) may compress very well
MAX_LINE = 16 * 1024
MAX_FIELD = 4 * 1024

Row = tuple[int, list[str]]  # (row number as the spreadsheet shows it, cells)


@dataclass(frozen=True)
class FileErrors:
    """(message key, code) of each refusal, in the importing package's words. The messages take
    `{limit}` (too many rows) and `{row}` (malformed CSV)."""

    bad_file: tuple[str, str]
    too_many_rows: tuple[str, str]
    bomb: tuple[str, str]
    bad_csv: tuple[str, str]

    def unreadable(self) -> BadRequest:
        return BadRequest(self.bad_file[0], code=self.bad_file[1])

    def rows_over(self, max_rows: int) -> ValidationFailed:
        return ValidationFailed(self.too_many_rows[0], code=self.too_many_rows[1], params={"limit": max_rows})

    def inflating(self) -> ValidationFailed:
        return ValidationFailed(self.bomb[0], code=self.bomb[1])

    def malformed(self, row: int) -> ValidationFailed:
        return ValidationFailed(self.bad_csv[0], code=self.bad_csv[1], params={"row": row})


def scan_limit(max_rows: int) -> int:
    """Physical rows read at most: the header, `max_rows` trainees and as many blank lines."""
    return 1 + 2 * max_rows


def is_xlsx(filename: str, data: bytes) -> bool:
    return filename.lower().endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04"


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # spreadsheets turn card numbers into floats
    return str(value).strip()


def check_archive(data: bytes, errors: FileErrors) -> None:
    """Refuse a zip that would inflate past the limits, before anything is inflated."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise errors.unreadable() from exc
    if len(members) > MAX_MEMBERS:
        raise errors.unreadable()
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if total > MAX_UNCOMPRESSED or (member.file_size > RATIO_FROM and ratio > MAX_RATIO):
            raise errors.inflating()


def _xlsx_rows(data: bytes, max_rows: int, errors: FileErrors) -> Iterator[Row]:
    check_archive(data, errors)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise errors.unreadable() from exc
    try:
        if not workbook.worksheets:
            raise errors.unreadable()
        sheet = workbook.worksheets[0]
        limit = scan_limit(max_rows)
        # One row past the limit tells whether the sheet goes on (openpyxl yields it, padded,
        # when the XML has any row at or after it).
        rows = sheet.iter_rows(min_row=1, max_row=limit + 1, max_col=MAX_COLUMNS, values_only=True)
        try:
            for number, values in enumerate(rows, start=1):
                if number > limit:
                    raise errors.rows_over(max_rows)
                yield number, [_cell(v) for v in values]
        except (ValidationFailed, BadRequest):
            raise
        except Exception as exc:  # a sheet that breaks while streaming
            raise errors.unreadable() from exc
    finally:
        workbook.close()


def _decode(data: bytes, errors: FileErrors) -> str:
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise errors.unreadable()


def _csv_rows(data: bytes, max_rows: int, errors: FileErrors) -> Iterator[Row]:
    text = _decode(data, errors)
    if "\x00" in text:
        raise errors.malformed(text[: text.index("\x00")].count("\n") + 1)
    long_line = re.search(rf"[^\r\n]{{{MAX_LINE},}}", text)
    if long_line is not None:
        raise errors.malformed(text[: long_line.start()].count("\n") + 1)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect, strict=True)
    limit = scan_limit(max_rows)
    number = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise errors.malformed(reader.line_num) from exc
        number += 1
        if number > limit:
            raise errors.rows_over(max_rows)
        if any(len(cell) > MAX_FIELD for cell in cells):
            raise errors.malformed(number)
        yield number, [cell.strip() for cell in cells[:MAX_COLUMNS]]


def read_rows(filename: str, data: bytes, *, max_rows: int, errors: FileErrors) -> Iterator[Row]:
    """Every physical row (header first) as stripped text cells, streamed."""
    if is_xlsx(filename, data):
        return _xlsx_rows(data, max_rows, errors)
    return _csv_rows(data, max_rows, errors)
