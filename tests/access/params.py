"""Path-parameter factories for the route-walking access test.

Every `{name}` that appears in a route path needs an entry: a function that, given the test
session, the app, the world and the tenant ("a" or "b"), returns an id of an object owned by
that tenant. The walker asks tenant "a" for own objects and tenant "b" for foreign ones.
A route that acts only on an object in another state than the usual one (approving needs a
requested lease, publishing a draft course) registers its own factory for that parameter with
`register_for`, so its allowed roles reach the service's success path rather than a 409.
Domains add their factories (and example bodies, tests/access/bodies.py) in their own modules,
imported at the end of this one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from sqlmodel import Session

from classroom.core.tenancy import Role
from tests.factories.accounts import World

ParamFactory = Callable[[Session, FastAPI, World, str], Any]

PARAM_FACTORIES: dict[str, ParamFactory] = {}
# Objects only their owner sees (a user's own jobs): (session, app, world, tenant, user) → id of
# an object `user` owns. The walker asks for one per signed-in role.
PERSONAL_PARAMS: dict[str, Callable[..., Any]] = {}
# Parameters whose values are not tenant-owned ids (the walker only checks own-tenant access).
UNSCOPED_PARAMS: dict[str, ParamFactory] = {}
# (route, parameter) → the factory that route uses instead of the parameter's usual one.
ROUTE_PARAMS: dict[tuple[str, str], ParamFactory] = {}


def register(name: str, factory: ParamFactory, *, scoped: bool = True) -> None:
    (PARAM_FACTORIES if scoped else UNSCOPED_PARAMS)[name] = factory


def register_personal(name: str, factory: Callable[..., Any]) -> None:
    PERSONAL_PARAMS[name] = factory


def register_for(route: str, name: str, factory: ParamFactory) -> None:
    """`route` ("METHOD /path") fills `{name}` with `factory` (a scoped parameter)."""
    if (route, name) in ROUTE_PARAMS:
        raise ValueError(f"{route}: {{{name}}} registered twice")
    ROUTE_PARAMS[(route, name)] = factory


register("user_id", lambda s, app, w, t: getattr(w, t).users[Role.TRAINEE].id)
register("institution_id", lambda s, app, w, t: getattr(w, t).institution.id)
register("code", lambda s, app, w, t: getattr(w, t).institution.code, scoped=False)

# Domain factories register themselves on import.
import tests.access.bodies_accounts  # noqa: E402
import tests.access.bodies_courses  # noqa: E402
import tests.access.bodies_leases  # noqa: E402
import tests.access.params_accounts  # noqa: E402
import tests.access.params_attendance  # noqa: E402
import tests.access.params_content  # noqa: E402
import tests.access.params_courses  # noqa: E402
import tests.access.params_jobs  # noqa: E402
import tests.access.params_leases  # noqa: E402
import tests.access.params_live  # noqa: E402
import tests.access.params_quality  # noqa: E402,F401
