"""A worker killed mid-send loses nothing and sends nothing twice: real `manage.py db_worker`
processes against the test database, a mail server that never answers, then a real one."""

import os
import signal
import socket
import subprocess
import time

import pytest
from django.conf import settings

from motcua.notifications.models import Delivery, DeliveryChannel, DeliveryStatus
from motcua.notifications.services import Recipient, queue_message
from tests.scale.conftest import ROOT, WORKER_COMMAND, shared_database_url

WAIT_SECONDS = 40


def worker_env(tmp_path, smtp_port: int) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("EMAIL_", "REDIS_", "MOTCUA_S3"))
    }
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "motcua.conf.settings",
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        "DATABASE_URL": shared_database_url(),
        "MOTCUA_VAR_DIR": str(tmp_path),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "0",
    }


def start_worker(tmp_path, smtp_port: int, name: str) -> subprocess.Popen:
    log = (tmp_path / f"{name}.log").open("wb")
    return subprocess.Popen(
        WORKER_COMMAND,
        cwd=ROOT,
        env=worker_env(tmp_path, smtp_port),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_for(status: str, delivery_id: int, tmp_path) -> Delivery:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        delivery = Delivery.objects.get(pk=delivery_id)
        if delivery.status == status:
            return delivery
        time.sleep(0.1)
    logs = "\n".join(log.read_text()[-2000:] for log in tmp_path.glob("*.log"))
    pytest.fail(f"the message never became {status!r} (is {delivery.status!r}):\n{logs}")


@pytest.fixture
def silent_server():
    """A port that accepts connections and never says a word (the SMTP greeting never comes):
    a send to it hangs until the worker is killed."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        yield server.getsockname()[1]


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_send_loses_nothing_and_the_next_one_sends_once(
    tmp_path, silent_server, mailbox, database_tasks
):
    delivery = queue_message(
        event="received",
        ref="kill-1",
        recipient=Recipient(DeliveryChannel.EMAIL, "an@example.vn", "vi"),
        values={"ma_ho_so": "000.00.01.H56-261203-0009", "ten_nguoi_nop": "Nguyễn Văn An"},
    )
    first = start_worker(tmp_path, silent_server, "worker-1")
    try:
        wait_for(DeliveryStatus.SENDING, delivery.pk, tmp_path)
        time.sleep(0.5)  # inside the SMTP conversation
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    assert Delivery.objects.get(pk=delivery.pk).attempts == 1

    # The scheduler's recovery run, once the lease of the dead worker has passed.
    time.sleep(1.1)
    recover = subprocess.run(
        [*WORKER_COMMAND[:2], "notifications_recover", "--lease-seconds", "1"],
        cwd=ROOT,
        env=worker_env(tmp_path, silent_server),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert recover.returncode == 0, recover.stderr
    assert "1 message(s) queued again" in recover.stdout

    port = settings.MAILERS["default"]["OPTIONS"]["port"]  # the loopback mailbox
    second = start_worker(tmp_path, port, "worker-2")
    try:
        sent = wait_for(DeliveryStatus.SENT, delivery.pk, tmp_path)
        time.sleep(1.5)  # give a second send every chance to happen
    finally:
        second.send_signal(signal.SIGINT)
        try:
            second.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(second.pid, signal.SIGKILL)
            second.wait()
    assert sent.attempts == 2
    assert len(mailbox) == 1
    assert mailbox.last()["Subject"] == "Hồ sơ 000.00.01.H56-261203-0009 đã được tiếp nhận"
