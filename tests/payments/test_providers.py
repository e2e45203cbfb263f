"""The signed-query-string protocol against vectors computed here with hashlib/hmac."""

import hashlib
import hmac
from urllib.parse import parse_qsl, quote_plus, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.payments import services
from motcua.payments.base import Verdict
from motcua.payments.models import Payment
from motcua.payments.providers.vnpay import VnpayProvider

from .conftest import SECRET, TMN, hand_signed

pytestmark = pytest.mark.django_db


def test_a_fixed_vector_is_signed_as_written_by_hand():
    params = {
        "vnp_TxnRef": "261203ABCDEF0123",
        "vnp_Amount": "5000000",
        "vnp_OrderInfo": "Thanh toan phi ho so 000.00.12.H56-261203-0001",
        "vnp_ReturnUrl": "https://motcua.example/thanh-toan/ve/vnpay/",
        "vnp_TmnCode": TMN,
        "vnp_Command": "pay",
        "vnp_Version": "2.1.0",
    }
    expected_text = (
        "vnp_Amount=5000000&vnp_Command=pay"
        "&vnp_OrderInfo=Thanh+toan+phi+ho+so+000.00.12.H56-261203-0001"
        "&vnp_ReturnUrl=https%3A%2F%2Fmotcua.example%2Fthanh-toan%2Fve%2Fvnpay%2F"
        f"&vnp_TmnCode={TMN}&vnp_TxnRef=261203ABCDEF0123&vnp_Version=2.1.0"
    )
    expected = hmac.new(SECRET.encode(), expected_text.encode(), hashlib.sha512).hexdigest()
    outcome = VnpayProvider().parse_notification({**params, "vnp_SecureHash": expected})
    assert outcome.signature_ok
    forged = {**params, "vnp_SecureHash": "0" * 128}
    assert not VnpayProvider().parse_notification(forged).signature_ok


def test_the_payment_url_carries_amount_times_100_our_reference_and_a_valid_signature(
    dossier, applicant
):
    fee = dossier.fees.get()
    payment, url = services.start_payment(
        dossier.pk,
        fee.pk,
        user=applicant,
        return_url="https://motcua.example/thanh-toan/ve/vnpay/",
        client_ip="203.0.113.7",
        base_url="https://motcua.example",
    )
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == (
        "https://gateway.example/paymentv2/vpcpay.html"
    )
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    params = dict(pairs)
    given = params.pop("vnp_SecureHash")
    assert [name for name, _ in pairs][:-1] == sorted(params)
    text = "&".join(f"{k}={quote_plus(v)}" for k, v in sorted(params.items()))
    assert given == hmac.new(SECRET.encode(), text.encode(), hashlib.sha512).hexdigest()
    assert params["vnp_Amount"] == "5000000"
    assert params["vnp_TxnRef"] == payment.reference
    assert params["vnp_TmnCode"] == TMN and params["vnp_CurrCode"] == "VND"
    assert params["vnp_IpAddr"] == "203.0.113.7"
    assert Payment.objects.get().status == "pending"


def test_ipn_answers_are_the_documented_codes():
    provider = VnpayProvider()
    assert provider.notification_answer(Verdict.CONFIRMED) == {
        "RspCode": "00",
        "Message": "Confirm Success",
    }
    codes = {verdict: provider.notification_answer(verdict)["RspCode"] for verdict in Verdict}
    assert codes == {
        Verdict.CONFIRMED: "00",
        Verdict.UNKNOWN_ORDER: "01",
        Verdict.ALREADY_CONFIRMED: "02",
        Verdict.WRONG_AMOUNT: "04",
        Verdict.BAD_SIGNATURE: "97",
        Verdict.ERROR: "99",
    }


@given(amount=st.integers(min_value=1, max_value=10**12), cents=st.integers(0, 99))
@settings(max_examples=60, deadline=None)
def test_amounts_travel_times_100_and_only_whole_dong_are_read(amount, cents):
    params = hand_signed({"vnp_TxnRef": "X", "vnp_Amount": str(amount * 100 + cents)})
    read = VnpayProvider().parse_notification(params).amount_vnd
    assert read == (amount if cents == 0 else None)
