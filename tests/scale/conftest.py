"""The multi-node deployment in miniature: an S3-compatible server (moto, real HTTP protocol),
Redis, and web nodes (gunicorn) plus a task worker started as subprocesses against the test
database. Every node gets its own MOTCUA_VAR_DIR, so nothing on one node's disk can help
another."""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import boto3
import pytest
import redis
import requests
from django.db import connection
from moto.server import ThreadedMotoServer

from motcua.conf.settings import s3_storage_from_env
from tests.dossiers.conftest import applicant, applicant_client, world  # noqa: F401  (shared)

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("MOTCUA_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
STARTUP_SECONDS = 30
WORKER_COMMAND = [
    *(sys.executable, "manage.py", "db_worker"),
    *("--no-startup-delay", "--no-reload", "--interval", "0.2"),
]
_S3_ENV = {
    "AWS_ACCESS_KEY_ID": "motcua-test",
    "AWS_SECRET_ACCESS_KEY": "motcua-test-secret",
    "MOTCUA_S3_REGION": "us-east-1",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class S3Bucket:
    endpoint_url: str
    name: str

    def env(self) -> dict[str, str]:
        """The variables a node needs to keep its dossier files in this bucket."""
        bucket = {"MOTCUA_S3_BUCKET": self.name, "MOTCUA_S3_ENDPOINT_URL": self.endpoint_url}
        return {**_S3_ENV, **bucket}

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=_S3_ENV["MOTCUA_S3_REGION"],
            aws_access_key_id=_S3_ENV["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=_S3_ENV["AWS_SECRET_ACCESS_KEY"],
        )


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 server on a free loopback port, shared by the session's tests."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3_bucket(s3_endpoint) -> S3Bucket:
    bucket = S3Bucket(s3_endpoint, f"motcua-{uuid.uuid4().hex[:16]}")
    bucket.client().create_bucket(Bucket=bucket.name)
    return bucket


@pytest.fixture
def s3_storage(s3_bucket, monkeypatch, settings) -> S3Bucket:
    """Dossier files of this process go to the bucket, configured as production does."""
    for name, value in s3_bucket.env().items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage_from_env()}
    return s3_bucket


@dataclass
class Cluster:
    """Web nodes `a` and `b` and one worker; `processes` in start order, logs in `logs`."""

    a: str = ""
    b: str = ""
    processes: list[subprocess.Popen] = field(default_factory=list)
    logs: list[Path] = field(default_factory=list)

    def start(self, name: str, command: list[str], env: dict[str, str], var_dir: Path) -> None:
        var_dir.mkdir(parents=True)
        log = var_dir / f"{name}.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                command,
                cwd=ROOT,
                env={**env, "MOTCUA_VAR_DIR": str(var_dir)},
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes.append(process)
        self.logs.append(log)

    def log_tails(self) -> str:
        return "\n".join(f"--- {log.name}\n{log.read_text()[-3000:]}" for log in self.logs)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def shared_database_url() -> str:
    """The pytest-django test database (this process's), as a URL for the subprocesses."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{credentials}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def node_env(bucket: S3Bucket, cache_prefix: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("EMAIL_")}
    return {
        **env,
        **bucket.env(),
        "DJANGO_SETTINGS_MODULE": "tests.scale.node_settings",
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        "DATABASE_URL": shared_database_url(),
        "REDIS_URL": REDIS_URL,
        "MOTCUA_CACHE_KEY_PREFIX": cache_prefix,
        "MOTCUA_SECRET_KEY": secrets.token_urlsafe(50),
        "MOTCUA_LOG_LEVEL": "INFO",
    }


def gunicorn_command(port: int) -> list[str]:
    return [
        *(sys.executable, "-m", "gunicorn", "motcua.conf.wsgi"),
        *("--bind", f"127.0.0.1:{port}", "--workers", "2", "--no-control-socket"),
    ]


def wait_until_serving(cluster: Cluster) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    for url in (cluster.a, cluster.b):
        while True:
            crashed = [p.args[:3] for p in cluster.processes if p.poll() is not None]
            assert not crashed, f"{crashed} stopped:\n{cluster.log_tails()}"
            assert time.monotonic() < deadline, f"{url} never answered:\n{cluster.log_tails()}"
            try:
                if requests.get(f"{url}/api/v1/fields", timeout=10).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.2)


def flush_cache_prefix(prefix: str) -> None:
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


@pytest.fixture
def cluster(transactional_db, s3_bucket, tmp_path) -> Iterator[Cluster]:
    """Two web nodes and a worker sharing the test database, Redis (under a key prefix of
    this test only) and the bucket. Data must be committed (transactional_db) to be seen."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.ConnectionError as error:
        pytest.fail(f"Redis is not reachable at {REDIS_URL} ({error}): start redis-server.")
    prefix = f"motcua-test-{uuid.uuid4().hex}"
    env = node_env(s3_bucket, prefix)
    cluster = Cluster()
    try:
        for name in ("a", "b"):
            port = free_port()
            setattr(cluster, name, f"http://127.0.0.1:{port}")
            cluster.start(f"web-{name}", gunicorn_command(port), env, tmp_path / name)
        cluster.start("worker", WORKER_COMMAND, env, tmp_path / "worker")
        wait_until_serving(cluster)
        yield cluster
    finally:
        cluster.stop()
        flush_cache_prefix(prefix)
