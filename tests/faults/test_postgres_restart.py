"""PostgreSQL restarted while submissions and officer actions are under way. The test runs
its own small cluster (initdb on a free port, as the postgres user when root, the way
scripts/test-services.sh does), loaded with a copy of the test database, and a gunicorn node
on it; threads submit dossiers (API, with files), receive dossiers (desk API) and read
pages while the cluster is stopped and started again. Requests in the outage are a 503
with Retry-After (Vietnamese page, or the API's JSON error), never a 500; nothing is
half-written (each dossier has all its files, each file its row); the node recovers by
itself."""

import itertools
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
import requests

from motcua.dossiers.models import Status
from tests.dossiers.conftest import PDF
from tests.dossiers.test_api import bearer
from tests.processing.factories import new_dossier, officer
from tests.scale.conftest import ROOT, free_port, gunicorn_command, shared_database_url

from .conftest import wait_until

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]
NO_LIMIT = "1000000/minute"
BIN = Path(sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1])


def as_postgres(*command: str) -> list[str]:
    """initdb refuses root: as root, PostgreSQL's programs run as the postgres user."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


class Cluster:
    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="motcua-pg-restart-", dir="/tmp"))
        self.dir.chmod(0o755)
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/motcua"
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories='' "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self.ctl = [str(BIN / "pg_ctl"), "-D", str(self.dir / "data"), "-o", options]
        self.ctl += ["-l", str(self.dir / "server.log"), "-w", "-t", "30"]

    def init(self) -> None:
        initdb = [str(BIN / "initdb"), "-D", str(self.dir / "data"), "-U", "postgres"]
        initdb += ["-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]
        subprocess.run(as_postgres(*initdb), check=True, capture_output=True)
        self.start()

    def start(self) -> None:
        subprocess.run(as_postgres(*self.ctl, "start"), check=True, capture_output=True)

    def stop(self) -> None:
        subprocess.run(as_postgres(*self.ctl, "stop", "-m", "fast"), capture_output=True)

    def load(self, source_url: str) -> None:
        """A copy of the test database (schema, migrations, the test's rows)."""
        admin = self.url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute("CREATE DATABASE motcua")
        dump = subprocess.run(
            [str(BIN / "pg_dump"), "--no-owner", "--no-privileges", source_url],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [str(BIN / "psql"), "-q", "-v", "ON_ERROR_STOP=1", self.url],
            input=dump.stdout,
            check=True,
            capture_output=True,
        )

    def query(self, sql: str) -> list[tuple]:
        with psycopg.connect(self.url) as connection:
            return connection.execute(sql).fetchall()

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    own = Cluster()
    try:
        own.init()
        yield own
    finally:
        own.remove()


@dataclass
class Node:
    url: str
    process: subprocess.Popen
    log: Path
    private: Path


@pytest.fixture
def node(cluster, tmp_path, settings) -> Iterator[Node]:
    port = free_port()
    env = {name: value for name, value in os.environ.items() if not name.startswith("REDIS_")}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.scale.node_settings",
        PYTHONPATH=f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        DATABASE_URL=cluster.url,
        MOTCUA_VAR_DIR=str(tmp_path),
        MOTCUA_SECRET_KEY=settings.SECRET_KEY,
        MOTCUA_API_RATE_LIMIT=NO_LIMIT,
        MOTCUA_API_ACCOUNT_RATE_LIMIT=NO_LIMIT,
        MOTCUA_SUBMISSION_RATE_LIMIT=NO_LIMIT,
        MOTCUA_UPLOAD_RATE_LIMIT=NO_LIMIT,
    )
    log = tmp_path / "web.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            gunicorn_command(port),
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    started = Node(f"http://127.0.0.1:{port}", process, log, tmp_path / "private")

    def serving():
        try:
            return requests.get(f"{started.url}/healthz", timeout=5).status_code == 200
        except requests.RequestException:
            return False

    try:
        wait_until(serving, "gunicorn serving", [log], seconds=30)
        yield started
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Answer:
    kind: str
    status: int
    content_type: str
    body: str
    retry_after: str | None


@dataclass
class Traffic:
    """Requests sent in loops by threads until `stop` is set; every answer is kept."""

    answers: list[Answer] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def keep(self, kind: str, response: requests.Response) -> None:
        answer = Answer(
            kind,
            response.status_code,
            response.headers.get("Content-Type", ""),
            response.text[:2000],
            response.headers.get("Retry-After"),
        )
        with self.lock:
            self.answers.append(answer)
            if kind == "submit" and answer.status == 201:
                self.codes.append(response.json()["code"])

    def count(self, kind: str, status: int) -> int:
        with self.lock:
            return sum(1 for a in self.answers if a.kind == kind and a.status == status)

    def run(self, kind: str, send) -> threading.Thread:
        def loop():
            with requests.Session() as session:
                while not self.stop.is_set():
                    try:
                        response = send(session)
                    except requests.RequestException:
                        time.sleep(0.05)  # the node itself never refuses; counted below
                        continue
                    if response is None:  # nothing left to do
                        return
                    self.keep(kind, response)

        thread = threading.Thread(target=loop, daemon=True)
        thread.start()
        return thread


def test_a_postgres_restart_is_a_503_then_recovered_with_nothing_half_written(
    cluster, applicant, world, tmp_path, settings, request
):
    desk = officer(world["unit"], "desk_officer", username="motcua")
    waiting = [new_dossier(world["unit"]).pk for _ in range(60)]
    applicant_auth = bearer(applicant)["HTTP_AUTHORIZATION"]
    desk_auth = bearer(desk)["HTTP_AUTHORIZATION"]
    cluster.load(shared_database_url())
    node = request.getfixturevalue("node")
    api = f"{node.url}/api/v1"
    dossier_json = (
        f'{{"procedure": "{world["procedure"].code}", "unit": {world["unit"].pk}, '
        '"values": {"noi_dung": "Trong lúc khởi động lại"}}'
    )
    slots = [document.pk for document in world["documents"][:2]]
    to_receive = iter(waiting)

    def submit(session):
        files = {f"slot-{slot}": (f"to-{slot}.pdf", PDF, "application/pdf") for slot in slots}
        return session.post(
            f"{api}/submissions",
            data={"dossier": dossier_json},
            files=files,
            headers={"Authorization": applicant_auth},
            timeout=30,
        )

    def receive(session):
        dossier_id = next(to_receive, None)
        if dossier_id is None:
            return None
        time.sleep(0.1)  # an officer's pace: the dossiers last through the outage
        return session.post(
            f"{api}/desk/dossiers/{dossier_id}/actions",
            json={"action": "receive"},
            headers={"Authorization": desk_auth},
            timeout=30,
        )

    searches = itertools.count()

    def read_page(session):
        """A search no one made before: never an answer kept by the page cache."""
        query = {"q": f"khai sinh {next(searches)}"}
        headers = {"Accept": "text/html"}
        return session.get(f"{node.url}/thu-tuc/", params=query, headers=headers, timeout=30)

    traffic = Traffic()
    threads = [
        traffic.run("submit", submit),
        traffic.run("submit", submit),
        traffic.run("receive", receive),
        traffic.run("page", read_page),
    ]
    try:
        wait_until(lambda: traffic.count("submit", 201) >= 3, "submissions", [node.log])
        cluster.stop()
        wait_until(
            lambda: traffic.count("submit", 503) and traffic.count("page", 503),
            "503 answers during the outage",
            [node.log],
            seconds=20,
        )
        cluster.start()
        restarted = time.monotonic()
        before = traffic.count("submit", 201)
        wait_until(
            lambda: traffic.count("submit", 201) > before and traffic.count("page", 200),
            "the node serving again",
            [node.log],
            seconds=15,
        )
        recovery_seconds = time.monotonic() - restarted
    finally:
        traffic.stop.set()
        for thread in threads:
            thread.join(timeout=35)

    statuses = {(a.kind, a.status) for a in traffic.answers}
    assert statuses <= {
        ("submit", 201),
        ("submit", 503),
        ("receive", 200),
        ("receive", 503),
        ("page", 200),
        ("page", 503),
    }, statuses
    assert recovery_seconds < 15
    for answer in traffic.answers:
        if answer.status != 503:
            continue
        assert answer.retry_after and int(answer.retry_after) > 0
        if answer.kind == "page":
            assert "text/html" in answer.content_type
            assert "Hệ thống đang tạm gián đoạn" in answer.body
        else:
            assert answer.content_type.startswith("application/json")
            assert "Hệ thống đang tạm gián đoạn" in answer.body and '"detail"' in answer.body

    # Nothing half-written: each submitted dossier has its two files, each row its file on
    # disk, each file on disk its row; every code answered 201 is there.
    submitted = cluster.query(
        "SELECT d.code, count(f.id) FROM dossiers_dossier d "
        "LEFT JOIN dossiers_dossierfile f ON f.dossier_id = d.id "
        f"WHERE d.code IS NOT NULL AND d.status = {Status.NEW} AND d.values::text LIKE "
        "'%khởi động lại%' GROUP BY d.code"
    )
    assert all(files == 2 for _code, files in submitted), submitted
    assert set(traffic.codes) <= {code for code, _files in submitted}
    rows = {name for (name,) in cluster.query("SELECT file FROM dossiers_dossierfile")}
    on_disk = {
        str(path.relative_to(node.private)) for path in node.private.rglob("*") if path.is_file()
    }
    assert on_disk == rows
    received = cluster.query(
        f"SELECT count(*) FROM dossiers_dossier d WHERE d.status = {Status.RECEIVED} AND "
        "NOT EXISTS (SELECT 1 FROM dossiers_statushistory h "
        f"WHERE h.dossier_id = d.id AND h.to_status = {Status.RECEIVED})"
    )
    assert received == [(0,)]
    assert traffic.count("receive", 200) > 0
