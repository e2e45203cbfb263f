"""axe-core on the main public and staff pages: no serious or critical violation."""

import pytest

from tests.e2e.axe import serious_violations
from tests.e2e.test_desk_journey import log_in
from tests.factories import OfferingFactory, RequiredDocumentFactory
from tests.processing.conftest import _fast_passwords, desk, leader, specialist, unit  # noqa: F401
from tests.processing.factories import new_dossier

pytestmark = pytest.mark.django_db(transaction=True)


def _check(page, url: str) -> list[str]:
    page.goto(url)
    return [
        f"{url}: {v['id']} ({v['impact']}) {v['help']} {v['nodes']}"
        for v in serious_violations(page)
    ]


def test_public_pages_have_no_serious_violations(live_server, page, phone_page, unit):  # noqa: F811
    offering = OfferingFactory(unit=unit, procedure__name="Đăng ký khai sinh")
    base = live_server.url
    found = []
    for each in (page, phone_page):
        for path in (
            "/",
            "/thu-tuc/",
            f"/thu-tuc/{offering.procedure.code}/",
            "/tra-cuu/",
            "/co-quan/",
        ):
            found += _check(each, base + path)
    assert found == [], "\n".join(found)


def test_staff_pages_have_no_serious_violations(live_server, page, unit, desk):  # noqa: F811
    offering = OfferingFactory(unit=unit, procedure__name="Cấp bản sao trích lục hộ tịch")
    RequiredDocumentFactory(procedure=offering.procedure, name="Tờ khai", position=1)
    dossier = new_dossier(unit)
    base = live_server.url
    found = _check(page, f"{base}/can-bo/dang-nhap/")
    log_in(page, base, "motcua")
    for path in (
        "/can-bo/",
        f"/can-bo/ho-so/{dossier.pk}/",
        "/can-bo/tiep-nhan-truc-tiep/",
        f"/can-bo/tiep-nhan-truc-tiep/?don_vi={unit.pk}&thu_tuc={offering.procedure.code}",
        "/can-bo/so-theo-doi/",
    ):
        found += _check(page, base + path)
    assert found == [], "\n".join(found)
