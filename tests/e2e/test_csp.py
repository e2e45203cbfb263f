"""The Content Security Policy holds in a real browser: every main page, public, applicant's,
staff's and the API docs, loads (and runs its htmx) without one reported violation."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from motcua.catalog.services import current_version
from motcua.dossiers.models import Status
from motcua.org.models import UnitKind
from tests.dossiers.factories import DossierFactory, UserFactory
from tests.factories import OfferingFactory, ProcedureChannelFactory, ProcedureFactory, UnitFactory
from tests.processing.conftest import _fast_passwords  # noqa: F401
from tests.processing.factories import new_dossier, officer

pytestmark = pytest.mark.django_db(transaction=True)

# Playwright's own scripts are exempt from the page's policy: this one records what it blocks.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


class Recorder:
    """Violations reported by the page (event) or the browser (console), per address."""

    def __init__(self, page):
        self.page = page
        self.found: list[str] = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", self._console)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.found.append(f"{self.page.url}: {message.text}")

    def visit(self, url: str) -> None:
        response = self.page.goto(url)
        assert response.ok, f"{url}: {response.status}"
        assert "default-src 'self'" in response.headers["content-security-policy"]
        self.page.wait_for_load_state("networkidle")
        self.collect()

    def collect(self) -> None:
        for violation in self.page.evaluate("window.__cspViolations"):
            self.found.append(f"{self.page.url}: {violation}")
        self.page.evaluate("window.__cspViolations = []")


def logged_in(browser, live_server, user):
    """A browser context carrying the session of `user` (logged in by the test client)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="vi-VN")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return context.new_page()


def test_main_pages_report_no_csp_violation(browser, live_server):
    base = live_server.url
    province = UnitFactory(kind=UnitKind.PROVINCE, name="UBND tỉnh Khánh Hòa", gso_name="Khánh Hòa")
    UnitFactory(kind=UnitKind.DISTRICT, parent=province, name="Thị xã Ninh Hòa")
    unit = UnitFactory(name="UBND phường Nha Trang")
    procedure = ProcedureFactory(code="1.001193", name="Đăng ký khai sinh")
    OfferingFactory(unit=unit, procedure=procedure, online_level=3)
    ProcedureChannelFactory(procedure=procedure, time_value=3)
    applicant = UserFactory(username="lan")
    draft = DossierFactory(
        applicant=applicant,
        unit=unit,
        procedure=procedure,
        procedure_version=current_version(procedure),
        code="",
    )
    submitted = new_dossier(unit, applicant=applicant)
    staff = officer(unit, "desk_officer")
    assert submitted.status == Status.NEW

    anonymous = Recorder(browser.new_page(locale="vi-VN"))
    for path in ["/", "/thu-tuc/?q=khai+sinh", "/thu-tuc/1.001193/", "/co-quan/", "/tra-cuu/"]:
        anonymous.visit(base + path)
    anonymous.page.get_by_label("Mã hồ sơ").fill(submitted.code)
    anonymous.page.get_by_role("button", name="Tra cứu").click()
    anonymous.page.wait_for_load_state("networkidle")
    anonymous.collect()
    anonymous.visit(base + "/tai-khoan/login/")
    anonymous.visit(base + "/tai-khoan/signup/")
    anonymous.visit(base + "/can-bo/dang-nhap/")
    anonymous.visit(base + "/api/docs")
    expect(anonymous.page.get_by_text("MotCua API")).to_be_visible()
    anonymous.collect()

    citizen = Recorder(logged_in(browser, live_server, applicant))
    for path in [
        "/ho-so/",
        f"/ho-so/{submitted.pk}/",
        f"/ho-so/{draft.pk}/thong-tin/",
        f"/ho-so/{draft.pk}/tep/",
        "/tai-khoan/ho-so-ca-nhan/",
    ]:
        citizen.visit(base + path)
    citizen.page.select_option("#id_province", label="Khánh Hòa")  # htmx reloads the lists
    expect(citizen.page.locator("#id_district")).to_contain_text("Thị xã Ninh Hòa")
    citizen.collect()

    officer_page = Recorder(logged_in(browser, live_server, staff))
    officer_page.visit(base + "/can-bo/")
    officer_page.page.get_by_label("Tìm theo mã hồ sơ, tên người nộp hoặc số CCCD").fill("An")
    officer_page.page.get_by_role("button", name="Tìm", exact=True).click()  # the search's POST
    officer_page.page.wait_for_load_state("networkidle")
    officer_page.collect()
    officer_page.visit(f"{base}/can-bo/ho-so/{submitted.pk}/")

    assert anonymous.found + citizen.found + officer_page.found == []
