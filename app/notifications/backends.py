"""Mail backends: where the outbox delivers. Chosen by the MAIL_BACKEND setting."""

from __future__ import annotations

import smtplib
import sys
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

from flask import Flask


class MailBackend(Protocol):
    """Delivers one message or raises."""

    def send(self, message: EmailMessage) -> None: ...


class ConsoleBackend:
    """Development: print the message to standard output."""

    def send(self, message: EmailMessage) -> None:
        print(message.as_string(), file=sys.stdout, flush=True)


class FileBackend:
    """Development: one .eml file per message in a folder."""

    def __init__(self, folder: str) -> None:
        self.folder = Path(folder)

    def send(self, message: EmailMessage) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = message["Message-ID"].strip("<>").replace("@", "_")
        (self.folder / f"{name}.eml").write_bytes(bytes(message))


class MemoryBackend:
    """Tests: keep sent messages in a list."""

    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []

    def send(self, message: EmailMessage) -> None:
        self.sent.append(message)


class SMTPBackend:
    """Production: an SMTP relay."""

    def __init__(self, app: Flask) -> None:
        self.host = app.config["MAIL_SERVER"]
        self.port = app.config["MAIL_PORT"]
        self.username = app.config["MAIL_USERNAME"]
        self.password = app.config["MAIL_PASSWORD"]
        self.use_tls = app.config["MAIL_USE_TLS"]

    def send(self, message: EmailMessage) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=30) as smtp:
            if self.use_tls:
                smtp.starttls()
            if self.username:
                smtp.login(self.username, self.password or "")
            smtp.send_message(message)


def backend_for(app: Flask) -> MailBackend:
    """The backend the app is configured for, created once per app."""
    backend = app.extensions.get("mail_backend")
    if backend is None:
        kind = app.config["MAIL_BACKEND"]
        if kind == "console":
            backend = ConsoleBackend()
        elif kind == "file":
            backend = FileBackend(app.config["MAIL_FILE_DIR"])
        elif kind == "memory":
            backend = MemoryBackend()
        elif kind == "smtp":
            backend = SMTPBackend(app)
        else:
            raise RuntimeError(f"unknown MAIL_BACKEND {kind!r}")
        app.extensions["mail_backend"] = backend
    return backend
