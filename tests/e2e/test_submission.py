"""A citizen signs up, verifies their email, fills a procedure's e-form, uploads two files,
saves a draft, comes back later, submits, and sees the dossier code and appointment date."""

import re

import pytest
from playwright.sync_api import expect

from motcua.dossiers.models import Dossier, Status
from tests.dossiers.conftest import PDF, PNG
from tests.factories import (
    OfferingFactory,
    ProcedureChannelFactory,
    ProcedureFactory,
    RequiredDocumentFactory,
    UnitFactory,
)

EMAIL = "lan@example.vn"
PASSWORD = "Nha-Trang-bien-xanh-2026"


def birth_registration():
    unit = UnitFactory(name="UBND phường Nha Trang", identifier="000.05.01.H56")
    procedure = ProcedureFactory(code="1.001193", name="Đăng ký khai sinh")
    OfferingFactory(unit=unit, procedure=procedure, online_level=3)
    ProcedureChannelFactory(procedure=procedure, time_value=3)
    RequiredDocumentFactory(procedure=procedure, position=1, name="Tờ khai đăng ký khai sinh")
    RequiredDocumentFactory(procedure=procedure, position=2, name="Giấy chứng sinh")
    return procedure


def sign_up_and_verify(page, base, mailbox):
    page.goto(f"{base}/tai-khoan/signup/")
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.fill("input[name=full_name]", "Trần Thị Lan")
    page.fill("input[name=id_number]", "056190004321")
    page.fill("input[name=phone]", "0905 123 456")
    page.fill("input[name=address_line]", "12 Trần Phú")
    page.get_by_role("button", name="Đăng ký").click()
    page.wait_for_load_state()
    [mail] = mailbox.to(EMAIL)
    page.goto(mailbox.first_link(mail))
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_load_state()


def upload(page, slot_name, name, content, mime):
    slot = page.locator("section", has_text=slot_name)
    slot.locator("input[type=file]").set_input_files(
        {"name": name, "mimeType": mime, "buffer": content}
    )
    slot.get_by_role("button", name="Tải lên").click()
    expect(
        page.locator("section", has_text=slot_name).get_by_role("link", name=name)
    ).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_sign_up_fill_upload_save_come_back_and_submit(live_server, page, mailbox, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    procedure = birth_registration()
    base = live_server.url
    sign_up_and_verify(page, base, mailbox)

    page.goto(f"{base}/nop-ho-so/{procedure.code}/")
    page.get_by_role("button", name="Bắt đầu").click()
    expect(page.get_by_label("Họ và tên / tên tổ chức")).to_have_value("Trần Thị Lan")
    page.get_by_label("Nội dung yêu cầu").fill("Đăng ký khai sinh cho bé Trần Minh Khang")
    page.get_by_role("button", name="Tiếp tục").click()

    upload(page, "Tờ khai đăng ký khai sinh", "tờ khai.pdf", PDF, "application/pdf")
    upload(page, "Giấy chứng sinh", "giay-chung-sinh.png", PNG, "image/png")
    page.get_by_role("link", name="Lưu nháp và thoát").click()

    # Later: back from "Hồ sơ của tôi".
    page.goto(f"{base}/ho-so/")
    page.get_by_role("link", name="Tiếp tục").click()
    expect(page.get_by_label("Nội dung yêu cầu")).to_have_value(
        "Đăng ký khai sinh cho bé Trần Minh Khang"
    )
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_role("link", name="Tiếp tục").click()
    expect(page.get_by_role("link", name="giay-chung-sinh.png")).to_be_visible()
    page.get_by_role("button", name="Nộp hồ sơ").click()

    code = page.locator("#dossier-code").inner_text()
    assert re.fullmatch(r"000\.05\.01\.H56-\d{6}-0001", code)
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", page.locator("#appointment").inner_text())
    dossier = Dossier.objects.get(code=code)
    assert dossier.status == Status.NEW and dossier.files.count() == 2
    assert any(code in mailbox.text_body(m) for m in mailbox.to(EMAIL))
