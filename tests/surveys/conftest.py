import pytest

from motcua.processing import services as processing
from tests.processing.conftest import _fast_passwords, desk, leader, specialist, unit  # noqa: F401
from tests.processing.factories import new_dossier

ANSWERS = {
    "info_clear": "1",
    "account_simple": "1",
    "sending_smooth": "0",
    "processing_fast": "1",
    "benefit": "time_travel",
    "ease": "2",
    "overall": "1",
    "comment": "Cán bộ hướng dẫn tận tình.",
}


def walk_to_returned(dossier, *officers):
    """Receive, appraise, approve and return `dossier` along the default route, by the desk
    officer, the specialist and the leader `officers`."""
    desk_officer, appraiser, approver = officers
    processing.receive(dossier.pk, actor=desk_officer)
    processing.complete_step(dossier.pk, actor=appraiser)
    processing.complete_step(dossier.pk, actor=approver)
    return processing.return_result(
        dossier.pk, actor=desk_officer, received_by_name="Nguyễn Văn An"
    )


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def returned(unit, desk, specialist, leader):  # noqa: F811
    """A dossier whose result was returned (status 10), with its survey invitation."""
    return walk_to_returned(new_dossier(unit), desk, specialist, leader)
