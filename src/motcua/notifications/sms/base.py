"""The SMS provider interface: what a gateway module implements (one module per provider,
chosen by name in settings.MOTCUA_SMS_PROVIDER, see registry.py)."""

from abc import ABC, abstractmethod


class SmsError(Exception):
    """The provider could not take the message; the delivery is retried later."""


class SmsProvider(ABC):
    @abstractmethod
    def send(self, to: str, text: str, *, reference: str) -> None:
        """Send `text` to the phone number `to`; raise SmsError when it was not accepted.
        `reference` is unique per message: a provider that supports it passes it on so that
        a message retried after a lost answer is not delivered twice."""
