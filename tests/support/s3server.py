"""A real S3 server for the tests: moto's server mode on a free loopback port, once per test
process (MinioStore's contract tests and the S3 delivery tests talk HTTP to it)."""

from __future__ import annotations

import atexit
import socket
import time
from typing import Any

ACCESS_KEY = "classroom-test"
SECRET_KEY = "classroom-test-secret"

_server: Any = None
_endpoint: str | None = None


def available() -> str | None:
    try:
        import moto.server  # noqa: F401
    except ImportError:
        return "moto[server] is not installed (pip install -e '.[test]')"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def endpoint() -> str:
    """host:port of the running server (started on first use)."""
    global _server, _endpoint
    if _endpoint is not None:
        return _endpoint
    from moto.server import ThreadedMotoServer

    port = _free_port()
    _server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    _server.start()
    atexit.register(_server.stop)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                _endpoint = f"127.0.0.1:{port}"
                return _endpoint
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("moto server did not start")
