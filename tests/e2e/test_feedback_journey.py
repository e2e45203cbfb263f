"""Feedback in a browser: a visitor on a phone sends feedback about a unit and gets a code;
an officer of that unit answers it; the answer appears on the public Q&A page, found by
words typed without diacritics."""

import pytest
from playwright.sync_api import expect

from motcua.feedback import forms
from tests.e2e.test_desk_journey import log_in, log_out
from tests.processing.conftest import _fast_passwords, desk, unit  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def test_feedback_from_a_phone_to_the_public_answer(
    live_server,
    phone_page,
    page,
    unit,  # noqa: F811
    desk,  # noqa: F811
    monkeypatch,
):
    monkeypatch.setattr(forms, "MIN_FILL_SECONDS", 0)  # a robot's speed is what this allows
    base = live_server.url
    phone_page.goto(f"{base}/phan-anh/")
    expect(phone_page.locator("#id_website")).not_to_be_in_viewport()  # the honeypot
    phone_page.get_by_role("group", name="Loại").get_by_label("Kiến nghị").check()
    phone_page.get_by_role("group", name="Phản ánh về").get_by_label("Một cơ quan, đơn vị").check()
    phone_page.get_by_role("combobox", name="Cơ quan, đơn vị").select_option(label=unit.name)
    phone_page.get_by_label("Họ và tên").fill("Phạm Thị Dung")
    phone_page.get_by_label("Thư điện tử").fill("dung@example.vn")
    phone_page.get_by_label("Tiêu đề").fill("Giờ làm việc thứ Bảy")
    phone_page.get_by_label("Nội dung", exact=True).fill("Đề nghị tiếp nhận hồ sơ sáng thứ Bảy.")
    phone_page.get_by_label("Tôi đồng ý công khai").check()
    phone_page.get_by_role("button", name="Gửi phản ánh").click()
    expect(phone_page.get_by_role("heading", name="Đã gửi phản ánh")).to_be_visible()
    code = phone_page.locator(".feedback-code").inner_text().strip()
    assert code.startswith("PA-")

    log_in(page, base, "motcua")
    page.goto(f"{base}/can-bo/phan-anh/")
    expect(page.get_by_text("Còn hạn")).to_be_visible()
    page.get_by_role("link", name=code).click()
    page.get_by_label("Nội dung trả lời").fill(
        "Từ tháng sau bộ phận một cửa làm việc sáng thứ Bảy."
    )
    page.get_by_role("button", name="Gửi trả lời").click()
    expect(page.get_by_role("status")).to_contain_text("Đã gửi câu trả lời")
    log_out(page)

    phone_page.goto(f"{base}/hoi-dap/")
    phone_page.get_by_label("Tìm theo nội dung").fill("gio lam viec thu bay")
    phone_page.get_by_role("button", name="Tìm").click()
    expect(phone_page.get_by_role("heading", name="Giờ làm việc thứ Bảy")).to_be_visible()
    expect(phone_page.get_by_text("sáng thứ Bảy.", exact=False).last).to_be_visible()
    expect(phone_page.get_by_text("Phạm Thị Dung")).to_have_count(0)
