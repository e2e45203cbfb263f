"""The scheduler as it runs: a real `manage.py run_scheduler` process, and a real worker
sending the morning digest it enqueued through the SMTP server on loopback."""

import os
import signal
import subprocess
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from motcua.core.models import ScheduledRun
from motcua.core.scheduler import JOBS, tick
from motcua.core.selectors import latest_runs
from motcua.processing import services
from tests.notifications.test_worker import WAIT_SECONDS, start_worker, worker_env
from tests.processing.conftest import _fast_passwords, desk, specialist, unit  # noqa: F401
from tests.processing.factories import new_dossier
from tests.scale.conftest import ROOT, WORKER_COMMAND

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def stop(process: subprocess.Popen) -> int:
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise


def wait_until(condition, what: str, tmp_path) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    logs = "\n".join(log.read_text()[-2000:] for log in tmp_path.glob("*.log"))
    pytest.fail(f"{what} never happened:\n{logs}")


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_process_enqueues_the_due_jobs_and_stops_on_sigterm(tmp_path):
    log = (tmp_path / "scheduler.log").open("wb")
    scheduler = subprocess.Popen(
        [*WORKER_COMMAND[:2], "run_scheduler", "--interval", "0.5"],
        cwd=ROOT,
        env=worker_env(tmp_path, 9),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_until(
            lambda: ScheduledRun.objects.count() == len(JOBS), "a run of every job", tmp_path
        )
        time.sleep(1.5)  # three more ticks: nothing new within the minute (or one more minute)
    finally:
        assert stop(scheduler) == 0
    runs = ScheduledRun.objects.all()
    assert {run.job for run in runs} == {job.name for job in JOBS}
    assert runs.count() <= len(JOBS) + 2  # a new minute (and its 5-minute slot) at most
    assert DBTaskResult.objects.count() == runs.count()
    assert "Enqueued: recover_messages" in (tmp_path / "scheduler.log").read_text()


@pytest.mark.django_db(transaction=True)
def test_the_morning_digest_reaches_each_officer_once(tmp_path, unit, desk, specialist, mailbox):  # noqa: F811
    for _dossier in range(2):
        services.receive(new_dossier(unit, days=1).pk, actor=desk)
    monday = datetime(2026, 12, 7, 7, 0, 10, tzinfo=VN)
    assert "staff_digest" in tick(monday)
    assert "staff_digest" not in tick(datetime(2026, 12, 7, 7, 30, tzinfo=VN))  # restarted

    port = settings.MAILERS["default"]["OPTIONS"]["port"]  # the loopback mailbox
    worker = start_worker(tmp_path, port, "worker")
    try:
        wait_until(
            lambda: not DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).exists(),
            "every task run",
            tmp_path,
        )
        time.sleep(1)  # any second message would have arrived by now
    finally:
        stop(worker)
    [digest] = mailbox.to(specialist.email)
    assert digest["Subject"] == "2 hồ sơ đến hạn trong một ngày làm việc"
    assert latest_runs().get(job="staff_digest").task_status == TaskResultStatus.SUCCESSFUL
