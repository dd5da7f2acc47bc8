from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from classroom.cli import main
from classroom.core.settings import Settings, local_url


def test_serve_refuses_an_unmigrated_database(tmp_path, monkeypatch):
    monkeypatch.setenv("CLASSROOM_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("CLASSROOM_DATABASE_URL", raising=False)
    result = CliRunner().invoke(main, ["serve", "--port", "1"])
    assert result.exit_code == 2
    assert "classroom migrate" in result.output


def test_migrate_demo_and_create_operator(tmp_path, monkeypatch):
    monkeypatch.setenv("CLASSROOM_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CLASSROOM_ARGON2_TIME_COST", "1")
    monkeypatch.setenv("CLASSROOM_ARGON2_MEMORY_KIB", "1024")
    monkeypatch.delenv("CLASSROOM_DATABASE_URL", raising=False)
    runner = CliRunner()
    assert runner.invoke(main, ["migrate"]).exit_code == 0
    first = runner.invoke(main, ["demo", "--if-empty"])
    assert first.exit_code == 0, first.output
    assert "admin@hanbit.example" in first.output and "demo-pass-2026" in first.output
    again = runner.invoke(main, ["demo", "--if-empty"])
    assert again.exit_code == 0 and "already present" in again.output
    created = runner.invoke(
        main,
        ["create-operator", "--email", "boss@step.example", "--name", "장운영", "--password", "op-pass-2026"],
    )
    assert created.exit_code == 0 and "operator" in created.output
    duplicate = runner.invoke(
        main,
        ["create-operator", "--email", "boss@step.example", "--name", "장운영", "--password", "op-pass-2026"],
    )
    assert duplicate.exit_code == 2 and "already registered" in duplicate.output


@pytest.fixture
def unset_base_url(monkeypatch):
    """No CLASSROOM_BASE_URL in the environment; whatever `serve` puts there is removed after."""
    monkeypatch.delenv("CLASSROOM_BASE_URL", raising=False)
    monkeypatch.setenv("CLASSROOM_ARGON2_TIME_COST", "1")
    monkeypatch.setenv("CLASSROOM_ARGON2_MEMORY_KIB", "1024")
    monkeypatch.delenv("CLASSROOM_DATABASE_URL", raising=False)
    yield
    os.environ.pop("CLASSROOM_BASE_URL", None)


def _serve(monkeypatch, *args: str) -> tuple[str, dict[str, object], str | None]:
    """Run `classroom serve` up to uvicorn (not started): its output, uvicorn's arguments, and
    the base URL the worker processes would read from the environment."""
    seen: dict[str, object] = {}
    monkeypatch.setattr("uvicorn.run", lambda app, **kwargs: seen.update(kwargs, app=app))
    result = CliRunner().invoke(main, ["serve", *args])
    assert result.exit_code == 0, result.output
    return result.output, seen, os.environ.get("CLASSROOM_BASE_URL")


def test_serve_prints_the_port_served_and_links_follow_it(tmp_path, monkeypatch, unset_base_url):
    monkeypatch.setenv("CLASSROOM_DATA_DIR", str(tmp_path))
    assert CliRunner().invoke(main, ["migrate"]).exit_code == 0
    output, seen, base_url = _serve(monkeypatch, "--port", "8123")
    assert seen["port"] == 8123 and "http://127.0.0.1:8123/login" in output
    assert "8000" not in output
    # The workers uvicorn starts build their settings (calendar feed links…) from the environment.
    assert base_url == "http://127.0.0.1:8123" and Settings().base_url == base_url
    # A wildcard host is reached from this machine as 127.0.0.1, with a word on other devices.
    os.environ.pop("CLASSROOM_BASE_URL")
    output, _, base_url = _serve(monkeypatch, "--host", "0.0.0.0", "--port", "8124")
    assert base_url == "http://127.0.0.1:8124" and "CLASSROOM_BASE_URL" in output


def test_an_explicit_base_url_wins_over_the_port(tmp_path, monkeypatch, unset_base_url):
    monkeypatch.setenv("CLASSROOM_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CLASSROOM_BASE_URL", "https://class.example.kr")
    assert CliRunner().invoke(main, ["migrate"]).exit_code == 0
    output, seen, base_url = _serve(monkeypatch, "--port", "8125")
    assert seen["port"] == 8125
    assert base_url == "https://class.example.kr" and "https://class.example.kr/login" in output


def test_demo_logins_name_the_port_make_run_serves(tmp_path, monkeypatch, unset_base_url):
    monkeypatch.setenv("CLASSROOM_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    assert runner.invoke(main, ["migrate"]).exit_code == 0
    # `make run PORT=8080` runs `classroom demo --port 8080` before serving on that port.
    seeded = runner.invoke(main, ["demo", "--if-empty", "--port", "8080"])
    assert seeded.exit_code == 0, seeded.output
    assert "http://127.0.0.1:8080/login" in seeded.output and ":8000" not in seeded.output


@pytest.mark.parametrize(
    ("host", "port", "url"),
    [
        ("127.0.0.1", 8000, "http://127.0.0.1:8000"),
        ("0.0.0.0", 8080, "http://127.0.0.1:8080"),
        ("::", 9000, "http://127.0.0.1:9000"),
        ("::1", 9001, "http://[::1]:9001"),
        ("class.local", 80, "http://class.local:80"),
    ],
)
def test_local_url(host, port, url):
    assert local_url(host, port) == url
