"""Chat limits (pure): what a message may contain and how often one person may send."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from datetime import datetime, timedelta

MAX_CHAT_CHARS = 500
MAX_POLL_QUESTION = 300
MAX_POLL_OPTION = 100
POLL_OPTIONS = (2, 6)  # at least, at most


def clean_text(text: str, limit: int) -> str | None:
    """The message as stored: trimmed, control characters other than line breaks removed.
    None when nothing is left or it is longer than `limit` characters."""
    kept = "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch) != "Cc").strip()
    if not kept or len(kept) > limit:
        return None
    return kept


def wait_seconds(recent: Sequence[datetime], now: datetime, limit: int, window: timedelta) -> int:
    """Seconds until one more message is allowed (0: now), given the sender's message times.

    At most `limit` messages in any `window`: the oldest message inside the window must leave
    it before another is accepted. A limit of 0 or less means no limit."""
    if limit <= 0:
        return 0
    inside = sorted(t for t in recent if now - window < t <= now)
    if len(inside) < limit:
        return 0
    frees_at = inside[len(inside) - limit] + window
    return max(1, math.ceil((frees_at - now).total_seconds()))
