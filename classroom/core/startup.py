"""Building the app with the garbage collector paused.

Importing every package and building the app makes some 300,000 objects (models, routes,
schemas) that live as long as the process. With the collector running, its full passes over them
took about 1.5 s of a 7–8 s start here (`python -X importtime` shows them as large "self" times
of whichever module happened to be importing), and every server process and test worker pays
that. The entry points (the ASGI module, the CLI, the test session) build with it paused, then
move what they built into the permanent generation (`gc.freeze`): later full passes skip those
objects instead of walking them again, which would otherwise stall a serving process for a few
hundred milliseconds each time.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def quiet_start() -> Iterator[None]:
    """Pause collection while the block builds long-lived objects; freeze them at its end."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        finish_start(enabled)


def finish_start(enable: bool = True) -> None:
    """What `quiet_start` does at the end, for an entry point that paused collection itself."""
    gc.freeze()
    if enable:
        gc.enable()
