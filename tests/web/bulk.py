"""Many trainees at once, straight into the users table, for the list pages' tests."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert
from sqlmodel import Session

from classroom.accounts.models import User
from classroom.core.tenancy import Role

KIM_EVERY = 10  # every tenth trainee is a 김 (300 of them)


def trainee_name(n: int) -> str:
    return f"{'김' if n % KIM_EVERY == 0 else '이'}훈련{n:04d}"


def bulk_trainees(session: Session, institution_id: uuid.UUID, code: str, count: int) -> None:
    now = datetime(2026, 3, 2, tzinfo=UTC)
    rows = [
        {
            "id": uuid.uuid4(),
            "institution_id": institution_id,
            "email": f"t{n:04d}@{code}.example",
            "name": trainee_name(n),
            "role": Role.TRAINEE,
            "password_hash": "x",
            "phone": f"010-{n:04d}-0000",
            "is_active": n % 100 != 7,  # 30 inactive
            "must_change_password": False,
            "created_at": now + timedelta(seconds=n),
        }
        for n in range(1, count + 1)
    ]
    session.execute(insert(User), rows)
    session.commit()
