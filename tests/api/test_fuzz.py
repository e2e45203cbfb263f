"""schemathesis against the OpenAPI schema of a live server, as an anonymous client, an
applicant's token and an officer's token: every
operation with bounded generated input (valid and invalid), and no answer is a 5xx; every
error answer has the API's JSON error shape."""

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from motcua.accounts.services import create_api_token
from tests.accounts.factories import ApplicantProfileFactory
from tests.factories import UnitFactory
from tests.processing.factories import officer

pytestmark = pytest.mark.django_db(transaction=True)
EXAMPLES = 10  # per operation and mode: the run stays well under a minute


@pytest.fixture(params=["anonymous", "applicant", "officer"])
def caller(request) -> dict:
    """The headers of an anonymous client, an applicant's or a desk officer's integration."""
    if request.param == "anonymous":
        return {}
    if request.param == "applicant":
        user = ApplicantProfileFactory().user
    else:
        user = officer(UnitFactory(), "desk_officer", "specialist", "leader")
    _token, key = create_api_token(user, "schemathesis")
    return {"Authorization": f"Bearer {key}"}


def test_no_generated_request_gets_a_server_error(request, live_server, settings_rate_free, caller):
    session = requests.Session()
    session.headers.update(caller)
    # Closed at the end: a kept-alive socket keeps the server's thread, and its database
    # connection, open, and PostgreSQL's test database could not be dropped.
    request.addfinalizer(session.close)
    document = session.get(f"{live_server.url}/api/openapi.json", timeout=120).json()
    schema = schemathesis.openapi.from_dict(document)
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 10

    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def call(case):
                response = case.call(base_url=live_server.url, session=session, timeout=120)
                label = f"{case.method} {case.formatted_path} {case.query or ''}"
                server_error = response.status_code >= 500
                if server_error or (response.status_code >= 400 and not has_error_shape(response)):
                    failures.append(f"{label} -> {response.status_code} {response.text[:200]}")

            try:
                call()
            except Unsatisfiable:  # nothing invalid to send (an operation without parameters)
                assert mode == GenerationMode.NEGATIVE, operation.label

    assert failures == [], "\n".join(failures)


def has_error_shape(response) -> bool:
    """JSON {"detail": "<a message>", ...} (motcua/api/errors.py)."""
    try:
        detail = response.json().get("detail")
    except ValueError:
        return False
    return isinstance(detail, str) and bool(detail)


@pytest.fixture
def settings_rate_free(settings):
    settings.MOTCUA_RATE_LIMITS = {}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/procedures/abc%0A"),  # found by the run above: a newline in the path
        ("get", "/api/v1/nothing%0A"),
        ("post", "/api/v1/nothing"),  # found too: the CSRF check's HTML page
    ],
)
def test_an_unknown_api_address_is_a_json_404_whatever_the_method(method, path):
    from django.test import Client

    response = getattr(Client(enforce_csrf_checks=True), method)(path)

    assert response.status_code == 404
    assert response.json()["detail"].startswith("Không có chức năng API nào")
