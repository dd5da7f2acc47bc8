"""Example request bodies for the route walker, so a write reaches the service's own checks.

Every write route that takes a body needs one valid example for the walker's own-tenant calls
(tenant "a"). It is found, in order:
1. registered by the domain beside its path-parameter factories (`register_body`): a function of
   the test session, the app and the world returning the JSON object or form fields (a file is
   a `(filename, bytes, content type)` tuple);
2. derived from the route's request model: every required field has declared `examples` or a
   plain type a value can be made for (text, number, yes/no, date, enum), and the result passes
   the model's own validation.
A write route with a body for which neither works fails the walker, as a missing path-parameter
factory does. An allowed role on its own objects then must succeed (2xx, or a redirect for
pages): a route that refuses by design is registered with `expect_refusal(route, status, reason)`.
Routes that need query parameters register them with `register_query`.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Annotated, Any

import annotated_types
from fastapi import FastAPI
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo
from sqlmodel import Session

from tests.access.routes import BodyField, RouteInfo
from tests.conftest import START
from tests.factories.accounts import World

BodyFactory = Callable[[Session, FastAPI, World], dict[str, Any]]
FileValue = tuple[str, bytes, str]

BODIES: dict[str, BodyFactory] = {}
QUERIES: dict[str, BodyFactory] = {}
REFUSALS: dict[str, tuple[int, str]] = {}


def register_body(route: str, factory: BodyFactory) -> None:
    """`route` is "METHOD /path/{param}" exactly as the app declares it."""
    if route in BODIES:
        raise ValueError(f"{route}: body registered twice")
    BODIES[route] = factory


def register_query(route: str, factory: BodyFactory) -> None:
    """Query parameters every call of `route` carries (e.g. which institution an operator means)."""
    if route in QUERIES:
        raise ValueError(f"{route}: query registered twice")
    QUERIES[route] = factory


def expect_refusal(route: str, status: int, reason: str) -> None:
    """The route answers an allowed role's valid-looking request with `status` by design."""
    if not reason.strip():
        raise ValueError(f"{route}: say why {status} is expected")
    REFUSALS[route] = (status, reason)


class NoExample(Exception):
    pass


@dataclass(frozen=True)
class Example:
    json: dict[str, Any] | None = None
    data: dict[str, Any] | None = None
    files: dict[str, FileValue] | None = None
    params: dict[str, Any] | None = None

    def request_kwargs(self) -> dict[str, Any]:
        sent = {"json": self.json, "data": self.data, "files": self.files, "params": self.params}
        return {k: v for k, v in sent.items() if v is not None}


ANCHOR_DAY = START.date()  # the tests' clock starts on this Monday


def _plain_value(annotation: Any, info: FieldInfo | None) -> Any:
    """A value of a plain type within the field's declared bounds; NoExample for anything else."""
    if info is not None and info.examples:
        return info.examples[0]
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(options) == 1:
            return _plain_value(options[0], info)
        raise NoExample(f"no example for {annotation}")
    if origin is list:
        return []
    metadata = info.metadata if info is not None else []
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return next(iter(annotation)).value
    if annotation is bool:
        return True
    if annotation is int:
        low = [m.ge for m in metadata if isinstance(m, annotated_types.Ge)]
        low += [m.gt + 1 for m in metadata if isinstance(m, annotated_types.Gt)]
        return max([1, *low])
    if annotation is str:
        if any(getattr(m, "pattern", None) for m in metadata):
            raise NoExample("a patterned text field needs declared examples")
        return "접근 점검"
    if annotation is date:
        return ANCHOR_DAY.isoformat()
    if annotation is datetime:
        return datetime.combine(ANCHOR_DAY, time(9)).isoformat() + "+09:00"
    if annotation is time:
        return "09:00"
    raise NoExample(f"no example for {annotation}")


def _model_example(model: type[BaseModel]) -> dict[str, Any]:
    example = {}
    for name, info in model.model_fields.items():
        if info.is_required() or info.examples:
            example[info.alias or name] = _plain_value(info.annotation, info)
    try:
        model.model_validate(example)
    except ValidationError as exc:
        raise NoExample(f"the made-up {model.__name__} is refused by its model: {exc}") from exc
    return example


def _derive(field: BodyField) -> Any:
    if field.kind == "file":
        raise NoExample(f"file field {field.name!r} needs a registered body")
    annotation = field.info.annotation
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model_example(annotation)
    value = _plain_value(annotation, field.info)
    try:
        checked = Annotated[annotation, *field.info.metadata] if field.info.metadata else annotation
        TypeAdapter(checked).validate_python(value)
    except ValidationError as exc:
        raise NoExample(f"the made-up {field.name!r} does not validate: {exc}") from exc
    return value


def derived(route: RouteInfo) -> dict[str, Any]:
    """The body made from the route's request model(s), or NoExample saying why not."""
    if len(route.body) == 1 and route.body[0].kind == "json":
        return _derive(route.body[0])  # type: ignore[no-any-return]
    return {f.name: _derive(f) for f in route.body if f.required or f.info.examples}


def has_example(route: RouteInfo) -> str | None:
    """None when the walker can send `route` a body; otherwise why it cannot."""
    if not route.body or route.key in BODIES:
        return None
    try:
        derived(route)
    except NoExample as exc:
        return str(exc)
    return None


def example(route: RouteInfo, session: Session, app: FastAPI, world: World, csrf: str) -> Example:
    """What the walker sends to `route` as tenant "a" (the CSRF form token included for forms)."""
    query = QUERIES[route.key](session, app, world) if route.key in QUERIES else None
    if not route.writes:
        return Example(params=query)
    if route.key in BODIES:
        body = BODIES[route.key](session, app, world)
    elif route.body:
        body = derived(route)
    else:
        body = {}
    if not route.sends_form:
        return Example(json=body if route.body else None, params=query)
    files = {k: v for k, v in body.items() if isinstance(v, tuple)}
    data = {k: v for k, v in body.items() if not isinstance(v, tuple)}
    return Example(data={**data, "csrf_token": csrf}, files=files or None, params=query)
