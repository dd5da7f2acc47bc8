"""HTTP Range and conditional requests for immutable objects (RFC 9110 §13–14), as pure functions.

`decide(...)` turns a request's Range / If-Range / If-None-Match / If-Modified-Since headers
and the object's size, ETag and modification time into what to answer: 304, 200 (whole), 206
(one range, or several as multipart/byteranges) or 416. Our ETags are strong (a version's bytes
never change), so If-Range compares them strongly.

Choices where the RFC leaves room: more than `MAX_RANGES` ranges, or a malformed Range header,
are ignored (the whole object is sent: a server may ignore Range); overlapping or adjacent
ranges are merged (ascending) before answering; a Range on an empty object is ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime

MAX_RANGES = 16


@dataclass(frozen=True)
class Span:
    start: int
    end: int  # inclusive

    @property
    def length(self) -> int:
        return self.end - self.start + 1

    def content_range(self, size: int) -> str:
        return f"bytes {self.start}-{self.end}/{size}"


@dataclass(frozen=True)
class Decision:
    status: int  # 200, 206, 304 or 416
    spans: tuple[Span, ...] = ()

    @property
    def single(self) -> Span | None:
        return self.spans[0] if self.status == 206 and len(self.spans) == 1 else None


class _Ignore(Exception):
    """The Range header is to be ignored (malformed or too many ranges)."""


def _parse_spec(spec: str, size: int) -> Span | None:
    """One byte-range-spec; None when it is syntactically valid but not satisfiable."""
    first, dash, last = spec.strip().partition("-")
    if not dash:
        raise _Ignore
    first, last = first.strip(), last.strip()
    if not first:  # suffix: the last N bytes
        if not last.isdigit():
            raise _Ignore
        count = int(last)
        if count == 0:
            return None
        return Span(max(size - count, 0), size - 1)
    if not first.isdigit() or (last and not last.isdigit()):
        raise _Ignore
    start = int(first)
    if last and int(last) < start:
        raise _Ignore
    if start >= size:
        return None
    end = min(int(last), size - 1) if last else size - 1
    return Span(start, end)


def parse_range(header: str, size: int) -> tuple[Span, ...] | None:
    """Satisfiable spans, merged and ascending; () when none is satisfiable (416); None when the
    header is to be ignored."""
    unit, eq, specs = header.partition("=")
    if not eq or unit.strip().lower() != "bytes" or size == 0:
        return None
    parts = [p for p in specs.split(",") if p.strip()]
    if not parts or len(parts) > MAX_RANGES:
        return None
    try:
        spans = [span for p in parts if (span := _parse_spec(p, size)) is not None]
    except _Ignore:
        return None
    spans.sort(key=lambda s: s.start)
    merged: list[Span] = []
    for span in spans:
        if merged and span.start <= merged[-1].end + 1:
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, span.end))
        else:
            merged.append(span)
    return tuple(merged)


def _etags(header: str) -> list[str]:
    return [tag.strip() for tag in header.split(",") if tag.strip()]


def _weak_match(header: str, etag: str) -> bool:
    bare = etag.removeprefix("W/")
    return any(tag == "*" or tag.removeprefix("W/") == bare for tag in _etags(header))


def _date(value: str) -> datetime | None:
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo is not None else None


def http_date(value: datetime) -> str:
    return format_datetime(value.replace(microsecond=0), usegmt=True)


def decide(
    *,
    size: int,
    etag: str,
    last_modified: datetime,
    range_header: str | None = None,
    if_range: str | None = None,
    if_none_match: str | None = None,
    if_modified_since: str | None = None,
) -> Decision:
    modified = last_modified.replace(microsecond=0)
    if if_none_match is not None:
        if _weak_match(if_none_match, etag):
            return Decision(304)
    elif if_modified_since is not None:
        since = _date(if_modified_since)
        if since is not None and modified <= since:
            return Decision(304)
    if range_header is None:
        return Decision(200)
    if if_range is not None:
        value = if_range.strip()
        if value.startswith(('"', "W/")):
            # Strong comparison: a weak validator never matches.
            if value.startswith("W/") or value != etag:
                return Decision(200)
        else:
            when = _date(value)
            if when is None or when != modified:
                return Decision(200)
    spans = parse_range(range_header, size)
    if spans is None:
        return Decision(200)
    if not spans:
        return Decision(416)
    return Decision(206, spans)
