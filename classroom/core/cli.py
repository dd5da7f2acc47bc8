"""What packages' commands share: the app they run against, built once by the `classroom` command."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NoReturn

import click

from classroom.core.errors import ClassroomError

if TYPE_CHECKING:
    from fastapi import FastAPI

AppFactory = Callable[[], "FastAPI"]


def app_of(ctx: click.Context) -> FastAPI:
    """The app for a command; `classroom` puts its factory in the context object."""
    factory: AppFactory = ctx.find_root().obj
    return factory()


def fail(exc: ClassroomError) -> NoReturn:
    """Print a refusal in both languages and exit 2 (bad input, nothing changed)."""
    click.echo(f"error: {exc.message('ko')} / {exc.message('en')}", err=True)
    raise SystemExit(2)
