"""Who may read the activity log: institution admins their institution's entries, operator and
inspector everyone's (the tenant filter of `audit.service.search` decides which rows)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from classroom.accounts.auth import require
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Principal

Reader = Annotated[Principal, Depends(require(P.AUDIT_READ))]
