"""A slow webhook receiver: every delivery is answered 204, but only after a pause, as a
receiver behind a busy queue or a cold start answers. Each request holds its own thread, so a
hundred deliveries in flight wait in parallel, as they would at a real receiver."""

from __future__ import annotations

import threading

from tests.stubs import Recorded, RecordingServer


class SlowWebhookReceiver(RecordingServer):
    """Answers every request 204 after ``delay`` seconds (cut short when the server closes)."""

    def __init__(self, delay: float) -> None:
        super().__init__()
        self._delay = delay
        self._closing = threading.Event()
        # Deliveries arrive in bursts of the worker's activity slots: a longer accept queue
        # than the server's default of 5 (listening again only changes the backlog).
        self._server.socket.listen(256)
        # A sender that gives up (a worker stopped mid-flood) leaves the answer nowhere to go.
        self._server.handle_error = lambda request, client_address: None  # type: ignore[method-assign]

    def url(self, name: str) -> str:
        """A distinct endpoint URL on this receiver."""
        return f"{self.base_url}/hooks/{name}"

    def respond(self, request: Recorded) -> tuple[int, dict[str, str], bytes]:
        self._closing.wait(self._delay)
        return 204, {}, b""

    def __exit__(self, *exc: object) -> None:
        self._closing.set()
        super().__exit__(*exc)
