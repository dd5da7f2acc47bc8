"""`classroom billing close|verify`: open a session, call the service, commit."""

from __future__ import annotations

import sys

import click

from classroom.core.cli import app_of, fail
from classroom.core.errors import ClassroomError
from classroom.core.money import format_won
from classroom.leases import billing, ledger, programmes
from classroom.leases.rules.months import month_label

CLI_LANG = "en"  # the command line speaks English, like its help texts


@click.group("billing")
def billing_group() -> None:
    """ASP lease billing: close a month, verify the ledger."""


@billing_group.command("close")
@click.option("--month", required=True, help="Month to close, YYYY-MM (must be over in Seoul).")
@click.pass_context
def close(ctx: click.Context, month: str) -> None:
    """Create the month's invoices (idempotent: a second run changes nothing)."""
    app = app_of(ctx)
    with app.state.db.session() as session:
        try:
            result = billing.close_month(session, app.state.clock, None, billing.parse_month(month))
        except ClassroomError as exc:
            session.rollback()
            fail(exc)
        session.commit()
    label = month_label(result.month)
    if not result.changed:
        click.echo(f"{label}: already closed ({result.already_closed} invoice(s)); nothing changed.")
        return
    click.echo(
        f"{label}: {len(result.created)} invoice(s) created, total {format_won(result.total, 'en')}, "
        f"subsidy {format_won(result.subsidy, 'en')}, budget remaining {format_won(result.budget_remaining, 'en')}"
        + (f"; {result.already_closed} already closed" if result.already_closed else "")
    )


@billing_group.command("verify")
@click.option("--year", type=int, default=None, help="Only this programme year.")
@click.pass_context
def verify(ctx: click.Context, year: int | None) -> None:
    """Check ledger invariants; exits 1 when the books do not balance."""
    app = app_of(ctx)
    with app.state.db.session() as session:
        try:
            programme = programmes.get_programme(session, year) if year is not None else None
        except ClassroomError as exc:
            fail(exc)
        books = ledger.check(session, programme, CLI_LANG)
        session.rollback()
    if books.ok:
        click.echo("ledger ok: every invoice balances, subsidy within budget.")
        return
    for problem in books.problems:
        click.echo(f"{problem.scope}: {problem.message}", err=True)
    click.echo(f"{len(books.problems)} problem(s) found.", err=True)
    sys.exit(1)
