from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .base import SigningProvider
from .pkcs12 import Pkcs12Provider

PROVIDERS: dict[str, type[SigningProvider]] = {"pkcs12": Pkcs12Provider}


def provider() -> SigningProvider:
    """The provider chosen by settings.MOTCUA_SIGNING_PROVIDER."""
    name = settings.MOTCUA_SIGNING_PROVIDER
    try:
        return PROVIDERS[name]()
    except KeyError:
        raise ImproperlyConfigured(f"Unknown MOTCUA_SIGNING_PROVIDER {name!r}.") from None
