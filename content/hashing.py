"""SHA-256 of an upload computed while its bytes arrive, kept between PATCH requests.

The running hash of an upload lives in this process only (a hash state cannot be stored). When
the next PATCH lands on another worker, or after a restart, the hash is lost: the upload is
marked `sha256_pending` and the processing job computes it from the stored object instead.
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from collections import OrderedDict
from typing import Any

MAX_KEPT = 256  # uploads in flight per process whose running hash is kept


class RunningHashes:
    def __init__(self) -> None:
        self._kept: OrderedDict[uuid.UUID, tuple[int, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def resume(self, upload_id: uuid.UUID, offset: int) -> Any | None:
        """A copy of the hash of the first `offset` bytes, or None when this process lacks it."""
        if offset == 0:
            return hashlib.sha256()
        with self._lock:
            kept = self._kept.get(upload_id)
            if kept is None or kept[0] != offset:
                return None
            return kept[1].copy()

    def keep(self, upload_id: uuid.UUID, offset: int, running: Any) -> None:
        with self._lock:
            self._kept[upload_id] = (offset, running)
            self._kept.move_to_end(upload_id)
            while len(self._kept) > MAX_KEPT:
                self._kept.popitem(last=False)

    def forget(self, upload_id: uuid.UUID) -> None:
        with self._lock:
            self._kept.pop(upload_id, None)
