"""The real app served by uvicorn on a free port, as a deploy serves it."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn


@asynccontextmanager
async def serve(config: uvicorn.Config, *, own_loop: bool = True) -> AsyncIterator[str]:
    """Serve ``config`` and yield its base URL; stop it on exit.

    ``own_loop``: in a thread with its own event loop (and so its own engine, as in
    production); otherwise as a task on the caller's loop, for an app handed the test's engine.
    """
    server = uvicorn.Server(config)
    if own_loop:
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
    else:
        task = asyncio.create_task(server.serve())
    for _ in range(200):
        if server.started:
            break
        await asyncio.sleep(0.025)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://{config.host}:{config.port}"
    finally:
        server.should_exit = True
        if own_loop:
            await asyncio.to_thread(thread.join, 10)
        else:
            await asyncio.wait_for(task, timeout=20)
