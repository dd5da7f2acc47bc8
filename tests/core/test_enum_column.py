"""EnumText: a StrEnum column stored as plain text and read back as the member."""

from __future__ import annotations

from enum import StrEnum

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, insert, select
from sqlalchemy.exc import StatementError

from classroom.core.db import EnumText


class Colour(StrEnum):
    RED = "red"
    BLUE = "blue"


def test_round_trip_and_refusal_of_unknown_values():
    metadata = MetaData()
    table = Table("t", metadata, Column("id", Integer, primary_key=True), Column("c", EnumText(Colour, 8)))
    raw = Table("t", MetaData(), Column("id", Integer, primary_key=True), Column("c", String(8)))
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(table).values(id=1, c=Colour.RED))
        conn.execute(insert(table).values(id=2, c="blue"))
        assert conn.execute(select(raw.c.c).order_by(raw.c.id)).scalars().all() == ["red", "blue"]
        values = conn.execute(select(table.c.c).order_by(table.c.id)).scalars().all()
        assert values == [Colour.RED, Colour.BLUE] and all(isinstance(v, Colour) for v in values)
        with pytest.raises(StatementError):
            conn.execute(insert(table).values(id=3, c="green"))
        conn.execute(insert(raw).values(id=4, c="green"))
        with pytest.raises(ValueError, match="green"):
            conn.execute(select(table.c.c).where(table.c.id == 4)).scalar_one()
