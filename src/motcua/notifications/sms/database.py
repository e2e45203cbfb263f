"""A provider that keeps each text in the database (SmsRecord) instead of sending it: for
the demo and tests. Recording the same reference twice keeps one row."""

from ..models import SmsRecord
from .base import SmsProvider


class DatabaseProvider(SmsProvider):
    def send(self, to: str, text: str, *, reference: str) -> None:
        SmsRecord.objects.get_or_create(reference=reference, defaults={"to": to, "text": text})
