"""The walker's derived example bodies: made from the request model, or refused loudly."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import pytest
from fastapi import FastAPI, Form
from pydantic import BaseModel, Field

from tests.access.bodies import NoExample, derived
from tests.access.routes import collect


class Plain(BaseModel):
    title: str = Field(min_length=1)
    seats: int = Field(ge=5)
    starts_on: date
    note: str = ""


class Patterned(BaseModel):
    code: str = Field(pattern="^[a-z]{3}$")


class Declared(BaseModel):
    code: str = Field(pattern="^[a-z]{3}$", examples=["abc"])


def _route(app: FastAPI, path: str):  # type: ignore[no-untyped-def]
    return next(r for r in collect(app) if r.path == path)


def test_a_model_of_plain_fields_gets_an_example_within_its_bounds():
    app = FastAPI()

    @app.post("/plain")
    def plain(data: Plain) -> None: ...

    @app.post("/declared")
    def declared(data: Declared) -> None: ...

    assert derived(_route(app, "/plain")) == {"title": "접근 점검", "seats": 5, "starts_on": "2026-04-06"}
    assert derived(_route(app, "/declared")) == {"code": "abc"}


def test_what_cannot_be_made_up_must_be_registered():
    app = FastAPI()

    @app.post("/patterned")
    def patterned(data: Patterned) -> None: ...

    @app.post("/form")
    def form(active: Annotated[str, Form(pattern="^[01]$")]) -> None: ...

    with pytest.raises(NoExample, match="patterned"):
        derived(_route(app, "/patterned"))
    with pytest.raises(NoExample, match="patterned"):
        derived(_route(app, "/form"))
