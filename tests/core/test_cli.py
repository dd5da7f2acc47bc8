from __future__ import annotations

from click.testing import CliRunner

from classroom.cli import main


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
