"""The production settings documented in docs/deploy.md pass Django's deployment checks."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def documented_environment() -> dict[str, str]:
    """The KEY=value lines of the block under "HTTPS in production" in docs/deploy.md."""
    text = (ROOT / "docs" / "deploy.md").read_text()
    block = re.search(r"### HTTPS in production.*?```sh\n(.*?)```", text, re.S).group(1)
    pairs = dict(line.split("=", 1) for line in block.splitlines() if "=" in line)
    pairs["MOTCUA_SECRET_KEY"] = secrets.token_urlsafe(50)
    return pairs


def run_django(tmp_path, *args: str, **extra: str) -> subprocess.CompletedProcess:
    """manage.py in a fresh process with only the documented settings (plus a database file
    of its own, which some checks open)."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("MOTCUA_", "EMAIL_"))}
    # The test run's own variables (the e2e tests allow async-unsafe ORM calls) are not
    # production's.
    for name in ["DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"]:
        inherited.pop(name, None)
    env = {
        **inherited,
        **documented_environment(),
        "MOTCUA_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        **extra,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path):
    result = run_django(tmp_path, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_https_settings_follow_the_environment(tmp_path):
    script = (
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER, s.SECURE_REDIRECT_EXEMPT, "
        "[str(v) for v in s.SECURE_CSP['form-action']])"
    )
    on = run_django(
        tmp_path,
        "shell",
        "--no-imports",
        "-c",
        script,
        MOTCUA_PAYMENT_GATEWAY_ORIGIN="https://pay.example.vn",
    )
    off = run_django(
        tmp_path, "shell", "--no-imports", "-c", script, MOTCUA_HTTPS="0", MOTCUA_HSTS_SECONDS="0"
    )

    assert on.stdout.split("\n")[0] == (
        "True 31536000 True True ('HTTP_X_FORWARDED_PROTO', 'https') ['^healthz$'] "
        "[\"'self'\", 'https://pay.example.vn']"
    ), on.stderr
    assert off.stdout.startswith("False 0 False False"), off.stderr
