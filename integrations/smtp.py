"""Sending e-mail over SMTP. Knows nothing of Temporal or FastAPI.

Failures are the shared family of ``integrations/errors.py``: :class:`Rejected` when retrying
will not help (a refused recipient or sender; :class:`Unauthorized` for refused credentials),
:class:`Unavailable` for everything else (the server unreachable, a timeout, a temporary
refusal).
"""

from __future__ import annotations

import asyncio
import smtplib
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid, parseaddr

from core.config import Settings
from integrations.errors import Rejected, Unauthorized, Unavailable

PROVIDER = "smtp"


@dataclass(frozen=True, slots=True)
class Mail:
    to: str
    subject: str
    text: str
    html: str
    reply_to: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    # The name the recipient sees (an organization's brand); the address stays the
    # deployment's own, the one its SPF and DKIM vouch for.
    sender_name: str | None = None


def _clean_header(value: str) -> str:
    # No header injection: a subject or address never carries a line break.
    return " ".join(value.replace("\r", " ").replace("\n", " ").split())


class SmtpMailer:
    def __init__(
        self,
        host: str,
        port: int,
        *,
        sender: str,
        username: str = "",
        password: str = "",
        starttls: bool = False,
        timeout: float = 15.0,
    ) -> None:
        self._host, self._port, self._sender = host, port, sender
        self._username, self._password = username, password
        self._starttls, self._timeout = starttls, timeout

    @classmethod
    def from_settings(cls, settings: Settings) -> SmtpMailer | None:
        """The deployment's mail server, or ``None`` when ``SMTP_HOST`` is not set."""
        if not settings.smtp_host:
            return None
        return cls(
            settings.smtp_host,
            settings.smtp_port,
            sender=settings.email_from,
            username=settings.smtp_username,
            password=settings.smtp_password,
            starttls=settings.smtp_starttls,
        )

    def _message(self, mail: Mail) -> EmailMessage:
        message = EmailMessage()
        message["From"] = (
            formataddr((_clean_header(mail.sender_name), parseaddr(self._sender)[1]))
            if mail.sender_name and mail.sender_name.strip()
            else self._sender
        )
        message["To"] = _clean_header(mail.to)
        message["Subject"] = _clean_header(mail.subject)
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(domain="auditoryx")
        if mail.reply_to:
            message["Reply-To"] = _clean_header(mail.reply_to)
        for name, value in mail.headers.items():
            message[_clean_header(name)] = _clean_header(value)
        message.set_content(mail.text)
        message.add_alternative(mail.html, subtype="html")
        return message

    def _send_blocking(self, message: EmailMessage) -> None:
        try:
            with smtplib.SMTP(self._host, self._port, timeout=self._timeout) as client:
                if self._starttls:
                    client.starttls()
                if self._username:
                    client.login(self._username, self._password)
                client.send_message(message)
        except smtplib.SMTPAuthenticationError as exc:
            raise Unauthorized(str(exc), provider=PROVIDER) from exc
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused) as exc:
            raise Rejected(str(exc), provider=PROVIDER) from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise Unavailable(str(exc) or type(exc).__name__, provider=PROVIDER) from exc

    async def send(self, mail: Mail) -> None:
        await asyncio.to_thread(self._send_blocking, self._message(mail))
