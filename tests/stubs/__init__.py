"""Local stand-ins for third-party services, and the stack that talks to them.

- :class:`RecordingServer`: a real HTTP (or HTTPS) server on 127.0.0.1 in a thread that records
  every request, so tests assert exactly what the real client library sent.
- :func:`self_signed_tls`: a certificate for 127.0.0.1, for services that must be https.
- :func:`chat_stack`: the real app (with the chat routers included) and a worker whose
  approval activities use the given chat channels, on the given Temporal environment.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import ssl
import threading
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from ipaddress import IPv4Address
from pathlib import Path
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit

import httpx
import psycopg
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy.ext.asyncio import AsyncEngine
from temporalio.client import WorkflowHandle
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from activities.approvals import ApprovalActivities
from channels.notice import Channel
from core.config import Settings
from core.db import create_sessionmaker


@dataclass(frozen=True)
class Recorded:
    """One request as it arrived on the wire."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def form(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.body.decode()).items()}


class RecordingServer:
    """Serves on 127.0.0.1:<free port> in a daemon thread; ``respond`` answers each request."""

    def __init__(self, tls: tuple[Path, Path] | None = None) -> None:
        self.requests: list[Recorded] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _handle(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                recorded = Recorded(
                    method=self.command,
                    path=parts.path,
                    query={k: v[0] for k, v in parse_qs(parts.query).items()},
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=self.rfile.read(length) if length else b"",
                )
                with server._lock:
                    server.requests.append(recorded)
                status, headers, body = server.respond(recorded)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = _handle

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.scheme = "http"
        if tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(str(tls[0]), str(tls[1]))
            self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
            self.scheme = "https"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self._server.server_address[1]}"

    def respond(self, request: Recorded) -> tuple[int, dict[str, str], bytes]:
        return 200, {"Content-Type": "application/json"}, b"{}"

    def recorded(self, predicate: Callable[[Recorded], bool] = lambda r: True) -> list[Recorded]:
        with self._lock:
            return [r for r in self.requests if predicate(r)]

    async def wait_for(
        self, predicate: Callable[[Recorded], bool], count: int = 1, timeout: float = 20.0
    ) -> list[Recorded]:
        """The matching requests once there are at least ``count`` of them."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            found = self.recorded(predicate)
            if len(found) >= count:
                return found
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"expected {count} matching requests, got {len(found)}")
            await asyncio.sleep(0.05)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def self_signed_tls(directory: Path) -> tuple[Path, Path, Path]:
    """(certificate, key, CA file) for 127.0.0.1; the certificate is its own CA."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(IPv4Address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path, cert_path


async def _quiet(handle: WorkflowHandle[Any, Any], timeout: float = 10.0) -> None:
    """Wait until no activity or workflow task of the workflow is in flight. The time-skipping
    test server keeps time skipping locked for good when a workflow is terminated while one
    of its activities runs, which stalls every later test's ``env.sleep``."""
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        raw = (await handle.describe()).raw_description
        if not raw.pending_activities and not raw.HasField("pending_workflow_task"):
            return
        await asyncio.sleep(0.05)


@contextlib.asynccontextmanager
async def chat_stack(
    env: WorkflowEnvironment,
    engine: AsyncEngine,
    settings: Settings,
    owner_conninfo: str,
    channels: Callable[[Any], Sequence[Channel]],
    app_state: dict[str, Any] | None = None,
) -> AsyncIterator[httpx.AsyncClient]:
    """The API with the integration routers, and a worker whose approval activities use
    ``channels(sessionmaker)``. Chains still open at the end are terminated, so no timer of
    theirs stalls the next test on the shared time-skipping server."""
    from api.app import create_app
    from tests.support.harness import deployment_for, route_to
    from workflows.approval import ApprovalChainWorkflow

    queue = f"chat-{uuid.uuid4().hex[:8]}"
    app = create_app(
        settings.model_copy(update={"temporal_task_queue": queue}),
        engine=engine,
        temporal_client=env.client,
    )
    for name, value in (app_state or {}).items():
        setattr(app.state, name, value)
    sessionmaker = create_sessionmaker(engine)
    approvals = ApprovalActivities(sessionmaker, channels=list(channels(sessionmaker)))
    worker = Worker(
        env.client,
        task_queue=queue,
        workflows=[ApprovalChainWorkflow],
        activities=[
            approvals.resolve_approvers,
            approvals.notify,
            approvals.record_decision,
            approvals.step_finished,
            approvals.apply_outcome,
        ],
        graceful_shutdown_timeout=timedelta(seconds=20),  # as worker.build_worker
        deployment_config=deployment_for(queue),
    )
    async with app.router.lifespan_context(app), worker:
        await route_to(env, worker)
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        )
        try:
            yield client
        finally:
            await client.aclose()
            with psycopg.connect(owner_conninfo) as conn:
                open_chains = conn.execute(
                    "SELECT workflow_id FROM approval_requests WHERE status = 'pending'"
                ).fetchall()
            for (workflow_id,) in open_chains:
                handle = env.client.get_workflow_handle(workflow_id)
                with contextlib.suppress(Exception):
                    await _quiet(handle)
                    await handle.terminate("test over")
