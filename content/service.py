"""The content package's public service for other packages (attendance reads viewing evidence).

Other packages import from here only; the modules behind it may move.
"""

from __future__ import annotations

from content.items import stored_bytes
from content.progress import THRESHOLD, VIEWING, evidence_since

__all__ = ["THRESHOLD", "VIEWING", "evidence_since", "stored_bytes"]
