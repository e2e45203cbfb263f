"""The sandbox gateway: MotCua playing the payment gateway's side of the VNPAY protocol
for development, the demo and the tests (served under /sandbox-gateway/ only when
settings.MOTCUA_SANDBOX_GATEWAY is on). It checks the merchant's signed order, lets the
payer pay or cancel, sends the browser back with a signed result, sends the signed IPN to
MotCua over real HTTP from a task, and answers signed status queries (querydr)."""

import secrets
import urllib.error
import urllib.request
from datetime import timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone

from .models import SandboxTransaction
from .providers.sandbox import TMN_CODE, sandbox_secret
from .providers.vnpay import (
    QUERY_ANSWER_FIELDS,
    QUERY_FIELDS,
    SUCCESS,
    local_time,
    pipe_signature,
    signature_ok,
    signed_url,
)

CANCELLED = "24"  # the payer cancelled the transaction
NOT_FOUND = "91"
RESULT_FIELDS = ("vnp_Amount", "vnp_OrderInfo", "vnp_TmnCode", "vnp_TxnRef")


class OrderRefused(Exception):
    """The order is not signed by our merchant or lacks what the protocol requires."""


def receive_order(params: dict, ipn_url: str) -> SandboxTransaction:
    params = {key: str(value) for key, value in params.items()}
    if params.get("vnp_TmnCode") != TMN_CODE or not signature_ok(params, sandbox_secret()):
        raise OrderRefused
    if not params.get("vnp_TxnRef") or not params.get("vnp_Amount", "").isdecimal():
        raise OrderRefused
    transaction_row, _created = SandboxTransaction.objects.get_or_create(
        txn_ref=params["vnp_TxnRef"],
        defaults={"params": params, "amount": int(params["vnp_Amount"]), "ipn_url": ipn_url},
    )
    return transaction_row


def result_params(row: SandboxTransaction) -> dict:
    """The signed result the gateway sends back (browser return and IPN alike)."""
    params = {name: row.params.get(name, "") for name in RESULT_FIELDS}
    params.update(
        {
            "vnp_Amount": str(row.amount),
            "vnp_BankCode": "NCB",
            "vnp_CardType": "ATM",
            "vnp_PayDate": local_time(row.decided_at),
            "vnp_ResponseCode": row.response_code,
            "vnp_TransactionNo": row.transaction_no,
            "vnp_TransactionStatus": row.response_code,
        }
    )
    return params


def decide(txn_ref: str, *, pay: bool) -> str:
    """The payer paid (or cancelled): record it once, send the IPN from a task after the
    commit, and return the merchant's return address with the signed result."""
    from .tasks import send_sandbox_ipn

    with transaction.atomic():
        row = SandboxTransaction.objects.select_for_update().get(txn_ref=txn_ref)
        if not row.response_code:
            row.response_code = SUCCESS if pay else CANCELLED
            row.transaction_no = str(secrets.randbelow(10**8)).zfill(8)
            row.decided_at = timezone.now()
            row.save(update_fields=["response_code", "transaction_no", "decided_at"])
            transaction.on_commit(partial(send_sandbox_ipn.enqueue, row.pk))
    return signed_url(row.params["vnp_ReturnUrl"], result_params(row), sandbox_secret())


def _answered(ipn_answer: str) -> bool:
    """The merchant took the notification (00) or had taken it already (02)."""
    return '"RspCode": "00"' in ipn_answer or '"RspCode": "02"' in ipn_answer


def send_ipn(transaction_id: int) -> str:
    """GET the merchant's IPN address with the signed result; the answer is kept. Sent again
    only while the merchant has not answered 00 or 02."""
    row = SandboxTransaction.objects.get(pk=transaction_id)
    if _answered(row.ipn_answer):
        return row.ipn_answer
    url = signed_url(row.ipn_url, result_params(row), sandbox_secret())
    try:
        with urllib.request.urlopen(url, timeout=15) as response:  # noqa: S310
            answer = response.read().decode()[:255]
    except (OSError, urllib.error.URLError) as error:
        answer = f"{type(error).__name__}: {error}"[:255]
    SandboxTransaction.objects.filter(pk=row.pk).update(
        ipn_answer=answer, ipn_attempts=row.ipn_attempts + 1
    )
    return answer


def resend_unanswered(lease: timedelta) -> int:
    """Queue the IPN again for every decision older than `lease` that the merchant has not
    answered 00 or 02: its task failed, or its worker was killed before the answer was kept
    (the row says what is done, so a notification that did arrive is answered 02 and changes
    nothing). Run by `manage.py reconcile_payments`, as a gateway retries its IPN. Returns
    how many were queued."""
    from .tasks import send_sandbox_ipn

    decided = SandboxTransaction.objects.filter(decided_at__lte=timezone.now() - lease)
    unanswered = [
        row.pk for row in decided.only("pk", "ipn_answer") if not _answered(row.ipn_answer)
    ]
    for row_id in unanswered:
        send_sandbox_ipn.enqueue(row_id)
    return len(unanswered)


def query_answer(request: dict) -> dict:
    """The signed answer to a querydr request."""
    secret = sandbox_secret()
    answer = {
        "vnp_ResponseId": secrets.token_hex(8),
        "vnp_Command": "querydr",
        "vnp_TmnCode": TMN_CODE,
        "vnp_TxnRef": str(request.get("vnp_TxnRef", "")),
    }
    given = str(request.get("vnp_SecureHash", "")).lower()
    row = SandboxTransaction.objects.filter(txn_ref=answer["vnp_TxnRef"]).first()
    if given != pipe_signature(request, QUERY_FIELDS, secret):
        answer.update(vnp_ResponseCode="97", vnp_Message="Invalid Checksum")
    elif row is None:
        answer.update(vnp_ResponseCode=NOT_FOUND, vnp_Message="Transaction not found")
    else:
        answer.update(
            vnp_ResponseCode=SUCCESS,
            vnp_Message="Query Success",
            vnp_Amount=str(row.amount),
            vnp_BankCode="NCB",
            vnp_PayDate=local_time(row.decided_at) if row.decided_at else "",
            vnp_TransactionNo=row.transaction_no,
            vnp_TransactionType="01",
            vnp_TransactionStatus=row.response_code or "01",
            vnp_OrderInfo=row.params.get("vnp_OrderInfo", ""),
        )
    answer["vnp_SecureHash"] = pipe_signature(answer, QUERY_ANSWER_FIELDS, secret)
    return answer
