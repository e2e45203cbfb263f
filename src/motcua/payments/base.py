"""What a payment gateway provider implements. The rest of MotCua talks to this class only
(through `registry.get_provider`); a province plugs in its gateway with one module.

A provider translates between its wire protocol and `Outcome`; it never changes the
database. Whether an outcome is believed (signature, order, amount, already settled) and
what it changes is decided once, in `services.settle`."""

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from enum import Enum


class Verdict(Enum):
    """How MotCua judged a notification; a provider maps it to its own answer codes."""

    CONFIRMED = "confirmed"
    UNKNOWN_ORDER = "unknown_order"
    ALREADY_CONFIRMED = "already_confirmed"
    WRONG_AMOUNT = "wrong_amount"
    BAD_SIGNATURE = "bad_signature"
    ERROR = "error"


@dataclass(frozen=True)
class Outcome:
    """A message from the gateway about one payment, as the provider read it."""

    signature_ok: bool
    reference: str = ""
    amount_vnd: int | None = None
    success: bool = False
    # The gateway does not know the outcome yet (a status query on an unfinished payment).
    pending: bool = False
    transaction: str = ""
    code: str = ""
    params: dict = field(default_factory=dict)


class ProviderError(Exception):
    """The gateway could not be reached or answered nonsense (a query is retried later)."""


class PaymentProvider(ABC):
    name: str = ""

    @abstractmethod
    def start(self, payment, *, return_url: str, client_ip: str, base_url: str) -> str:
        """The address to send the payer's browser to. May fill `payment.provider_data`
        (saved by the caller) with what `query` will need later. `base_url` is the
        scheme and host the payer used (for a gateway served by MotCua itself)."""

    @abstractmethod
    def parse_return(self, params: dict) -> Outcome:
        """The browser came back with `params`: informative only, never proof of payment."""

    @abstractmethod
    def parse_notification(self, params: dict) -> Outcome:
        """The gateway's server-to-server notification (IPN)."""

    @abstractmethod
    def notification_answer(self, verdict: Verdict) -> dict:
        """The JSON body the gateway expects in answer to a notification."""

    @abstractmethod
    def query(self, payment) -> Outcome:
        """Ask the gateway about `payment`; ProviderError if it cannot answer now."""
