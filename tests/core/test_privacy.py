"""Citizens' ID and phone numbers never reach the logs (the application's, with tracebacks,
and the access logs of gunicorn and nginx), and the pages never put them in a URL."""

import logging
import re
from datetime import timedelta
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import Client
from gunicorn.config import Config
from gunicorn.glogging import Logger

from motcua.core.logmask import MaskNumbersFilter, mask

ROOT = Path(__file__).resolve().parents[2]
CCCD, PHONE = "056090001234", "0905123456"


@pytest.fixture
def log_output():
    """What the configured console handler (settings.LOGGING) writes."""
    [handler] = [
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, MaskNumbersFilter) for f in h.filters)
    ]
    stream = StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (f"CCCD {CCCD}.", "CCCD *********234."),
        ("gọi 0905 123 456 hoặc +84 905.123.456", "gọi *******456 hoặc ********456"),
        ("MST 0101234567-001", "MST *******567-001"),
        ("CMND 123456789", "CMND ******789"),
    ],
)
def test_nine_to_thirteen_digit_numbers_are_masked(text, masked):
    assert mask(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "hồ sơ 000.00.99.H56-261126-0001",
        "từ 203.113.10.125",
        "lúc 2026-11-27 10:45:12",
        "mã 12345678",
        "thời điểm 20261127104512",
    ],
)
def test_codes_addresses_dates_and_short_numbers_stay_readable(text):
    assert mask(text) == text


def test_the_application_log_masks_messages_and_arguments(log_output):
    logging.getLogger("motcua.test").warning("Tra cứu %s với %s", CCCD, "0905 123 456")

    line = log_output.getvalue()
    assert CCCD not in line and "0905 123 456" not in line
    assert "*********234" in line and "*******456" in line


@pytest.mark.urls("tests.core.security_urls")
def test_an_error_report_masks_the_numbers_in_its_traceback(log_output):
    response = Client(raise_request_exception=False).get("/broken/", {"phone": PHONE})

    report = log_output.getvalue()
    assert response.status_code == 500
    assert "Traceback" in report and "ValueError" in report
    assert CCCD not in report and "0905 123 456" not in report and PHONE not in report


def gunicorn_access_line(config_file: Path, uri: str, referer: str) -> str:
    config = Config()
    namespace: dict = {}
    exec(config_file.read_text(), namespace)  # gunicorn reads its -c file the same way
    config.set("accesslog", "-")
    config.set("access_log_format", namespace["access_log_format"])
    path, _, query = uri.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": uri,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.113.10.125",
        "HTTP_REFERER": referer,
        "HTTP_USER_AGENT": "Mozilla/5.0",
    }
    logger = Logger(config)
    response = SimpleNamespace(status="404 Not Found", sent=120, headers=[])
    atoms = logger.atoms(response, SimpleNamespace(headers=[]), environ, timedelta(seconds=0.01))
    return config.access_log_format % atoms


def test_the_gunicorn_access_log_has_no_query_string_nor_referrer():
    run_script = (ROOT / "scripts" / "run.sh").read_text()
    [config_file] = re.findall(r"--config (\S+)", run_script)
    line = gunicorn_access_line(
        ROOT / config_file,
        f"/api/v1/lookup?code=H56-261126-0001&phone={PHONE}",
        referer=f"https://dichvucong.example.vn/thu-tuc/?q={CCCD}",
    )

    assert '"GET /api/v1/lookup HTTP/1.1" 404' in line
    assert PHONE not in line and CCCD not in line and "?" not in line


def test_the_nginx_access_log_has_no_query_string_nor_referrer():
    config = (ROOT / "docs" / "nginx.conf").read_text()
    [log_format] = re.findall(r"log_format motcua_private (.*?);", config, re.S)

    assert "$uri" in log_format
    for leaky in ["$request ", '$request"', "$request_uri", "$args", "$query_string", "referer"]:
        assert leaky not in log_format
    assert re.search(r"^\s*access_log \S+ motcua_private;", config, re.M)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/tra-cuu/", "/tai-khoan/signup/"])
def test_forms_that_ask_for_id_or_phone_numbers_are_posted_not_put_in_the_url(client, path):
    page = client.get(path).content.decode()

    forms = re.findall(r"<form\b[^>]*>.*?</form>", page, re.S)
    asking = [f for f in forms if re.search(r'name="(lien_he|id_number|phone|tax_code)"', f)]
    assert asking
    assert all(re.match(r'<form\b[^>]*method="post"', form) for form in asking)
