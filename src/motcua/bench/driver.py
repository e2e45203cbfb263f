"""`make bench` (scripts/bench.sh): load tests of MotCua on PostgreSQL.

1. the database `motcua_bench` (created if missing), migrated, demo data and BENCH_DOSSIERS
   generated dossiers (default 1,000,000; generated once, topped up when fewer);
2. gunicorn serving MotCua and, with the same settings, the bare view (motcua.bench.bare);
3. per scenario a warm-up then a fixed-duration wrk run on loopback (Lua script from
   scenarios.py), `submit` by Python threads through the API;
4. the table (with PASS/MISS against the targets in results.py) and var/bench/results.json.

Environment: BENCH_QUICK=1 (2,000 dossiers, 3-second runs), BENCH_DOSSIERS, BENCH_DURATION,
BENCH_WARMUP, BENCH_WORKERS (default 2 × cores + 1, as docs/deploy.md), BENCH_WORKER_CLASS
(sync), BENCH_THREADS,
BENCH_ONLY (comma-separated scenario names, e.g. to compare worker classes),
BENCH_SOAK (seconds of the soak: every read scenario mixed at 32 connections with submissions
beside them; default 600, 5 in the quick run, 0 to skip),
BENCH_REDIS_URL (default redis://127.0.0.1:6379/15; "none" measures the single-machine layout,
cache and sessions in PostgreSQL).
"""

import http.client
import json
import os
import platform
import random
import resource
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

from . import results
from .scenarios import (
    Mix,
    Request,
    Scenario,
    api_procedure_paths,
    dossier_paths,
    home_paths,
    lookup_scenario,
    procedure_paths,
    queue_paths,
    search_paths,
    session_headers,
    stats_public_paths,
    stats_report_paths,
)

ROOT = Path(__file__).resolve().parents[3]
OUT = Path(os.environ.get("MOTCUA_VAR_DIR") or ROOT / "var") / "bench"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/motcua_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"
SUBMIT_APPLICANT = "nguyenvanan"
ATTACHMENT_BYTES = 100 * 1024
NO_LIMIT = "1000000/minute"


@dataclass(frozen=True)
class Config:
    quick: bool
    dossiers: int
    duration: int
    warmup: int
    workers: int
    worker_class: str
    threads: int
    only: frozenset[str]
    soak: int

    @classmethod
    def from_env(cls) -> "Config":
        def env(name: str, default) -> str:
            return os.environ.get(name) or str(default)  # make exports unset ones as ""

        quick = env("BENCH_QUICK", "0") != "0"
        return cls(
            quick=quick,
            dossiers=int(env("BENCH_DOSSIERS", 2_000 if quick else 1_000_000)),
            duration=int(env("BENCH_DURATION", 3 if quick else 20)),
            warmup=int(env("BENCH_WARMUP", 1 if quick else 5)),
            workers=int(env("BENCH_WORKERS", 2 * (os.cpu_count() or 1) + 1)),
            worker_class=env("BENCH_WORKER_CLASS", "sync"),
            threads=int(env("BENCH_THREADS", 1)),
            only=frozenset(name for name in env("BENCH_ONLY", "").split(",") if name),
            soak=int(env("BENCH_SOAK", 5 if quick else 600)),
        )

    def wants(self, name: str) -> bool:
        return not self.only or name in self.only


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S', time.gmtime())}] {message}", flush=True)


# --- database and dataset -----------------------------------------------------------------


def ensure_database(url: str) -> None:
    """Create the bench database when it does not exist yet."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            log(f"creating database {name}")
            connection.execute(f'CREATE DATABASE "{name}"')


def prepare_data(config: Config) -> dict:
    from django.conf import settings
    from django.core.management import call_command

    from motcua.demo.generator import Generator
    from motcua.dossiers.models import Dossier

    log("migrate, demo data, static files")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo", verbosity=0)
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    have = Dossier.objects.count()
    if have < config.dossiers:
        missing = config.dossiers - have
        log(f"generating {missing:,} dossiers (have {have:,})")
        started = time.monotonic()
        Generator(missing, seed=have).run(lambda done: log(f"  {done:,} / {missing:,}"))
        rate = missing / (time.monotonic() - started)
        log(f"generated {missing:,} dossiers at {rate:,.0f}/s")
    vacuum()
    return dataset_summary()


def vacuum() -> None:
    """VACUUM (ANALYZE), as autovacuum does on a live database: it marks the pages all-visible,
    without which counts and lookups read the table instead of the index alone. Autovacuum
    may be off on the bench host (it was on 2026-11-27) or not have reached the new rows."""
    from django.db import connection

    log("VACUUM (ANALYZE)")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


def settle_disk() -> None:
    """Write out what earlier steps left in memory (a PostgreSQL checkpoint, then the kernel's
    dirty pages), as pgbench checkpoints before it measures: otherwise a scenario pays for the
    previous one's writes (the attachments of earlier submissions, the VACUUM's pages), and
    submit varied from 88 to 125 dossiers/s with the same code (2026-11-27)."""
    from django.db import DatabaseError, connection

    log("CHECKPOINT and sync")
    try:
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    except DatabaseError as error:  # CHECKPOINT needs a superuser or pg_checkpoint
        log(f"  no CHECKPOINT: {error}")
    os.sync()


def dataset_summary() -> dict:
    from django.db import connection

    from motcua.dossiers.models import Dossier, DossierFile, StatusHistory

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database()), version()")
        size, version = cursor.fetchone()
    return {
        "dossiers": Dossier.objects.count(),
        "status_history": StatusHistory.objects.count(),
        "files": DossierFile.objects.count(),
        "database_mb": round(size / 2**20),
        "postgresql": version.split(",")[0],
    }


# --- who and what the scenarios request -------------------------------------------------------


def session_for(user) -> str:
    """A logged-in session (in the configured session store) for `user`, as login makes."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def busy_desk_officer():
    """A desk officer (not a superuser) of the unit with the most dossiers."""
    from django.db.models import Count

    from motcua.dossiers.models import Dossier
    from motcua.org.models import Role, StaffRole

    roles = StaffRole.objects.filter(role=Role.DESK_OFFICER, user__is_superuser=False)
    units = set(roles.values_list("unit_id", flat=True))
    busiest = (
        Dossier.objects.filter(unit_id__in=units)
        .values("unit_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    role = roles.select_related("user", "unit").get(unit_id=busiest["unit_id"])
    return role.user, role.unit, busiest["n"]


def busiest_units(count: int) -> list[int]:
    """The ids of the `count` units that received the most dossiers (their 766 pages)."""
    from django.db.models import Count

    from motcua.dossiers.models import Dossier

    rows = Dossier.objects.values("unit_id").annotate(n=Count("id")).order_by("-n")[:count]
    return [row["unit_id"] for row in rows]


def sample_dossiers(count: int, rng: random.Random) -> list[tuple[str, str]]:
    """(code, phone) of submitted dossiers spread over the whole table."""
    from django.db.models import Max, Min

    from motcua.dossiers.models import Dossier

    bounds = Dossier.objects.aggregate(low=Min("id"), high=Max("id"))
    ids = [rng.randint(bounds["low"], bounds["high"]) for _ in range(count * 2)]
    rows = Dossier.objects.filter(pk__in=ids).exclude(code=None).exclude(applicant_phone="")
    return list(rows.values_list("code", "applicant_phone")[:count])


def procedure_codes(count: int) -> list[str]:
    from motcua.catalog.models import Procedure

    codes = list(
        Procedure.objects.filter(offerings__isnull=False)
        .distinct()
        .order_by("id")
        .values_list("code", flat=True)
    )
    step = max(1, len(codes) // count)
    return codes[::step][:count]


def applicant_dossiers(user, count: int) -> list[int]:
    """The applicant's submitted dossiers with the longest histories."""
    from django.db.models import Count

    from motcua.dossiers.models import Dossier, Status

    rows = (
        Dossier.objects.filter(applicant=user)
        .exclude(status=Status.DRAFT)
        .annotate(steps=Count("history"))
        .order_by("-steps", "id")
    )
    return list(rows.values_list("id", flat=True)[:count])


def submit_target():
    """A procedure with the default e-form and at most two required documents, with the units
    that receive it online (submissions are spread over them: one counter row per unit)."""
    from django.db.models import Count, Q

    from motcua.catalog.models import ONLINE_SUBMISSION_LEVEL, Procedure
    from motcua.catalog.selectors import default_form, effective_form
    from motcua.dossiers.selectors import receiving_units

    candidates = (
        Procedure.objects.filter(max_online_level__gte=ONLINE_SUBMISSION_LEVEL)
        .annotate(required=Count("documents", filter=Q(documents__required=True)))
        .filter(required__gte=1, required__lte=2)
        .order_by("id")
    )
    best = None
    for procedure in candidates:
        if effective_form(procedure) != default_form():
            continue
        units = list(receiving_units(procedure).values_list("id", flat=True))
        if best is None or len(units) > len(best[1]):
            best = (procedure, units)
    if best is None:
        raise results.BenchError("No procedure can be submitted online with the default form.")
    return best


def build_scenarios(config: Config) -> tuple[list[Scenario], dict]:
    from django.contrib.auth.models import User
    from django.utils import timezone

    from motcua.demo.staff import PROVINCE_ADMIN

    rng = random.Random(2016)
    officer, unit, unit_dossiers = busy_desk_officer()
    applicant = User.objects.get(username=SUBMIT_APPLICANT)
    own = applicant_dossiers(applicant, 20)
    admin = User.objects.get(username=PROVINCE_ADMIN)
    year = timezone.localdate().year
    scenarios = [
        Scenario("home", home_paths()),
        Scenario("search", search_paths()),
        Scenario("procedure", procedure_paths(procedure_codes(200))),
        Scenario("api_procedures", api_procedure_paths()),
        lookup_scenario(sample_dossiers(300, rng)),
        Scenario("officer_queue", queue_paths(), 16, session_headers(session_for(officer))),
        Scenario("dossier_detail", dossier_paths(own), 32, session_headers(session_for(applicant))),
        Scenario("stats_report", stats_report_paths(year), 16, session_headers(session_for(admin))),
        Scenario("stats_public", stats_public_paths(year, busiest_units(5)), 16),
    ]
    about = {
        "officer": officer.username,
        "officer_unit": unit.name,
        "officer_unit_dossiers": unit_dossiers,
        "applicant": applicant.username,
        "applicant_dossiers": len(own),
    }
    return scenarios, about


# --- servers ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """One gunicorn master we started (and stop)."""

    def __init__(self, app: str, config: Config, env: dict):
        self.port = free_port()
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [
            str(gunicorn),
            app,
            "--pythonpath",
            str(ROOT / "src"),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(config.workers),
            "--worker-class",
            config.worker_class,
            "--threads",
            str(config.threads),
            "--backlog",
            "2048",
            "--no-control-socket",
            "--log-level",
            "warning",
        ]
        self.log = open(OUT / f"gunicorn-{app.split('.')[-1]}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(command, env=env, stdout=self.log, stderr=self.log)
        self._wait_ready()

    def _wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise results.BenchError(f"gunicorn exited; see {self.log.name}")
            try:
                get(self.port, "/", {})
                return
            except OSError:
                time.sleep(0.3)
        raise results.BenchError(f"gunicorn not ready after {timeout} s")

    def worker_pids(self) -> list[int]:
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                    pids.append(int(entry.name))
        return pids

    def worker_rss_mb(self) -> dict[int, float]:
        """Resident memory of each worker, by pid."""
        sizes = {}
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes[pid] = round(int(line.split()[1]) / 1024, 1)
        return sizes

    def max_worker_rss_mb(self) -> float:
        return max(self.worker_rss_mb().values(), default=0.0)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def get(port: int, path: str, headers: dict) -> tuple[int, bytes]:
    return send(port, Request("GET", path, headers))


def send(port: int, request: Request) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        body = request.body.encode() or None
        connection.request(request.method, request.path, body=body, headers=request.headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


# --- measuring ----------------------------------------------------------------------------


def check(port: int, scenario: Scenario) -> None:
    """The first URL answers 200 (not a login redirect or an error page) before measuring."""
    first = scenario.requests()[0]
    status, _body = send(port, first)
    if status != 200:
        raise results.BenchError(f"{scenario.name}: {first.path} answered {status}")


def run_wrk(port: int, scenario: Scenario | Mix, seconds: int) -> dict:
    script = OUT / f"{scenario.name}.lua"
    script.write_text(lua_source(scenario))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    command = [
        "wrk",
        f"-t{min(2, scenario.connections)}",
        f"-c{scenario.connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        f"http://127.0.0.1:{port}",
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    result = results.parse_wrk(output)
    return {**result, "connections": scenario.connections, "generator_cpu": round(cpu / seconds, 3)}


def lua_source(scenario: Scenario) -> str:
    from .scenarios import lua_script

    return lua_script(scenario)


def measure(port: int, scenario: Scenario, config: Config) -> dict:
    check(port, scenario)
    run_wrk(port, scenario, config.warmup)
    result = run_wrk(port, scenario, config.duration)
    log(f"{scenario.name}: {result['rps']:.0f} req/s, p99 {result['p99_ms']} ms")
    return result


# --- submit: authenticated API submissions with two attachments ------------------------------


def attachment() -> bytes:
    from motcua.demo.generator import _pdf

    pdf = _pdf("Tep dinh kem do tai")
    return pdf + b"%" + b"0" * (ATTACHMENT_BYTES - len(pdf) - 2) + b"\n"


def multipart(fields: dict[str, str], files: list[tuple[str, str, bytes]]) -> tuple[str, bytes]:
    """A multipart/form-data body: text `fields`, then `files` as (part name, filename, PDF)."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
        + value.encode()
        + b"\r\n"
        for name, value in fields.items()
    ]
    parts += [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        f"Content-Type: application/pdf\r\n\r\n".encode()
        + content
        + b"\r\n"
        for name, filename, content in files
    ]
    parts.append(f"--{boundary}--\r\n".encode())
    return f"multipart/form-data; boundary={boundary}", b"".join(parts)


class Submitter:
    """One thread submitting dossiers with two files until the deadline: in one request
    (`POST /api/v1/submissions`), or in four (draft, two files, submit) when `steps`."""

    def __init__(self, port: int, token: str, target: dict, content: bytes, steps: bool):
        self.port, self.target, self.content, self.steps = port, target, content, steps
        self.auth = {"Authorization": f"Bearer {token}"}
        self.codes: list[str] = []
        self.latencies: list[float] = []
        self.errors: list[str] = []

    def call(self, connection, method: str, path: str, body: bytes, content_type: str) -> dict:
        headers = {**self.auth, "Content-Type": content_type}
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        if response.status not in (200, 201):
            raise results.BenchError(f"{method} {path}: {response.status} {data[:200]!r}")
        return json.loads(data)

    def run(self, deadline: float) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        one = self.in_steps if self.steps else self.at_once
        while time.monotonic() < deadline:
            started = time.monotonic()
            try:
                self.codes.append(one(connection))
                self.latencies.append(time.monotonic() - started)
            except (results.BenchError, OSError, http.client.HTTPException) as error:
                self.errors.append(str(error))
                connection.close()
        connection.close()

    def files(self, slots: list[int], name: str | None = None) -> list[tuple[str, str, bytes]]:
        """The two attachments, in the required slots: as parts `name`, or `slot-<id>`."""
        return [
            (name or f"slot-{slots[index % len(slots)]}", f"tep-{index}.pdf", self.content)
            for index in range(2)
        ]

    def at_once(self, connection) -> str:
        fields = {"dossier": json.dumps(self.target["dossier"])}
        content_type, payload = multipart(fields, self.files(self.target["slots"]))
        return self.call(connection, "POST", "/api/v1/submissions", payload, content_type)["code"]

    def in_steps(self, connection) -> str:
        body = json.dumps(self.target["dossier"]).encode()
        draft = self.call(connection, "POST", "/api/v1/dossiers", body, "application/json")
        path = f"/api/v1/dossiers/{draft['id']}"
        slots = self.target["slots"]
        for index, (name, filename, content) in enumerate(self.files(slots, "file")):
            slot = str(slots[index % len(slots)])
            content_type, payload = multipart({"document": slot}, [(name, filename, content)])
            self.call(connection, "POST", f"{path}/files", payload, content_type)
        return self.call(connection, "POST", f"{path}/submit", b"", "application/json")["code"]


def submit_targets(procedure, units: list[int]) -> list[dict]:
    """Per unit: the dossier JSON and the slots the two files go to (the required ones)."""
    from motcua.catalog.services import current_version

    documents = current_version(procedure).snapshot.get("documents") or []
    slots = [d["id"] for d in documents if d.get("required")] or [documents[0]["id"]]
    values = {"noi_dung": "Đo tải"}
    return [
        {"dossier": {"procedure": procedure.code, "unit": unit, "values": values}, "slots": slots}
        for unit in units
    ]


def submitters(port: int, *, steps: bool, connections: int):
    """A function that runs `connections` submitting threads for `seconds` and returns them."""
    from django.contrib.auth.models import User

    from motcua.accounts.services import create_api_token

    procedure, units = submit_target()
    targets = submit_targets(procedure, units)
    _token, key = create_api_token(User.objects.get(username=SUBMIT_APPLICANT), "bench")
    content = attachment()

    def start(seconds: int) -> list[Submitter]:
        workers = [
            Submitter(port, key, targets[index % len(targets)], content, steps)
            for index in range(connections)
        ]
        deadline = time.monotonic() + seconds
        threads = [threading.Thread(target=w.run, args=(deadline,)) for w in workers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return workers

    return start, procedure, units


def run_submit(port: int, config: Config, *, steps: bool, connections: int = 32) -> dict:
    from motcua.dossiers.models import Dossier

    start, procedure, units = submitters(port, steps=steps, connections=connections)

    name = "submit_steps" if steps else "submit"
    start(config.warmup)
    cpu_before, started = time.process_time(), time.monotonic()
    workers = start(config.duration)
    elapsed = time.monotonic() - started
    codes = [code for worker in workers for code in worker.codes]
    latencies = [seconds * 1000 for worker in workers for seconds in worker.latencies] or [0.0]
    errors = [error for worker in workers for error in worker.errors]
    stored = Dossier.objects.filter(code__in=codes).values("code").distinct().count()
    distinct = len(set(codes)) == len(codes) == stored
    log(f"{name}: {len(codes) / elapsed:.1f} dossiers/s, {len(errors)} errors, distinct={distinct}")
    if errors:
        log(f"  first error: {errors[0]}")
    way = "4 requests: draft, 2 files, submit" if steps else "1 request: POST /api/v1/submissions"
    return {
        "requests": len(codes),
        "rps": round(len(codes) / elapsed, 1),
        "p50_ms": round(results.percentile(latencies, 0.50), 2),
        "p95_ms": round(results.percentile(latencies, 0.95), 2),
        "p99_ms": round(results.percentile(latencies, 0.99), 2),
        "errors": len(errors),
        "connections": connections,
        "codes_distinct": distinct,
        "procedure": procedure.code,
        "units": len(units),
        "generator_cpu": round((time.process_time() - cpu_before) / elapsed, 3),
        "unit": f"dossiers/s with 2 files of 100 KB ({way})",
    }


# --- soak: the mixed load for minutes, watching errors and the workers' memory ----------------

SOAK_SUBMITTERS = 2
SOAK_SAMPLES = 10


def run_soak(server: Server, scenarios: list[Scenario], config: Config) -> dict:
    """Every read scenario interleaved at 32 connections (wrk) with SOAK_SUBMITTERS threads
    submitting beside them, for config.soak seconds. The workers' memory is taken after a
    warm-up (the baseline: caches and imports filled) and then through the run."""
    mix = Mix("soak", tuple(scenarios), 32)
    start_submitters, _procedure, _units = submitters(
        server.port, steps=False, connections=SOAK_SUBMITTERS
    )
    run_wrk(server.port, mix, max(config.warmup, min(60, config.soak // 10)))
    baseline = server.worker_rss_mb()
    samples: list[dict[int, float]] = []
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(max(1.0, config.soak / SOAK_SAMPLES)):
            samples.append(server.worker_rss_mb())

    sampler = threading.Thread(target=sample)
    sampler.start()
    submitted: list[Submitter] = []
    writer = threading.Thread(target=lambda: submitted.extend(start_submitters(config.soak)))
    writer.start()
    try:
        result = run_wrk(server.port, mix, config.soak)
    finally:
        writer.join()
        stop.set()
        sampler.join()
    final = server.worker_rss_mb()
    submit_errors = [error for worker in submitted for error in worker.errors]
    if submit_errors:
        log(f"  soak: first submission error: {submit_errors[0]}")
    soak = results.soak_result(
        result, baseline, final, samples, submitted=sum(len(w.codes) for w in submitted)
    )
    soak["errors"] += len(submit_errors)
    log(
        f"soak: {soak['rps']:.0f} req/s for {config.soak} s, {soak['errors']} errors, "
        f"worker memory {soak['rss_growth']:+.1%}"
    )
    return soak


# --- the run ------------------------------------------------------------------------------


def machine(config: Config) -> dict:
    memory = next(
        line.split()[1]
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cores": os.cpu_count(),
        "memory_gb": round(int(memory) / 2**20, 1),
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "gunicorn": f"{config.workers} × {config.worker_class} (threads {config.threads})",
        "duration_s": config.duration,
        "warmup_s": config.warmup,
    }


def use_redis_if_reachable() -> str:
    """The production layout (docs/deploy.md): cache, sessions and rate-limit counters in
    Redis when one answers; "database" (the single-machine layout) otherwise."""
    url = os.environ.get("BENCH_REDIS_URL") or DEFAULT_REDIS_URL
    if url == "none":
        return "database"
    parts = urlsplit(url)
    try:
        socket.create_connection((parts.hostname, parts.port or 6379), timeout=2).close()
    except OSError:
        log(f"no Redis at {url}: cache and sessions in PostgreSQL")
        return "database"
    os.environ["REDIS_URL"] = url
    os.environ["MOTCUA_CACHE_KEY_PREFIX"] = "bench"
    os.environ.setdefault("MOTCUA_SECRET_KEY", uuid.uuid4().hex + uuid.uuid4().hex)
    return "redis"


def main() -> int:
    config = Config.from_env()
    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    cache_layout = use_redis_if_reachable()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.settings")
    os.environ["MOTCUA_API_RATE_LIMIT"] = NO_LIMIT
    os.environ["MOTCUA_LOOKUP_RATE_LIMIT"] = NO_LIMIT
    for scope in ["API_ACCOUNT", "SUBMISSION", "UPLOAD", "LOGIN", "VERIFICATION"]:
        os.environ[f"MOTCUA_{scope}_RATE_LIMIT"] = NO_LIMIT
    OUT.mkdir(parents=True, exist_ok=True)
    ensure_database(url)
    import django

    django.setup()
    dataset = prepare_data(config)
    settle_disk()
    scenarios, about = build_scenarios(config)
    dataset.update(about)
    env = dict(os.environ)
    app, bare_server = (
        Server("motcua.conf.wsgi", config, env),
        Server("motcua.bench.bare", config, env),
    )
    try:
        bare = measure(bare_server.port, Scenario("bare", home_paths()), config)
        measured = {}
        for scenario in (s for s in scenarios if config.wants(s.name)):
            measured[scenario.name] = results.with_ratio(
                measure(app.port, scenario, config), bare["rps"]
            )
        for name, steps in (("submit", False), ("submit_steps", True)):
            if config.wants(name):
                settle_disk()
                submitted = run_submit(app.port, config, steps=steps)
                measured[name] = results.with_ratio(submitted, bare["rps"])
        if config.soak and config.wants("soak"):
            settle_disk()
            measured["soak"] = results.with_ratio(run_soak(app, scenarios, config), bare["rps"])
        rss = app.max_worker_rss_mb()
    finally:
        app.stop()
        bare_server.stop()
    about_machine = {**machine(config), "worker_rss_mb": rss, "cache_and_sessions": cache_layout}
    about_machine["worker_rss_verdict"] = results.memory_verdict(rss)
    print(results.table(bare, measured, rss))
    results.write_json(OUT / "results.json", results.report(bare, measured, dataset, about_machine))
    log(f"results: {OUT / 'results.json'}")
    problems = results.broken(bare, measured)
    for problem in problems:
        log(f"BROKEN: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
