"""The public parsers of dossier codes and contacts (the lookup page and API) and of search
text (the catalogue search) over any input: a clear answer, never a server error; a real
dossier is found whatever the spacing of its code and however its phone number is written."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.dossiers.models import Status
from tests.dossiers.factories import DossierFactory

pytestmark = pytest.mark.django_db
examples = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# Any text, NUL and other control characters included (PostgreSQL refuses NUL in strings).
typed = st.text(max_size=80) | st.from_regex(r"[0-9A-Z.\- \x00]{0,40}", fullmatch=True)


@pytest.fixture(autouse=True)
def _no_limits(settings):
    settings.MOTCUA_RATE_LIMITS = {}


@examples
@given(code=typed, contact=typed)
def test_any_lookup_on_the_page_is_answered(client, code, contact):
    response = client.post("/tra-cuu/", {"ma": code, "lien_he": contact})

    assert response.status_code in {200, 404}


@examples
@given(code=typed, contact=typed)
def test_any_lookup_through_the_api_is_answered_as_json(client, code, contact):
    body = {"code": code, "phone": contact}
    response = client.post("/api/v1/lookup", body, content_type="application/json")

    assert response.status_code in {404, 422}
    assert response.json()["detail"]


@examples
@given(q=typed)
def test_any_search_text_is_answered(client, q):
    assert client.get("/thu-tuc/", {"q": q}).status_code == 200


@examples
@given(
    before=st.sampled_from(["", " ", "  "]),
    after=st.sampled_from(["", " ", "\t"]),
    phone=st.sampled_from(["0905123456", "0905 123 456", "+84 905 123 456", "84905123456"]),
)
def test_a_dossier_is_found_however_its_code_is_spaced_and_its_phone_written(
    client, before, after, phone
):
    dossier = DossierFactory(status=Status.NEW, applicant_phone="0905123456")
    try:
        response = client.post("/tra-cuu/", {"ma": before + dossier.code + after, "lien_he": phone})
    finally:
        dossier.delete()

    assert response.status_code == 200
    assert dossier.code in response.content.decode()
