"""CORS for the codec server's routes only (api/routes/codec.py)."""

from __future__ import annotations

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

PREFIX = "/codec/"


class CodecCors:
    """CORS for the codec routes only, for the Temporal UI's origins: the rest of the API is
    not offered to browsers of other origins."""

    def __init__(self, app: ASGIApp, origins: tuple[str, ...]) -> None:
        self.app = app
        self.cors = CORSMiddleware(
            app,
            allow_origins=list(origins),
            allow_methods=["POST"],
            allow_headers=[
                "Authorization",
                "Content-Type",
                "X-Namespace",
                "AuditoryX-Organization",
            ],
            allow_credentials=True,
            max_age=600,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(PREFIX):
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)
