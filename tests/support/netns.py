"""A throwaway network namespace for WebRTC tests: Janus never offers loopback ICE candidates,
and media must not go over the machine's network, so Janus, the app and the clients share a
namespace holding one veth pair whose two ends both live in it (10.99.0.1/24, 10.99.0.2/24).

Processes start inside it with `ip netns exec`; Python code of the test process enters it per
thread (`setns(2)` moves only the calling thread, and children forked from that thread —
Playwright's driver and its Chromium — are born inside)."""

from __future__ import annotations

import atexit
import concurrent.futures
import ctypes
import os
import shutil
import socket
import subprocess
import threading
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
CLONE_NEWNET = 0x40000000
JANUS_IP = "10.99.0.1"
PEER_IP = "10.99.0.2"


def available() -> str | None:
    """None when namespaces can be made here, else why not."""
    if os.geteuid() != 0:
        return "network namespaces need root (media tests run Janus in a namespace of their own)"
    if shutil.which("ip") is None:
        return "the ip command (iproute2) is not installed"
    return None


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True)


class Namespace:
    def __init__(self) -> None:
        self.name = f"classroom-{uuid.uuid4().hex[:10]}"
        self._pool: concurrent.futures.ThreadPoolExecutor | None = None

    def create(self) -> Namespace:
        _ip("netns", "add", self.name)
        atexit.register(self.remove)
        try:
            _ip("-n", self.name, "link", "set", "lo", "up")
            _ip("-n", self.name, "link", "add", "v0", "type", "veth", "peer", "name", "v1")
            _ip("-n", self.name, "addr", "add", f"{JANUS_IP}/24", "dev", "v0")
            _ip("-n", self.name, "addr", "add", f"{PEER_IP}/24", "dev", "v1")
            _ip("-n", self.name, "link", "set", "v0", "up")
            _ip("-n", self.name, "link", "set", "v1", "up")
        except BaseException:
            self.remove()
            raise
        return self

    def remove(self) -> None:
        atexit.unregister(self.remove)
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        subprocess.run(["ip", "netns", "delete", self.name], capture_output=True)

    def command(self, args: list[str]) -> list[str]:
        """`args` run inside the namespace."""
        return ["ip", "netns", "exec", self.name, *args]

    def enter(self) -> None:
        """Move the calling thread into the namespace (for good)."""
        libc = ctypes.CDLL(None, use_errno=True)
        fd = os.open(f"/run/netns/{self.name}", os.O_RDONLY)
        try:
            if libc.setns(fd, CLONE_NEWNET) != 0:
                raise OSError(ctypes.get_errno(), "setns failed")
        finally:
            os.close(fd)

    def run(self, fn: Callable[..., T], *args: Any, timeout: float | None = 300, **kwargs: Any) -> T:
        """Call `fn` in the namespace's own thread (one thread, so Playwright's sync API and
        an event loop kept there stay usable between calls)."""
        if threading.current_thread().name.startswith(self.name):
            return fn(*args, **kwargs)  # already there (a call from inside a scenario)
        if self._pool is None:
            self._pool = concurrent.futures.ThreadPoolExecutor(
                1, thread_name_prefix=self.name, initializer=self.enter
            )
        return self._pool.submit(fn, *args, **kwargs).result(timeout)

    def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Call `fn` in a fresh thread inside the namespace (from any thread, even while the
        namespace's own thread is busy running a scenario)."""
        result: list[Any] = []

        def target() -> None:
            try:
                self.enter()
                result.append((True, fn(*args, **kwargs)))
            except BaseException as error:  # handed to the caller
                result.append((False, error))

        thread = threading.Thread(target=target, name=f"{self.name}-call")
        thread.start()
        thread.join()
        ok, value = result[0]
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

    def free_port(self, host: str = JANUS_IP) -> int:
        def pick() -> int:
            with socket.socket() as sock:
                sock.bind((host, 0))
                return int(sock.getsockname()[1])

        return self.run(pick)

    def __enter__(self) -> Namespace:
        return self.create()

    def __exit__(self, *exc: object) -> None:
        self.remove()
