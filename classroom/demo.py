"""`classroom demo`: run every registered package's demo step, in the registry's order."""

from __future__ import annotations

from collections.abc import Sequence

import click
from sqlmodel import Session, select

from classroom.accounts.demo import DEMO_PASSWORD, DemoLogin, DemoResult, static_logins
from classroom.core.clock import Clock
from classroom.core.package import DemoStep
from classroom.core.security import Passwords
from classroom.institutions.models import Institution

__all__ = ["DEMO_PASSWORD", "DemoResult", "print_logins", "seed"]


def seed(
    session: Session,
    clock: Clock,
    passwords: Passwords,
    steps: Sequence[DemoStep] | None = None,
    *,
    only_if_empty: bool = False,
) -> DemoResult:
    from classroom.registry import registry

    if only_if_empty and session.exec(select(Institution.id)).first() is not None:
        return DemoResult(created=False)
    result = DemoResult(created=True)
    for step in registry().demo_steps if steps is None else steps:
        step(session, clock, passwords, result)
        session.flush()
    return result


def print_logins(result: DemoResult, base_url: str) -> None:
    if not result.created:
        click.echo("demo data already present (database not empty); logins below still work if unchanged.")
    click.echo("")
    click.echo(f"  데모 로그인 / demo logins  (password for all: {DEMO_PASSWORD})")
    click.echo(f"  {base_url}/login")
    click.echo("")
    click.echo(f"  {'role':<18} {'institution code':<17} e-mail")
    rows = result.logins or [
        DemoLogin(role, code, email, name) for role, code, email, name in static_logins()
    ]
    for login in rows:
        click.echo(
            f"  {login.role:<18} {login.institution_code or '(empty)':<17} {login.email}  {login.name}"
        )
    for note in result.notes:
        click.echo(f"  {note}")
    click.echo("")
