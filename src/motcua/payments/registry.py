"""Payment providers by name; `settings.MOTCUA_PAYMENT_PROVIDER` chooses the one in use."""

from django.conf import settings
from django.http import Http404
from django.utils.module_loading import import_string

from .base import PaymentProvider

PROVIDERS = {
    "vnpay": "motcua.payments.providers.vnpay.VnpayProvider",
    "sandbox": "motcua.payments.providers.sandbox.SandboxProvider",
}


def get_provider(name: str | None = None) -> PaymentProvider:
    """The provider `name` (default: the configured one). Http404 for an unknown name, and
    for the sandbox while it is not enabled, so its addresses do not exist then."""
    name = name or settings.MOTCUA_PAYMENT_PROVIDER
    path = PROVIDERS.get(name)
    if path is None or (name == "sandbox" and not settings.MOTCUA_SANDBOX_GATEWAY):
        raise Http404
    return import_string(path)()
