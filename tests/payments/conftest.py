"""A level-4 procedure with a 50.000 đ online fee at one unit, its officers, and a received
dossier of an applicant; the VNPAY provider configured with a test merchant."""

import hashlib
import hmac
from urllib.parse import quote_plus

import pytest

from motcua.catalog.services import current_version
from motcua.dossiers.models import DossierChannel, Status
from motcua.dossiers.services import change_status
from motcua.processing import services as processing
from tests.dossiers.factories import DossierFactory, UserFactory
from tests.factories import OfferingFactory, ProcedureChannelFactory, ProcedureFactory, UnitFactory
from tests.processing.factories import officer

SECRET = "TESTSECRETKEY0123456789ABCDEFGHIJ"
TMN = "MOTCUAT1"


@pytest.fixture(autouse=True)
def _payments_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MOTCUA_PAYMENT_PROVIDER = "vnpay"
    settings.MOTCUA_VNPAY_TMN_CODE = TMN
    settings.MOTCUA_VNPAY_HASH_SECRET = SECRET
    settings.MOTCUA_VNPAY_PAYMENT_URL = "https://gateway.example/paymentv2/vpcpay.html"
    settings.MOTCUA_VNPAY_API_URL = "http://127.0.0.1:9/merchant_webapi/api/transaction"
    settings.MOTCUA_SANDBOX_GATEWAY = False


def hand_signed(params: dict, secret: str = SECRET) -> dict:
    """`params` with vnp_SecureHash computed here, the protocol written out by hand."""
    text = "&".join(f"{k}={quote_plus(str(v))}" for k, v in sorted(params.items()) if v != "")
    digest = hmac.new(secret.encode(), text.encode(), hashlib.sha512).hexdigest()
    return {**params, "vnp_SecureHash": digest}


@pytest.fixture
def unit(db):
    return UnitFactory(name="Sở Công Thương", identifier="000.00.SCT.H56")


@pytest.fixture
def desk(unit):
    return officer(unit, "desk_officer", username="motcua")


@pytest.fixture
def leader(unit):
    return officer(unit, "leader", username="lanhdao")


@pytest.fixture
def specialist(unit):
    return officer(unit, "specialist", username="chuyenvien")


def received_dossier(unit, desk, *, level=4, fee_vnd=50_000, fee_text="Lệ phí thẩm định"):
    """A dossier submitted while its unit offered the procedure at `level`, and received by
    the desk (its fee made then)."""
    procedure = ProcedureFactory(name="Thông báo thực hiện khuyến mại")
    OfferingFactory(unit=unit, procedure=procedure, online_level=level)
    ProcedureChannelFactory(procedure=procedure, fee_vnd=fee_vnd, fee_text=fee_text)
    dossier = DossierFactory(
        status=Status.DRAFT,
        unit=unit,
        procedure=procedure,
        procedure_version=current_version(procedure),
        channel=DossierChannel.ONLINE,
    )
    change_status(dossier.pk, Status.NEW, actor=dossier.applicant)  # as the submission does
    processing.receive(dossier.pk, actor=desk)
    dossier.refresh_from_db()
    return dossier


@pytest.fixture
def dossier(unit, desk):
    return received_dossier(unit, desk)


@pytest.fixture
def applicant(dossier):
    return dossier.applicant


@pytest.fixture
def stranger(db):
    return UserFactory(username="nguoila")
