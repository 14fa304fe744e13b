"""Receive AuditoryX webhooks: verify each delivery's signature, then act on the event.

    AUDITORYX_API_KEY=ax_live_… python consume_webhooks.py https://hooks.example/auditoryx 8080

Registers an endpoint for the URL (its secret is shown once, at creation) and serves
``POST /`` on the port. Answer 2xx quickly; a delivery that fails is retried for about a day,
always with the same ``webhook-id``, so handle each id once.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from auditoryx import Client, WebhookVerificationError
from auditoryx.webhooks import Webhook

EVENT_TYPES = ["booking.confirmed", "booking.cancelled", "approval.decided", "client.created"]


class Receiver:
    """Verifies deliveries and hands each new event to ``on_event`` once."""

    def __init__(self, secret: str, on_event: Callable[[dict[str, Any]], None]) -> None:
        self.webhook = Webhook(secret)
        self.on_event = on_event
        self.seen: set[str] = set()

    def handle(self, body: bytes, headers: Mapping[str, str]) -> int:
        """The status to answer a delivery with."""
        try:
            event = self.webhook.verify(body, headers)
        except WebhookVerificationError:
            return 400
        if event["id"] not in self.seen:
            self.seen.add(event["id"])
            self.on_event(event)
        return 204

    def server(self, port: int) -> ThreadingHTTPServer:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.send_response(receiver.handle(body, dict(self.headers.items())))
                self.end_headers()

        return ThreadingHTTPServer(("0.0.0.0", port), Handler)


def register(client: Client, url: str) -> str:
    """Create the endpoint; return its signing secret."""
    endpoint = client.webhook_endpoints.create(url=url, event_types=EVENT_TYPES)
    assert endpoint.secret is not None
    return endpoint.secret


def main(argv: list[str]) -> int:
    with Client() as client:
        secret = register(client, argv[1])
    receiver = Receiver(secret, lambda event: print(event["type"], event["data"].get("id")))
    receiver.server(int(argv[2]) if len(argv) > 2 else 8080).serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
