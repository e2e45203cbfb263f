"""The sandbox gateway's merchant side: the VNPAY protocol against MotCua's own
/sandbox-gateway/ (development, demo, tests). Its secret is derived from SECRET_KEY, so none
is kept in the repository and the sandbox (payments.sandbox) checks with the same one."""

from django.conf import settings
from django.urls import reverse
from django.utils.crypto import salted_hmac

from .vnpay import VnpayProvider

TMN_CODE = "MOTCUA01"


def sandbox_secret() -> str:
    return salted_hmac(
        "motcua.payments.sandbox", "merchant", settings.SECRET_KEY, algorithm="sha256"
    ).hexdigest()


class SandboxProvider(VnpayProvider):
    name = "sandbox"

    def __init__(self) -> None:
        self.tmn_code = TMN_CODE
        self.secret = sandbox_secret()
        self.payment_url = self.api_url = ""

    def _addresses(self, base_url: str) -> tuple[str, str]:
        return (
            base_url + reverse("payments:sandbox_pay"),
            base_url + reverse("payments:sandbox_api"),
        )
