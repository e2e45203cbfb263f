"""A full-online (level 4) dossier waits for its fee: the applicant clicks “Thanh toán”,
pays on the sandbox gateway, comes back, and the payment shows as paid once the gateway's
IPN (sent over HTTP by the task) has reached MotCua; the leader's approval signs the result
and the dossier reaches status 10 by itself: no one at a counter, and "Hồ sơ của tôi" shows
it returned with the signed result to download."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.test import Client
from playwright.sync_api import expect

from motcua.documents import services as results
from motcua.dossiers.models import Dossier, Status
from motcua.payments.models import Payment, PaymentStatus
from motcua.processing import services as processing
from tests.documents.conftest import authority, result_pdf, signing_dir  # noqa: F401
from tests.factories import UnitFactory
from tests.payments.conftest import received_dossier
from tests.processing.factories import officer

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sandbox(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MOTCUA_SANDBOX_GATEWAY = True
    settings.MOTCUA_PAYMENT_PROVIDER = "sandbox"
    # The IPN task runs as soon as the sandbox's decision commits (the db_worker's job).
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def approve_outside_playwrights_loop(dossier, leader):
    """The leader's approval signs the result; pyHanko runs its own asyncio loop, which cannot
    start inside the loop Playwright's sync API keeps in this thread (a server request is
    never there)."""

    def approve():
        try:
            processing.complete_step(dossier.pk, actor=leader)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(approve).result()


def logged_in(page, base_url, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


def test_pay_online_through_the_sandbox_gateway(
    sandbox,
    live_server,
    page,
    signing_dir,  # noqa: F811 (the fixtures imported above)
    result_pdf,  # noqa: F811
):
    unit = UnitFactory(name="Sở Công Thương", identifier="000.00.SCT.H56")
    desk = officer(unit, "desk_officer")
    specialist = officer(unit, "specialist")
    leader = officer(unit, "leader")
    dossier = received_dossier(unit, desk, fee_vnd=750_000, fee_text="Lệ phí thông báo")
    processing.request_financial_obligation(dossier.pk, actor=desk, note="Nộp lệ phí")
    base = live_server.url
    logged_in(page, base, dossier.applicant)

    page.goto(f"{base}/ho-so/{dossier.pk}/")
    fees = page.locator("section", has_text="Phí, lệ phí")
    expect(fees).to_contain_text("750.000 đ")
    expect(fees).to_contain_text("Lệ phí thông báo")
    fees.get_by_role("button", name="Thanh toán").click()

    expect(page.get_by_role("heading", name="Cổng thanh toán thử nghiệm")).to_be_visible()
    expect(page.get_by_text("750.000 đ")).to_be_visible()
    page.get_by_role("button", name="Xác nhận thanh toán").click()

    expect(page.get_by_role("heading", name="Kết quả thanh toán")).to_be_visible()
    expect(page.locator("#payment-status")).to_contain_text("Đã thanh toán", timeout=15_000)
    payment = Payment.objects.get()
    assert (payment.status, payment.verified_by) == (PaymentStatus.PAID, "ipn")
    assert Dossier.objects.get(pk=dossier.pk).status == Status.PROCESSING

    page.get_by_role("link", name="Về trang hồ sơ").click()
    expect(page.get_by_role("link", name="Biên lai điện tử")).to_be_visible()
    signing_dir.key_for(unit)
    upload = SimpleUploadedFile("ket-qua.pdf", result_pdf, content_type="application/pdf")
    results.attach_result(dossier.pk, actor=specialist, upload=upload)
    processing.complete_step(dossier.pk, actor=specialist)
    approve_outside_playwrights_loop(dossier, leader)
    returned = Dossier.objects.get(pk=dossier.pk)
    assert returned.status == Status.RETURNED and returned.returned_at is not None
    assert returned.history.get(to_status=Status.RETURNED).actor is None  # nobody at a counter

    page.goto(f"{base}/ho-so/")
    mine = page.locator("li", has_text=dossier.code)
    expect(mine).to_contain_text("Đã trả kết quả")
    expect(mine).to_contain_text("Nhận kết quả điện tử trên Cổng")
    with page.expect_download() as download:
        mine.get_by_role("link", name="Tải kết quả (PDF)").click()
    signed = download.value.path().read_bytes()
    assert signed.startswith(result_pdf) and len(signed) > len(result_pdf)  # signature appended
    page.goto(f"{base}/ho-so/{dossier.pk}/")
    expect(page.locator("#ket-qua")).to_contain_text("Kết quả điện tử đã được ký số")
    expect(page.get_by_text("Đã trả kết quả điện tử")).to_be_visible()
