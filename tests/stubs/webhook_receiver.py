"""A webhook receiver: records every delivery and answers from a script of status codes."""

from __future__ import annotations

import threading
from collections.abc import Iterable

from tests.stubs import Recorded, RecordingServer


class WebhookReceiver(RecordingServer):
    """Answers the statuses of ``script`` in order, then ``then`` for every later request."""

    def __init__(self, script: Iterable[int] = (), then: int = 200) -> None:
        super().__init__()
        self._script = list(script)
        self._then = then
        self._script_lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"{self.base_url}/hooks/auditoryx"

    def respond(self, request: Recorded) -> tuple[int, dict[str, str], bytes]:
        with self._script_lock:
            status = self._script.pop(0) if self._script else self._then
        headers = {"Content-Type": "text/plain"}
        if 300 <= status < 400:
            headers["Location"] = "http://169.254.169.254/latest/meta-data/"
        return status, headers, f"answered {status}".encode()
