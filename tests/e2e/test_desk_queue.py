"""The desk with a full queue, in a browser (issue 17): tabs and bulk receipt, the keyboard,
"next dossier" after an action, a supplement asked for before receipt, a leader's internal
note and a dossier sent back to the previous step."""

import pytest
from playwright.sync_api import expect

from motcua.dossiers.models import Dossier, Status, StatusHistory
from motcua.processing import services
from tests.desk.test_queue import _with_required_slot
from tests.e2e.test_desk_journey import log_in, log_out
from tests.processing.conftest import _fast_passwords, desk, leader, specialist, unit  # noqa: F401
from tests.processing.factories import new_dossier

pytestmark = pytest.mark.django_db(transaction=True)


def test_bulk_receipt_keyboard_and_next_dossier(live_server, page, unit, desk):  # noqa: F811
    complete = [_with_required_slot(new_dossier(unit), with_file=True) for _ in range(2)]
    incomplete = _with_required_slot(new_dossier(unit), with_file=False)
    base = live_server.url
    log_in(page, base, "motcua")
    expect(page.get_by_role("link", name="Mới đăng ký 3")).to_be_visible()
    for dossier in [*complete, incomplete]:
        page.get_by_label(f"Chọn hồ sơ {dossier.code}").check()
    page.get_by_role("button", name="Tiếp nhận các hồ sơ đã chọn").click()
    expect(page.get_by_text("Đã tiếp nhận 2 hồ sơ")).to_be_visible()
    expect(page.get_by_text(f"Chưa tiếp nhận {incomplete.code}")).to_be_visible()
    expect(page.get_by_role("link", name="Mới đăng ký 1")).to_be_visible()
    assert Dossier.objects.filter(status=Status.PROCESSING).count() == 2

    # The keyboard: j to the first row, Enter opens it; b goes to the supplement form.
    second = new_dossier(unit)
    page.goto(f"{base}/can-bo/")
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=f"Hồ sơ {incomplete.code}")).to_be_visible()
    page.keyboard.press("b")
    expect(page.get_by_label("Giấy tờ, nội dung cần bổ sung (mỗi dòng một mục)")).to_be_focused()
    page.keyboard.type("Tờ khai có chữ ký")
    page.locator("#action-request_supplement").get_by_label("Xong thì mở hồ sơ tiếp theo").check()
    page.get_by_role("button", name="Yêu cầu bổ sung trước khi tiếp nhận").click()
    # The next dossier of the queue opens at once.
    expect(page.get_by_role("heading", name=f"Hồ sơ {second.code}")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(incomplete.code)
    incomplete.refresh_from_db()
    assert incomplete.status == Status.SUPPLEMENT and incomplete.received_at is None


def test_a_leader_sends_back_with_an_internal_reason(
    live_server,
    page,
    unit,  # noqa: F811
    desk,  # noqa: F811
    specialist,  # noqa: F811
    leader,  # noqa: F811
):
    dossier = new_dossier(unit)
    services.receive(dossier.pk, actor=desk)
    services.complete_step(dossier.pk, actor=specialist)
    base = live_server.url
    log_in(page, base, "lanhdao")
    page.get_by_role("link", name=dossier.code).click()
    page.get_by_text("Trả lại bước trước").first.click()
    page.get_by_label("Lý do trả lại (nội bộ)").fill("Bổ sung ý kiến phòng chuyên môn")
    page.get_by_role("button", name="Trả lại bước trước").click()
    expect(page.locator("#dossier-status")).to_contain_text("Đang xử lý – Thẩm định hồ sơ")
    log_out(page)

    log_in(page, base, "chuyenvien")
    page.get_by_role("link", name=dossier.code).click()
    expect(page.get_by_text("Bổ sung ý kiến phòng chuyên môn").first).to_be_visible()
    page.get_by_role("button", name="Hoàn thành bước “Thẩm định hồ sơ” và chuyển tiếp").click()
    log_out(page)

    log_in(page, base, "lanhdao")
    page.get_by_role("link", name=dossier.code).click()
    page.get_by_label("Ý kiến xử lý").fill("Đồng ý.")
    expect(page.get_by_label("Nội bộ (chỉ cán bộ xem)")).to_be_checked()
    page.get_by_role("button", name="Hoàn thành bước “Phê duyệt kết quả” và chuyển tiếp").click()
    expect(page.locator("#dossier-status")).to_contain_text("Đã xử lý xong")
    done = StatusHistory.objects.get(dossier=dossier, to_status=Status.DONE)
    assert done.note == "Đồng ý." and not done.note_for_applicant
