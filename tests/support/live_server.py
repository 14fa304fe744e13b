"""The real app served by uvicorn on a free port, as a deploy serves it."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn


@asynccontextmanager
async def serve_in_thread(config: uvicorn.Config) -> AsyncIterator[str]:
    """Run ``config`` in a thread with its own event loop (and so its own engine, as in
    production) and yield its base URL; stop it on exit."""
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        await asyncio.sleep(0.025)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://{config.host}:{config.port}"
    finally:
        server.should_exit = True
        await asyncio.to_thread(thread.join, 10)
