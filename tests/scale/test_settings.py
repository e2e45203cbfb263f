"""What the environment of a node turns into: each case is a fresh interpreter, since the
settings module reads the environment once, at import."""

import json
import os
import subprocess
import sys

import pytest

from .conftest import ROOT

SHARED_KEY = {"MOTCUA_SECRET_KEY": "une-clé-partagée-par-tous-les-nœuds"}


def settings_with(env: dict[str, str], expression: str) -> subprocess.CompletedProcess:
    """Import the settings under `env` (added to this one, minus MotCua's own) and print
    `expression` (evaluated in the settings module) as JSON."""
    base = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("MOTCUA_") and name != "REDIS_URL"
    }
    code = f"import json, motcua.conf.settings as s; print(json.dumps({expression}, default=str))"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, **env, "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        timeout=60,
    )


def value(env: dict[str, str], expression: str):
    started = settings_with(env, expression)
    assert started.returncode == 0, started.stderr
    return json.loads(started.stdout)


@pytest.mark.parametrize(
    "shared_service",
    [{"REDIS_URL": "redis://127.0.0.1:6379/15"}, {"MOTCUA_S3_BUCKET": "ho-so"}],
    ids=["redis", "s3"],
)
def test_several_nodes_refuse_to_start_without_a_shared_secret_key(shared_service):
    """A random per-machine key would make each node reject the others' sessions."""
    started = settings_with(shared_service, "s.SECRET_KEY")
    assert started.returncode != 0 and "MOTCUA_SECRET_KEY" in started.stderr
    assert (
        value({**shared_service, **SHARED_KEY}, "s.SECRET_KEY") == SHARED_KEY["MOTCUA_SECRET_KEY"]
    )


def test_s3_storage_is_private_and_configured_from_the_environment():
    env = {
        **SHARED_KEY,
        "MOTCUA_S3_BUCKET": "ho-so",
        "MOTCUA_S3_ENDPOINT_URL": "http://10.0.0.5:9000",
        "MOTCUA_S3_REGION": "vn-khh-1",
    }
    storage = value(env, "s.STORAGES['default']")
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert (options["bucket_name"], options["region_name"]) == ("ho-so", "vn-khh-1")
    assert options["endpoint_url"] == "http://10.0.0.5:9000"
    assert options["default_acl"] == "private" and options["querystring_auth"] is True


def test_redis_keys_carry_the_deployment_prefix():
    env = {**SHARED_KEY, "REDIS_URL": "redis://10.0.0.6:6379/0", "MOTCUA_CACHE_KEY_PREFIX": "khh"}
    assert value(env, "s.CACHES['default']['KEY_PREFIX']") == "khh"
    assert value(env, "s.SESSION_ENGINE") == "django.contrib.sessions.backends.cache"
    # Sessions on the same Redis and prefix, through the backend whose failed writes raise.
    assert value(env, "s.SESSION_CACHE_ALIAS") == "sessions"
    assert value(env, "s.CACHES['sessions']['BACKEND']") == "motcua.core.cache.SessionRedisCache"
    assert value(env, "s.CACHES['sessions']['KEY_PREFIX']") == "khh"


def test_https_from_the_proxy_is_trusted_only_behind_a_trusted_proxy():
    expression = "getattr(s, 'SECURE_PROXY_SSL_HEADER', None)"
    assert value({"MOTCUA_TRUSTED_PROXY_COUNT": "1"}, expression) == [
        "HTTP_X_FORWARDED_PROTO",
        "https",
    ]
    assert value({"MOTCUA_TRUSTED_PROXY_COUNT": "0"}, expression) is None


def test_an_sqlite_url_keeps_the_options_that_let_processes_share_the_file(tmp_path):
    url = f"sqlite:///{tmp_path / 'motcua.sqlite3'}"
    options = value({"DATABASE_URL": url}, "s.DATABASES['default']['OPTIONS']")
    assert (
        options["transaction_mode"] == "IMMEDIATE" and "journal_mode=WAL" in options["init_command"]
    )
