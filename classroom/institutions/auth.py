"""Who may touch institutions: the typed gates of the institution routes and their path object.

Institutions are the tenants themselves, so their loader is not the tenant filter of
`path_loader`: operator and inspector reach every institution, anyone else only their own (an
institution admin reading its own row, should a route grant that); another institution's id is
the same 404 as a missing or malformed one. Only the operator writes (INSTITUTIONS_WRITE).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from classroom.accounts.auth import Db, Signed, require
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Principal
from classroom.institutions import service
from classroom.institutions.models import Institution

Reader = Annotated[Principal, Depends(require(P.INSTITUTIONS_READ))]
Writer = Annotated[Principal, Depends(require(P.INSTITUTIONS_WRITE))]


def load_institution(
    session: Db,
    principal: Signed,
    institution_id: Annotated[str, Path(description="Institution id (UUID)")],
) -> Institution:
    return service.visible_institution(session, principal, institution_id)


InstitutionRef = Annotated[Institution, Depends(load_institution)]
