"""FastAPI's native OpenTelemetry is a setting, off by default."""

from __future__ import annotations


def test_opentelemetry_is_off_unless_asked_for(tmp_path) -> None:
    from classroom.app import create_app
    from classroom.core.settings import Settings

    def app(**extra: object):
        return create_app(
            Settings(environment="test", data_dir=tmp_path, secret_key="test-secret-key-0123456789", **extra)
        )

    quiet = app()._telemetry  # type: ignore[attr-defined]
    assert (quiet["tracing"], quiet["metrics"], quiet["logs"]) == (False, False, False)
    asked = app(opentelemetry=True)._telemetry  # type: ignore[attr-defined]
    assert (asked["tracing"], asked["metrics"], asked["logs"]) == (True, True, True)
