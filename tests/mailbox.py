"""A real SMTP server on loopback for tests: the `mailbox` fixture.

Django sends through its SMTP backend to an aiosmtpd server on a free 127.0.0.1 port, so a
test sees exactly what a mail server would receive (headers, encoding, links)."""

import email
import re
import socket
from email import policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

_LINK = re.compile(r"https?://[^\s<>\"]+")


class Mailbox:
    """The messages received so far, parsed, oldest first."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd API)
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def __len__(self) -> int:
        return len(self.messages)

    def to(self, address: str) -> list[EmailMessage]:
        """Messages whose envelope recipients include `address`."""
        return [m for m in self.messages if address.lower() in m["X-Envelope-To"].lower()]

    def last(self) -> EmailMessage:
        assert self.messages, "no mail was received"
        return self.messages[-1]

    def clear(self) -> None:
        self.messages.clear()

    @staticmethod
    def text_body(message: EmailMessage) -> str:
        part = message.get_body(preferencelist=("plain", "html"))
        return part.get_content() if part else ""

    @classmethod
    def first_link(cls, message: EmailMessage) -> str:
        match = _LINK.search(cls.text_body(message))
        assert match, "the mail contains no link"
        return match.group(0)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def mailbox(settings):
    """Start an SMTP server and point Django's default mailer (its SMTP backend) at it;
    yields the Mailbox."""
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=_free_port())
    controller.start()
    smtp = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 5},
    }
    settings.MAILERS = {**settings.MAILERS, "default": smtp}
    try:
        yield box
    finally:
        controller.stop()
