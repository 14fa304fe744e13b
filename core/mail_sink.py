"""The development mail sink: a local SMTP server (aiosmtpd) that keeps every message it
receives as an ``.eml`` file, so ``auditoryx dev`` can send real mail that never leaves the
machine and ``auditoryx mail`` can list it."""

from __future__ import annotations

import email
import time
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller


class _Keep:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        name = f"{time.time_ns()}.eml"
        (self.directory / name).write_bytes(envelope.content)
        return "250 OK"


class MailSink:
    """Accepts any message on ``127.0.0.1:port`` and stores it in ``directory``."""

    def __init__(self, directory: Path, port: int) -> None:
        self.directory = directory
        self.port = port
        self._controller: Controller | None = None

    def start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self._controller = Controller(_Keep(self.directory), hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@dataclass(frozen=True, slots=True)
class StoredMail:
    path: Path
    message: EmailMessage

    @property
    def summary(self) -> str:
        m = self.message
        return f"{m['Date'] or '':31}  {m['To'] or '':32}  {m['Subject'] or ''}"

    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain", "html"))
        return part.get_content() if part is not None else ""


def stored_mail(directory: Path) -> list[StoredMail]:
    """Messages the sink received, oldest first."""
    if not directory.is_dir():
        return []
    out = []
    for path in sorted(directory.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=default)
        assert isinstance(message, EmailMessage)
        out.append(StoredMail(path, message))
    return out
