"""A level-4 result in a browser: the specialist uploads it on the desk page, the leader's
approval signs it, and anyone verifies the file on a phone at /xac-minh/ (a copy with one
byte changed is refused)."""

import pytest
from playwright.sync_api import expect

from tests.documents.conftest import authority, keys, result_pdf, signing_dir  # noqa: F401
from tests.documents.factories import at_approval
from tests.processing.conftest import _fast_passwords, desk, leader, specialist, unit  # noqa: F401,F811

from .test_desk_journey import log_in, log_out, open_dossier

pytestmark = pytest.mark.django_db(transaction=True)


def test_upload_sign_and_verify_a_result(
    live_server,
    page,
    phone_page,
    tmp_path,
    unit,  # noqa: F811
    desk,  # noqa: F811
    specialist,  # noqa: F811
    leader,  # noqa: F811
    keys,  # noqa: F811
    result_pdf,  # noqa: F811
):
    base = live_server.url
    dossier = at_approval(unit, desk, specialist)
    upload = tmp_path / "ket-qua.pdf"
    upload.write_bytes(result_pdf)

    log_in(page, base, "chuyenvien")
    open_dossier(page, base, dossier, status="4")
    page.get_by_label("Tệp kết quả (PDF)").set_input_files(str(upload))
    page.get_by_role("button", name="Tải kết quả lên").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lưu tệp kết quả")
    log_out(page)

    log_in(page, base, "lanhdao")
    open_dossier(page, base, dossier, status="4")
    page.get_by_role("button", name="Hoàn thành bước “Phê duyệt kết quả” và chuyển tiếp").click()
    expect(page.locator("#dossier-status")).to_contain_text("Đã xử lý xong")
    expect(page.locator("#result-panel")).to_contain_text("Đã ký số bởi")
    signed = page.request.get(f"{base}/ho-so/{dossier.pk}/ket-qua.pdf")
    assert signed.ok and signed.body().startswith(result_pdf)
    issued = tmp_path / "da-ky.pdf"
    issued.write_bytes(signed.body())

    phone_page.goto(f"{base}/xac-minh/")
    phone_page.get_by_label("Tệp kết quả (PDF)").set_input_files(str(issued))
    phone_page.get_by_role("button", name="Xác minh tệp").click()
    verdict = phone_page.locator("#verification")
    expect(verdict).to_contain_text("Hợp lệ")
    expect(verdict).to_contain_text(dossier.code)
    expect(verdict).to_contain_text("Có, từng byte")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scroll

    body = signed.body()
    position = body.index(b"/Producer") + 3
    altered = tmp_path / "da-sua.pdf"
    altered.write_bytes(body[:position] + bytes([body[position] ^ 1]) + body[position + 1 :])
    phone_page.get_by_label("Tệp kết quả (PDF)").set_input_files(str(altered))
    phone_page.get_by_role("button", name="Xác minh tệp").click()
    expect(phone_page.locator("#verification")).to_contain_text("Văn bản đã bị thay đổi sau khi ký")
