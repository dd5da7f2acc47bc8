"""Reference servers for bench/live_fanout.py, each run in its own process.

- `bare`: the `websockets` library's own server, relaying each message with
  `websockets.broadcast` (the baseline the issue names).
- `asgi-send`: uvicorn (sans-I/O websockets protocol) and a raw ASGI app awaiting
  `send()` per client: what a plain FastAPI send loop costs, without any room logic.
- `asgi-wsproto`: as `asgi-send`, on uvicorn's `wsproto` implementation instead (wsproto must
  be importable; it is not a dependency of the app).
- `asgi-frames`: uvicorn with `classroom.live.transport.FanoutProtocol`, writing one
  pre-encoded frame to every transport: the write path the classroom room uses, alone.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any


def _pin(cpu: int | None) -> None:
    if cpu is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {cpu})


def run_bare(port: int, cpu: int | None) -> None:
    _pin(cpu)
    import uvloop
    from websockets.asyncio.server import broadcast, serve

    clients: set[Any] = set()

    async def handler(websocket: Any) -> None:
        clients.add(websocket)
        try:
            async for message in websocket:
                broadcast(clients, message)
        finally:
            clients.discard(websocket)

    async def main() -> None:
        # compression=None: the bench clients do not offer it, so this only makes it explicit.
        async with serve(handler, "127.0.0.1", port, compression=None, max_queue=None) as server:
            await server.serve_forever()

    uvloop.run(main())


def _raw_app(mode: str) -> Any:
    from classroom.live.transport import EXTENSION, text_frame

    clients: dict[int, tuple[Any, Any]] = {}

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        await receive()  # websocket.connect
        await send({"type": "websocket.accept"})
        protocol = scope["extensions"].get(EXTENSION, {}).get("protocol")
        key = id(send)
        clients[key] = (send, protocol)
        try:
            while True:
                message = await receive()
                if message["type"] == "websocket.disconnect":
                    return
                text = message.get("text") or ""
                if mode == "asgi-frames":
                    frame = text_frame(text.encode())
                    for _, proto in list(clients.values()):
                        proto.write_frame(frame)
                else:
                    event = {"type": "websocket.send", "text": text}
                    for peer, _ in list(clients.values()):
                        with contextlib.suppress(Exception):
                            await peer(event)
        finally:
            clients.pop(key, None)

    return app


def run_asgi(port: int, cpu: int | None, mode: str) -> None:
    _pin(cpu)
    import uvicorn

    ws = {"asgi-frames": "classroom.live.transport:FanoutProtocol", "asgi-wsproto": "wsproto"}.get(
        mode, "websockets-sansio"
    )
    uvicorn.run(
        _raw_app(mode),
        host="127.0.0.1",
        port=port,
        ws=ws,
        ws_per_message_deflate=False,
        log_level="warning",
        loop="uvloop",
        http="httptools",
        lifespan="off",
    )


if __name__ == "__main__":
    kind, port_text = sys.argv[1], sys.argv[2]
    cpu = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[3] != "-" else None
    if kind == "bare":
        run_bare(int(port_text), cpu)
    else:
        run_asgi(int(port_text), cpu, kind)
