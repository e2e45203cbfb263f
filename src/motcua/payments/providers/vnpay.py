"""The Vietnamese gateway protocol of signed query strings (VNPAY 2.1.0).

Signing: the `vnp_*` parameters with a value, sorted by name, joined as `name=value` with
`&`, each value URL-encoded with `quote_plus`; `vnp_SecureHash` = HMAC-SHA512 of that text
with the merchant's secret, in hex. Amounts travel × 100. `vnp_TxnRef` is our payment
reference. "00" in both `vnp_ResponseCode` and `vnp_TransactionStatus` is a success. The
status query (`querydr`) is JSON signed over its fields joined with "|" in a fixed order.
The merchant code, secret and addresses come from settings (the environment) only."""

import hashlib
import hmac
import json
import secrets
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from urllib.parse import quote_plus

from django.conf import settings
from django.utils import timezone

from ..base import Outcome, PaymentProvider, ProviderError, Verdict

VERSION = "2.1.0"
SUCCESS = "00"
TIME_FORMAT = "%Y%m%d%H%M%S"
EXPIRE_MINUTES = 15
ANSWERS = {
    Verdict.CONFIRMED: ("00", "Confirm Success"),
    Verdict.UNKNOWN_ORDER: ("01", "Order not found"),
    Verdict.ALREADY_CONFIRMED: ("02", "Order already confirmed"),
    Verdict.WRONG_AMOUNT: ("04", "Invalid amount"),
    Verdict.BAD_SIGNATURE: ("97", "Invalid Checksum"),
    Verdict.ERROR: ("99", "Unknown error"),
}
QUERY_FIELDS = (
    *("vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TxnRef"),
    *("vnp_TransactionDate", "vnp_CreateDate", "vnp_IpAddr", "vnp_OrderInfo"),
)
QUERY_ANSWER_FIELDS = (
    *("vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode"),
    *("vnp_TxnRef", "vnp_Amount", "vnp_BankCode", "vnp_PayDate", "vnp_TransactionNo"),
    *("vnp_TransactionType", "vnp_TransactionStatus", "vnp_OrderInfo", "vnp_PromotionCode"),
    "vnp_PromotionAmount",
)
# querydr: the gateway has no such transaction (the payer never paid before it expired).
NOT_FOUND = "91"
UNFINISHED = "01"


def hash_data(params: dict) -> str:
    """The text that is signed: vnp_* parameters with a value, sorted, URL-encoded."""
    items = sorted(
        (key, str(value))
        for key, value in params.items()
        if key.startswith("vnp_")
        and key not in ("vnp_SecureHash", "vnp_SecureHashType")
        and value not in (None, "")
    )
    return "&".join(f"{key}={quote_plus(value)}" for key, value in items)


def sign(text: str, secret: str) -> str:
    return hmac.new(secret.encode(), text.encode(), hashlib.sha512).hexdigest()


def signature_ok(params: dict, secret: str) -> bool:
    given = str(params.get("vnp_SecureHash", "")).lower()
    return bool(given) and hmac.compare_digest(given, sign(hash_data(params), secret))


def signed_url(base: str, params: dict, secret: str) -> str:
    data = hash_data(params)
    return f"{base}?{data}&vnp_SecureHash={sign(data, secret)}"


def local_time(moment: datetime) -> str:
    return timezone.localtime(moment).strftime(TIME_FORMAT)


def pipe_signature(values: dict, names: tuple[str, ...], secret: str) -> str:
    return sign("|".join(str(values.get(name, "")) for name in names), secret)


class VnpayProvider(PaymentProvider):
    name = "vnpay"

    def __init__(self) -> None:
        self.tmn_code = settings.MOTCUA_VNPAY_TMN_CODE
        self.secret = settings.MOTCUA_VNPAY_HASH_SECRET
        self.payment_url = settings.MOTCUA_VNPAY_PAYMENT_URL
        self.api_url = settings.MOTCUA_VNPAY_API_URL

    def _addresses(self, base_url: str) -> tuple[str, str]:
        """(payment page, query API) addresses."""
        return self.payment_url, self.api_url

    def start(self, payment, *, return_url: str, client_ip: str, base_url: str) -> str:
        payment_url, api_url = self._addresses(base_url)
        if not (self.tmn_code and self.secret and payment_url):
            raise ProviderError("gateway not configured")
        created = timezone.now()
        params = {
            "vnp_Version": VERSION,
            "vnp_Command": "pay",
            "vnp_TmnCode": self.tmn_code,
            "vnp_Amount": str(payment.amount_vnd * 100),
            "vnp_CurrCode": "VND",
            "vnp_TxnRef": payment.reference,
            "vnp_OrderInfo": f"Thanh toan phi ho so {payment.dossier.code}",
            "vnp_OrderType": "other",
            "vnp_Locale": "vn",
            "vnp_ReturnUrl": return_url,
            "vnp_IpAddr": client_ip or "127.0.0.1",
            "vnp_CreateDate": local_time(created),
            "vnp_ExpireDate": local_time(created + timedelta(minutes=EXPIRE_MINUTES)),
        }
        payment.provider_data = {
            "create_date": params["vnp_CreateDate"],
            "order_info": params["vnp_OrderInfo"],
            "ip": params["vnp_IpAddr"],
            "api_url": api_url,
        }
        return signed_url(payment_url, params, self.secret)

    def _outcome(self, params: dict) -> Outcome:
        params = {key: str(value) for key, value in params.items()}
        try:
            amount = int(params.get("vnp_Amount", "")) // 100
            exact = int(params["vnp_Amount"]) % 100 == 0
        except (KeyError, ValueError):
            amount, exact = None, False
        code = params.get("vnp_ResponseCode", "")
        return Outcome(
            signature_ok=signature_ok(params, self.secret),
            reference=params.get("vnp_TxnRef", ""),
            amount_vnd=amount if exact else None,
            success=code == SUCCESS and params.get("vnp_TransactionStatus") == SUCCESS,
            transaction=params.get("vnp_TransactionNo", ""),
            code=code,
            params=params,
        )

    def parse_return(self, params: dict) -> Outcome:
        return self._outcome(params)

    def parse_notification(self, params: dict) -> Outcome:
        return self._outcome(params)

    def notification_answer(self, verdict: Verdict) -> dict:
        code, message = ANSWERS[verdict]
        return {"RspCode": code, "Message": message}

    def query(self, payment) -> Outcome:
        data = payment.provider_data or {}
        api_url = data.get("api_url") or self.api_url
        if not (api_url and self.secret):
            raise ProviderError("gateway query API not configured")
        request = {
            "vnp_RequestId": secrets.token_hex(8),
            "vnp_Version": VERSION,
            "vnp_Command": "querydr",
            "vnp_TmnCode": self.tmn_code,
            "vnp_TxnRef": payment.reference,
            "vnp_OrderInfo": data.get("order_info", ""),
            "vnp_TransactionDate": data.get("create_date", ""),
            "vnp_CreateDate": local_time(timezone.now()),
            "vnp_IpAddr": data.get("ip", "127.0.0.1"),
        }
        request["vnp_SecureHash"] = pipe_signature(request, QUERY_FIELDS, self.secret)
        answer = post_json(api_url, request)
        expected = pipe_signature(answer, QUERY_ANSWER_FIELDS, self.secret)
        ok = hmac.compare_digest(str(answer.get("vnp_SecureHash", "")).lower(), expected)
        code = str(answer.get("vnp_ResponseCode", ""))
        status = str(answer.get("vnp_TransactionStatus", ""))
        if ok and code not in (SUCCESS, NOT_FOUND):
            # The query itself failed (bad request, rate limit…): no news about the payment.
            raise ProviderError(f"querydr answered {code}")
        try:
            amount = int(answer.get("vnp_Amount", "")) // 100
        except ValueError:
            amount = None
        return Outcome(
            signature_ok=ok,
            reference=str(answer.get("vnp_TxnRef", payment.reference)),
            amount_vnd=amount,
            success=code == SUCCESS and status == SUCCESS,
            pending=code == SUCCESS and status == UNFINISHED,
            transaction=str(answer.get("vnp_TransactionNo", "")),
            code=status if code == SUCCESS else code,
            params=answer,
        )


def post_json(url: str, body: dict, timeout: float = 15) -> dict:
    """POST `body` as JSON and read a JSON object back; ProviderError for any failure."""
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            answer = json.loads(response.read().decode())
    except (OSError, ValueError, urllib.error.URLError) as error:
        raise ProviderError(f"{type(error).__name__}: {error}") from error
    if not isinstance(answer, dict):
        raise ProviderError("answer is not a JSON object")
    return answer
