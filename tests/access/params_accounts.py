"""Path-parameter factory for roster imports: only the admin who uploaded one may see it.

Registered as personal, like jobs: the walker asks for an import of each signed-in user it
tries (a staged one, built through the service), and one of the other institution for the 404
check.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from sqlmodel import Session

from classroom.accounts import roster_import
from classroom.accounts.models import User
from classroom.accounts.roster import Preview, RosterRow
from tests.access.params import register_personal
from tests.factories.accounts import World, principal_of


def _import(session: Session, app: FastAPI, world: World, tenant: str, user: User) -> Any:
    principal = principal_of(user)
    if principal.institution_id is None:  # platform staff import nothing; give the row a tenant
        principal = type(principal)(
            user_id=user.id, role=principal.role, institution_id=getattr(world, tenant).institution.id
        )
    checked = Preview(
        "walker.csv", [RosterRow(2, "최지우", f"walker-{user.id.hex[:8]}@mail.example", None, None, None)]
    )
    secret_key = app.state.settings.secret_key
    staged = roster_import.stage(session, app.state.clock, secret_key, principal, checked)
    # Also holding (sealed) temporary passwords, so that each route on an import — confirm it,
    # read it, take its passwords — reaches its success path for the walker.
    row = checked.rows[0]
    staged.passwords = roster_import.sealer(secret_key).seal(
        [[row.row, row.name, row.email, "walker-temp-7Kq"]], bound_to=str(staged.id)
    )
    session.add(staged)
    session.commit()
    return staged.id


register_personal("import_id", _import)
