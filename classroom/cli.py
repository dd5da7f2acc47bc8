"""The `classroom` command: serve, migrate, demo, create-operator, billing."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

from classroom.core.settings import WILDCARD_HOSTS, Settings

if TYPE_CHECKING:
    from fastapi import FastAPI


def _app() -> FastAPI:
    from classroom.core.startup import quiet_start

    with quiet_start():
        from classroom.app import create_app

        return create_app(Settings())


@click.group()
@click.pass_context
def main(ctx: click.Context) -> None:
    """스마트훈련 온라인 강의실 / smart-training classroom service."""
    ctx.obj = _app  # packages' commands build the app through `core.cli.app_of`


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int)
@click.option("--reload", is_flag=True, help="Restart on code changes (development).")
def serve(host: str, port: int, workers: int, reload: bool) -> None:
    """Serve the web app and API."""
    import uvicorn

    from classroom.core.migrate import pending

    app = _app()
    behind = pending(app.state.db.engine)
    app.state.db.dispose()
    if behind:
        # Serving an unmigrated database would answer every request with a server error.
        click.echo(
            "데이터베이스가 최신 스키마가 아닙니다. 먼저 `classroom migrate`를 실행하세요.\n"
            "The database schema is not up to date: run `classroom migrate` first.",
            err=True,
        )
        sys.exit(2)

    # Links the app hands out (calendar feeds, check-in codes, the live room's origin check)
    # follow the port actually served unless CLASSROOM_BASE_URL says otherwise; the worker
    # processes uvicorn starts build their settings from the environment, so it goes there.
    settings = app.state.settings
    url = settings.served_base_url(host, port)
    os.environ["CLASSROOM_BASE_URL"] = url
    click.echo(f"강의실 / classroom: {url}/login")
    if host in WILDCARD_HOSTS and "base_url" not in settings.model_fields_set:
        click.echo(
            "  다른 기기에서 접속할 주소는 CLASSROOM_BASE_URL로 지정하세요 (예: http://192.168.0.10:"
            f"{port}).\n  Set CLASSROOM_BASE_URL to the address other devices use (e.g. "
            f"http://192.168.0.10:{port})."
        )
    uvicorn.run(
        "classroom.asgi:app",
        host=host,
        port=port,
        workers=workers if not reload else 1,
        reload=reload,
        proxy_headers=True,
        log_level="info",
        # Live rooms: the websockets protocol with the room's frame writer (classroom/live/
        # transport.py), no per-message compression (it would cost per connection and the
        # room's frames are encoded once for everyone: bench/live_fanout.py has the figures),
        # pings every 20 s: a participant that stops answering is lost after 20 s more, and
        # messages of at most 64 KiB (the largest valid command is a few KiB; uvicorn's 16 MiB
        # default would let each socket make the server buffer 16 MiB).
        ws="classroom.live.transport:FanoutProtocol",
        ws_max_size=64 * 1024,
        ws_per_message_deflate=False,
        ws_ping_interval=20.0,
        ws_ping_timeout=20.0,
    )


@main.command()
def migrate() -> None:
    """Apply database migrations up to the newest revision."""
    from classroom.core.migrate import upgrade

    app = _app()
    upgrade(app.state.db.engine)
    click.echo(f"migrated: {app.state.db.engine.url.render_as_string(hide_password=True)}")


@main.command()
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has institutions.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Host `classroom serve` will listen on.")
@click.option(
    "--port", default=8000, show_default=True, type=int, help="Port `classroom serve` will listen on."
)
def demo(if_empty: bool, host: str, port: int) -> None:
    """Seed realistic demo data and print the demo logins."""
    from classroom.demo import print_logins, seed

    app = _app()
    with app.state.db.session() as session:
        result = seed(session, app.state.clock, app.state.passwords, only_if_empty=if_empty)
        session.commit()
    print_logins(result, app.state.settings.served_base_url(host, port))


@main.command()
@click.option("--threads", default=2, show_default=True, type=int, help="Jobs run at the same time.")
def worker(threads: int) -> None:
    """Run queued jobs (roster imports, month closes…) in the foreground until stopped.

    Use with CLASSROOM_JOBS_URL=redis://… and CLASSROOM_JOBS_WORKERS=0 on the app processes, so
    jobs run here instead of inside the web processes. With the default SQLite queue the app
    runs jobs itself and no worker is needed."""
    app = _app()
    app.state.jobs.recover()
    click.echo(f"worker: {threads} thread(s) on the {app.state.queue.backend} queue")
    try:
        app.state.queue.run_forever(threads)
    finally:
        app.state.db.dispose()


@main.command("create-operator")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--inspector", is_flag=True, help="Create a read-only inspector instead.")
def create_operator(email: str, name: str, password: str, inspector: bool) -> None:
    """Create a platform operator (or inspector) account."""
    from classroom.accounts.service import insert_user
    from classroom.core.errors import ClassroomError
    from classroom.core.tenancy import Role

    app = _app()
    with app.state.db.session() as session:
        try:
            created = insert_user(
                session,
                app.state.clock,
                app.state.passwords,
                institution_id=None,
                email=email,
                name=name,
                role=Role.INSPECTOR if inspector else Role.OPERATOR,
                password=password,
            )
        except ClassroomError as exc:
            click.echo(f"error: {exc.message('ko')} / {exc.message('en')}", err=True)
            sys.exit(2)
        session.commit()
    click.echo(f"created {created.user.role}: {created.user.email}")


def _add_package_commands() -> None:
    from classroom.registry import registry

    for entry in registry():
        for command in entry.package.commands:
            main.add_command(command)


_add_package_commands()

if __name__ == "__main__":
    main()
