"""Locate the distro Chromium and launch it through Playwright.

The system browser is used instead of `playwright install` because the test
machines have no network access for Playwright's own browser download.
"""

from __future__ import annotations

import os
import shutil
from typing import Any

# --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
# The rest stop Chromium from reaching out to the network (only loopback
# exists) and from relying on a small /dev/shm in containers.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def find_chromium() -> str | None:
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium") or shutil.which("chromium-browser")


def available() -> str | None:
    """None when launch() can work here, else why not."""
    if find_chromium() is None:
        return "Chromium not found (/usr/bin/chromium, chromium, chromium-browser)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed"
    return None


def launch(playwright: Any, **kwargs: Any) -> Any:
    """Headless Browser from a sync or async Playwright instance."""
    executable = find_chromium()
    if executable is None:
        raise RuntimeError(available())
    args = [*LAUNCH_ARGS, *kwargs.pop("args", [])]
    return playwright.chromium.launch(headless=True, executable_path=executable, args=args, **kwargs)
