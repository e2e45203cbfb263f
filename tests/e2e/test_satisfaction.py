"""An applicant rates a returned dossier from "Hồ sơ của tôi" in a phone-sized browser, then
the public results page draws its charts with the locally served Chart.js."""

import pytest
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD
from tests.processing.conftest import _fast_passwords, desk, leader, specialist, unit  # noqa: F401
from tests.processing.factories import new_dossier
from tests.surveys.conftest import walk_to_returned

pytestmark = pytest.mark.django_db(transaction=True)
QUESTIONS = {
    "Thông tin về thủ tục trực tuyến rõ ràng, dễ hiểu": "Đồng ý",
    "Việc tạo tài khoản và đăng nhập đơn giản": "Đồng ý",
    "Việc gửi hồ sơ thuận lợi, không gặp trục trặc": "Không đồng ý",
    "Hồ sơ được giải quyết nhanh, đáp ứng mong đợi": "Đồng ý",
    "Lợi ích chính": "Tiết kiệm thời gian, chi phí đi lại, dễ thực hiện, thực hiện ở bất cứ đâu",
    "Mức độ dễ sử dụng": "Rất hài lòng",
}


def test_rating_a_returned_dossier(
    live_server,
    phone_page,
    unit,  # noqa: F811
    desk,  # noqa: F811
    specialist,  # noqa: F811
    leader,  # noqa: F811
):
    dossier = walk_to_returned(new_dossier(unit), desk, specialist, leader)
    page, base = phone_page, live_server.url
    page.goto(f"{base}/tai-khoan/login/")
    page.fill("input[name=login]", dossier.applicant.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.goto(f"{base}/ho-so/")
    page.get_by_role("link", name="Đánh giá mức độ hài lòng").click()
    expect(page.get_by_role("heading", name="Đánh giá mức độ hài lòng")).to_be_visible()

    for question, answer in QUESTIONS.items():
        page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
    page.get_by_role("button", name="Gửi đánh giá").click()
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Chọn một câu trả lời cho “Mức độ hài lòng chung”.")
    summary.get_by_role("link").first.click()  # the link leads to the question
    overall = page.get_by_role("group", name="Mức độ hài lòng chung")
    overall.get_by_label("Hài lòng", exact=True).check()
    page.get_by_label("Góp ý thêm").fill("Cán bộ hướng dẫn tận tình.")
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_role("heading", name="Cảm ơn bạn đã đánh giá")).to_be_visible()

    page.goto(f"{base}/ho-so/")
    expect(page.get_by_text("Đã đánh giá mức độ hài lòng")).to_be_visible()
    expect(page.get_by_role("link", name="Đánh giá mức độ hài lòng")).to_have_count(0)

    page.goto(f"{base}/danh-gia-hai-long/")
    expect(page.get_by_text("100,0% người trả lời đồng ý: Thông tin về thủ tục")).to_be_visible()
    expect(page.locator("#chart-questions[data-drawn='1']")).to_have_count(1)
    expect(page.locator("#chart-overall[data-drawn='1']")).to_have_count(1)
