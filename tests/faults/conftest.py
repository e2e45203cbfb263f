"""Shared pieces of the fault tests: real `manage.py db_worker` processes (as
tests/notifications/test_worker.py starts them) and a relay that holds a connection open
after the far side has answered, so that a test can kill a worker at that exact point."""

import http.server
import os
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator

import pytest
import redis
from django.conf import settings

from tests.dossiers.conftest import applicant, applicant_client, world  # noqa: F401  (shared)
from tests.notifications.test_worker import worker_env
from tests.payments.conftest import desk, dossier, unit  # noqa: F401  (shared)
from tests.scale.conftest import ROOT, WORKER_COMMAND, free_port

WAIT_SECONDS = 40


def wait_until(condition: Callable[[], object], what: str, logs=None, seconds=WAIT_SECONDS):
    """Poll `condition` until it is true; fail with `what` (and the workers' logs) if never."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.1)
    tails = "\n".join(log.read_text()[-2000:] for log in logs or ())
    pytest.fail(f"{what} never happened within {seconds} s\n{tails}")


class Workers:
    """db_worker processes against the test database, with the test's settings that a worker
    must share (secret key, sandbox gateway)."""

    def __init__(self, tmp_path):
        self.tmp_path = tmp_path
        self.processes: list[subprocess.Popen] = []
        self.env = {
            **worker_env(tmp_path, 9),
            "MOTCUA_SECRET_KEY": settings.SECRET_KEY,
            "MOTCUA_SANDBOX_GATEWAY": "1",
            "MOTCUA_PAYMENT_PROVIDER": "sandbox",
        }

    @property
    def logs(self):
        return sorted(self.tmp_path.glob("worker-*.log"))

    def start(self) -> subprocess.Popen:
        log = (self.tmp_path / f"worker-{len(self.processes) + 1}.log").open("wb")
        process = subprocess.Popen(
            WORKER_COMMAND,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append(process)
        return process

    @staticmethod
    def kill(process: subprocess.Popen) -> None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def manage(self, *arguments: str) -> str:
        """A management command as the scheduler runs it; its output."""
        done = subprocess.run(
            [*WORKER_COMMAND[:2], *arguments],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill(process)


@pytest.fixture
def workers(tmp_path) -> Iterator[Workers]:
    started = Workers(tmp_path)
    try:
        yield started
    finally:
        started.stop()


class Relay(http.server.ThreadingHTTPServer):
    """Forwards each request to `target` (same path, method and body); the FIRST request's
    answer is never passed back: the connection is held open until the test ends, as if the
    worker that sent it died just after the far side had acted on it."""

    daemon_threads = True

    def __init__(self, target: str):
        super().__init__(("127.0.0.1", 0), _RelayHandler)
        self.target = target
        self.forwarded = threading.Event()  # the first request reached the target
        self.release = threading.Event()
        self.count = 0
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _RelayHandler(http.server.BaseHTTPRequestHandler):
    server: Relay

    def log_message(self, *args) -> None:
        pass

    def _relay(self) -> None:
        with self.server.lock:
            self.server.count += 1
            first = self.server.count == 1
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        request = urllib.request.Request(
            self.server.target + self.path,
            data=body,
            method=self.command,
            headers={"Content-Type": self.headers.get("Content-Type", "")},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
                status, content = answer.status, answer.read()
        except urllib.error.HTTPError as error:
            status, content = error.code, error.read()
        if first:
            self.server.forwarded.set()
            self.server.release.wait()
            return
        self.send_response(status)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    do_GET = do_POST = _relay


@pytest.fixture
def relay(live_server) -> Iterator[Relay]:
    server = Relay(live_server.url)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()


class RedisServer:
    """A redis-server of the test's own on a free loopback port, nothing saved to disk,
    that the test stops and starts again (on the same port)."""

    def __init__(self, tmp_path):
        self.port = free_port()
        self.dir = tmp_path / "redis"
        self.dir.mkdir()
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        subprocess.run(
            [
                *("redis-server", "--bind", "127.0.0.1", "--port", str(self.port)),
                *("--save", "", "--appendonly", "no", "--daemonize", "yes"),
                *("--dir", str(self.dir), "--logfile", str(self.dir / "redis.log")),
            ],
            check=True,
        )
        wait_until(self.answers, "Redis answering", seconds=10)

    def stop(self) -> None:
        subprocess.run(
            ["redis-cli", "-p", str(self.port), "shutdown", "nosave"], capture_output=True
        )
        wait_until(lambda: not self.answers(), "Redis stopping", seconds=10)

    def answers(self) -> bool:
        try:
            return redis.Redis(port=self.port, socket_connect_timeout=1).ping()
        except redis.ConnectionError:
            return False


@pytest.fixture
def redis_server(tmp_path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "postgresql: runs in the PostgreSQL pass only (deselected on SQLite)"
    )


def pytest_collection_modifyitems(config, items):
    """A `postgresql` test is deselected (not skipped) when the run's database is SQLite:
    scripts/test.sh runs it in its PostgreSQL pass."""
    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    deselected = [item for item in items if item.get_closest_marker("postgresql")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]
