import pytest

from motcua.accounts.services import create_api_token
from tests.factories import UnitFactory
from tests.processing.conftest import _fast_passwords, desk, leader, specialist, unit  # noqa: F401


@pytest.fixture
def other_unit():
    return UnitFactory(name="UBND huyện Vạn Ninh")


@pytest.fixture
def api_client(client):
    """api_client.as_user(user) sends that user's bearer token."""

    class ApiClient:
        def __init__(self):
            self.headers = {}

        def as_user(self, user):
            _token, key = create_api_token(user, "thử nghiệm")
            self.headers = {"Authorization": f"Bearer {key}"}
            return self

        def get(self, path, **params):
            return client.get(path, params, headers=self.headers)

        def post(self, path, body):
            return client.post(path, body, content_type="application/json", headers=self.headers)

    return ApiClient()
