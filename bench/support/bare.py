"""The baseline: a bare FastAPI endpoint reading one row through SQLAlchemy, nothing else.

Served by uvicorn exactly like the app (same worker count, same event loop and HTTP parser), on
the same database file or server as the app measured beside it:
`CLASSROOM_BENCH_DATABASE_URL=… uvicorn bench.support.bare:app`.
"""

from __future__ import annotations

import os

from fastapi import FastAPI
from sqlalchemy import create_engine, text

engine = create_engine(os.environ["CLASSROOM_BENCH_DATABASE_URL"], pool_size=20, max_overflow=20)
app = FastAPI()
ONE_ROW = text("SELECT id, email, name, role, locale FROM users ORDER BY email LIMIT 1")


@app.get("/row")
def row() -> dict[str, str | None]:
    with engine.connect() as connection:
        found = connection.execute(ONE_ROW).one()
    return {"id": str(found.id), "email": found.email, "name": found.name, "role": found.role}
