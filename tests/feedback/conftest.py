import time

import pytest
from django.core import signing

from motcua.feedback.forms import STARTED_SALT
from tests.processing.conftest import _fast_passwords, desk, unit  # noqa: F401


def started(seconds_ago: int = 30) -> str:
    """The form's signed start time, as if the form had been shown `seconds_ago`."""
    then = signing.b62_encode(int(time.time()) - seconds_ago)

    class SignedThen(signing.TimestampSigner):
        def timestamp(self):
            return then

    return SignedThen(salt=STARTED_SALT).sign("form")


@pytest.fixture
def form_data(unit):  # noqa: F811
    return {
        "kind": "feedback",
        "topic": "unit",
        "unit": str(unit.pk),
        "sender_name": "Trần Thị Bình",
        "sender_email": "binh@example.vn",
        "title": "Thời gian chờ ở bộ phận một cửa",
        "content": "Tôi phải chờ lâu để được tiếp nhận hồ sơ khai sinh.",
        "publish_consent": "on",
        "started": started(),
        "website": "",
    }


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
