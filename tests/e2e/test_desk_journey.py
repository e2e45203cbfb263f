"""The one-stop desk in a browser: the desk officer receives an online dossier and prints the
receipt, the specialist forwards it, the leader approves, the desk returns the result."""

import pytest
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD
from tests.processing.conftest import _fast_passwords, desk, leader, specialist, unit  # noqa: F401,F811
from tests.processing.factories import new_dossier

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, base_url, username):
    page.goto(f"{base_url}/can-bo/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Hồ sơ", exact=True)).to_be_visible()


def open_dossier(page, base_url, dossier, *, status=""):
    page.goto(f"{base_url}/can-bo/?trang_thai={status}")
    page.get_by_role("link", name=dossier.code).click()
    expect(page.get_by_role("heading", name=f"Hồ sơ {dossier.code}")).to_be_visible()


def log_out(page):
    page.get_by_role("button", name="Đăng xuất").click()


def test_desk_journey_from_online_submission_to_returned_result(
    live_server,
    page,
    unit,  # noqa: F811
    desk,  # noqa: F811
    specialist,  # noqa: F811
    leader,  # noqa: F811
):
    dossier = new_dossier(unit, applicant_name="Trần Thị Bích Ngọc")
    base = live_server.url

    other = new_dossier(unit, applicant_name="Lê Văn Tám")
    log_in(page, base, "motcua")
    expect(page.get_by_role("link", name=other.code)).to_be_visible()
    page.get_by_label("Tìm theo mã hồ sơ, tên người nộp hoặc số CCCD").fill("Bích Ngọc")
    page.get_by_role("button", name="Tìm", exact=True).click()
    expect(page.get_by_role("link", name=other.code)).to_be_hidden()
    expect(page.get_by_role("link", name=dossier.code)).to_be_visible()
    page.get_by_role("button", name="Xóa tìm kiếm").click()
    expect(page.get_by_role("link", name=other.code)).to_be_visible()
    open_dossier(page, base, dossier, status="1")
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(page.get_by_role("status")).to_contain_text("Đã thực hiện thao tác")
    expect(page.locator("#dossier-status")).to_contain_text("Đang xử lý – Thẩm định hồ sơ")
    receipt = page.get_by_role("link", name="Mẫu 01")
    pdf = page.request.get(base + receipt.get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    log_out(page)

    log_in(page, base, "chuyenvien")
    open_dossier(page, base, dossier, status="4")
    page.get_by_label("Ý kiến xử lý").fill("Hồ sơ đủ điều kiện")
    page.get_by_role("button", name="Hoàn thành bước “Thẩm định hồ sơ” và chuyển tiếp").click()
    expect(page.locator("#dossier-status")).to_contain_text("Đang xử lý – Phê duyệt kết quả")
    log_out(page)

    log_in(page, base, "lanhdao")
    open_dossier(page, base, dossier, status="4")
    page.get_by_role("button", name="Hoàn thành bước “Phê duyệt kết quả” và chuyển tiếp").click()
    expect(page.locator("#dossier-status")).to_contain_text("Đã xử lý xong")
    log_out(page)

    log_in(page, base, "motcua")
    open_dossier(page, base, dossier, status="9")
    page.get_by_label("Phí, lệ phí đã thu (đồng)").fill("50.000")
    page.get_by_label("Số biên lai").fill("BL-0001")
    page.get_by_role("button", name="Trả kết quả").click()
    expect(page.locator("#dossier-status")).to_contain_text("Đã trả kết quả")
    expect(page.get_by_text("50.000 đ")).to_be_visible()
