"""Bad input never gives a 500: a clear Vietnamese message in JSON instead."""

from urllib.parse import quote

import pytest

from motcua.catalog import selectors
from tests.factories import ProcedureFactory

pytestmark = pytest.mark.django_db

NASTY_QUERY = ("'; DROP TABLE catalog_procedure; -- .*+?[(^$|\\ %_ 😀 \x00 khai sinh " * 40)[:2000]


@pytest.mark.parametrize(
    ("path", "field", "message"),
    [
        ("/v1/procedures?level=abc", "level", "Phải là số nguyên."),
        ("/v1/procedures?level=9", "level", "Phải nhỏ hơn hoặc bằng 4."),
        ("/v1/procedures?level=0", "level", "Phải lớn hơn hoặc bằng 1."),
        ("/v1/procedures?page=0", "page", "Phải lớn hơn hoặc bằng 1."),
        ("/v1/procedures?page=-1", "page", "Phải lớn hơn hoặc bằng 1."),
        ("/v1/procedures?page=99999999999999999999", "page", "Phải nhỏ hơn hoặc bằng 1000000."),
        ("/v1/procedures?page=1.5", "page", "Phải là số nguyên."),
        ("/v1/procedures?field=abc", "field", "Phải là số nguyên."),
        ("/v1/procedures?unit=99999999999999999999", "unit", "Phải nhỏ hơn hoặc bằng"),
        (f"/v1/procedures?q={quote(NASTY_QUERY)}", "q", "Dài tối đa 500 ký tự."),
        ("/v1/units?kind=xyz", "kind", "Phải là một trong các giá trị: 'province', 'department'"),
        ("/v1/units?parent=-3", "parent", "Phải lớn hơn hoặc bằng 1."),
        ("/v1/units/abc", "unit_id", "Phải là số nguyên."),
        ("/v1/units/99999999999999999999", "unit_id", "Phải nhỏ hơn hoặc bằng"),
    ],
)
def test_bad_parameters_are_a_422_naming_the_parameter(api, path, field, message):
    status, body = api(path)

    assert status == 422
    assert body["detail"] == f"Tham số không hợp lệ: {field}."
    assert body["errors"][0]["field"] == field
    assert body["errors"][0]["message"].startswith(message)


def test_every_bad_parameter_is_reported_at_once(api):
    status, body = api("/v1/procedures?level=abc&page=0")

    assert status == 422
    assert body["detail"] == "Tham số không hợp lệ: level, page."
    assert [error["field"] for error in body["errors"]] == ["level", "page"]


@pytest.mark.parametrize(
    "query",
    [
        NASTY_QUERY[:400],
        "%",
        "_",
        "\\",
        "' OR '1'='1",
        ".*",
        "(((",
        "😀😀",
        "\x00",
        "   ",
    ],
)
def test_any_search_text_is_answered(api, query):
    ProcedureFactory(name="Đăng ký khai sinh")

    status, body = api(f"/v1/procedures?q={quote(query)}")

    assert status == 200
    assert body["count"] in (0, 1)


def test_an_unexpected_failure_is_logged_and_answered_in_json(api, monkeypatch, caplog):
    def broken():
        raise RuntimeError("database on fire")

    monkeypatch.setattr(selectors, "catalogue_stats", broken)

    status, body = api("/v1/stats/catalogue")

    assert status == 500
    assert body == {"detail": "Hệ thống đang gặp sự cố. Vui lòng thử lại sau."}
    assert "database on fire" not in str(body)
    logged = [record.exc_info[1] for record in caplog.records if record.exc_info]
    assert any(str(exc) == "database on fire" for exc in logged)


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/procedures/", "/api/v9/x?y=1"])
def test_an_unknown_api_address_is_a_json_404(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"].startswith("Không có chức năng API nào ở địa chỉ này.")
