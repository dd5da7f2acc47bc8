"""Bodies of `classroom billing close|verify`: open a session, call the service, commit."""

from __future__ import annotations

import click
from fastapi import FastAPI

from classroom.core.errors import ClassroomError
from classroom.core.money import format_won
from classroom.leases import billing, ledger, programmes


def close(app: FastAPI, month_text: str) -> int:
    with app.state.db.session() as session:
        try:
            result = billing.close_month(session, app.state.clock, None, billing.parse_month(month_text))
        except ClassroomError as exc:
            session.rollback()
            click.echo(f"error: {exc.message('ko')} / {exc.message('en')}", err=True)
            return 2
        session.commit()
    label = billing.month_label(result.month)
    if not result.changed:
        click.echo(f"{label}: already closed ({result.already_closed} invoice(s)); nothing changed.")
        return 0
    click.echo(f"{label}: {len(result.created)} invoice(s) created, total {format_won(result.total)}, "
               f"subsidy {format_won(result.subsidy)}, budget remaining {format_won(result.budget_remaining)}"
               + (f"; {result.already_closed} already closed" if result.already_closed else ""))
    return 0


def verify(app: FastAPI, year: int | None) -> int:
    with app.state.db.session() as session:
        try:
            programme = programmes.get_programme(session, year) if year is not None else None
        except ClassroomError as exc:
            click.echo(f"error: {exc.message('ko')} / {exc.message('en')}", err=True)
            return 2
        problems = ledger.verify(session, programme)
        session.rollback()
    if not problems:
        click.echo("ledger ok: every invoice balances, subsidy within budget.")
        return 0
    for problem in problems:
        click.echo(f"{problem.scope}: {problem.message}", err=True)
    click.echo(f"{len(problems)} problem(s) found.", err=True)
    return 1
