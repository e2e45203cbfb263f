"""GET /api/v1/calendar/...: the appointment for a start and a duration, the days off."""

import pytest

pytestmark = pytest.mark.django_db

APPOINTMENT = "/api/v1/calendar/appointment"


def test_appointment_skips_tet(client):
    response = client.get(
        APPOINTMENT, {"start": "2026-02-13T16:30:00+07:00", "amount": "5", "unit": "working_day"}
    )

    assert response.status_code == 200
    assert response.json() == {"appointment": "2026-02-27T16:30:00+07:00"}


def test_an_unescaped_plus_in_the_query_string_is_understood(client):
    response = client.get(f"{APPOINTMENT}?start=2026-02-13T16:30:00+07:00&amount=5")

    assert response.json() == {"appointment": "2026-02-27T16:30:00+07:00"}


@pytest.mark.parametrize(
    ("start", "amount", "unit", "expected"),
    [
        ("2026-02-13T16:30:00", "5", "working_day", "2026-02-27T16:30:00+07:00"),
        ("2026-02-13T09:30:00Z", "5", "working_day", "2026-02-27T16:30:00+07:00"),
        ("2026-03-10T17:30:00+07:00", "1", "hour", "2026-03-11T08:00:00+07:00"),
        ("2026-03-09T07:00:00+07:00", "0,5", "working_day", "2026-03-09T11:00:00+07:00"),
        ("2026-03-04", "3", "day", "2026-03-09T17:00:00+07:00"),
        ("2026-03-10T09:00:00+07:00", "1", "month", "2026-04-10T09:00:00+07:00"),
    ],
)
def test_appointment_forms(client, start, amount, unit, expected):
    response = client.get(APPOINTMENT, {"start": start, "amount": amount, "unit": unit})

    assert response.json() == {"appointment": expected}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"amount": "5"}, "start"),
        ({"start": "", "amount": "5"}, "start"),
        ({"start": "13/02/2026", "amount": "5"}, "start"),
        ({"start": "2026-02-30T09:00", "amount": "5"}, "start"),
        ({"start": "9999-12-31T23:59", "amount": "5"}, "start"),
        ({"start": "2026-02-13T16:30"}, "amount"),
        ({"start": "2026-02-13T16:30", "amount": "năm"}, "amount"),
        ({"start": "2026-02-13T16:30", "amount": "-1"}, "amount"),
        ({"start": "2026-02-13T16:30", "amount": "1e9"}, "amount"),
        ({"start": "2026-02-13T16:30", "amount": "NaN"}, "amount"),
        ({"start": "2026-02-13T16:30", "amount": "5", "unit": "week"}, "unit"),
    ],
)
def test_bad_parameters_get_a_422_in_vietnamese(client, params, field):
    response = client.get(APPOINTMENT, params)

    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == f"Tham số không hợp lệ: {field}."
    assert [error["field"] for error in body["errors"]] == [field]
    assert body["errors"][0]["message"]


def test_days_off_of_2026(client):
    response = client.get("/api/v1/calendar/days-off", {"year": "2026"})

    assert response.status_code == 200
    body = response.json()
    days_off = {day["date"]: day["reason"] for day in body["days_off"]}
    assert days_off["2026-02-17"] == "Tết Nguyên Đán"
    assert "2026-08-31" in days_off
    assert body["working_weekend_days"][0]["date"] == "2026-08-22"


@pytest.mark.parametrize("year", ["", "abc", "1800", "99999999999999999999", "-5", "²⁰²⁶"])
def test_days_off_of_a_bad_year_is_a_422(client, year):
    response = client.get("/api/v1/calendar/days-off", {"year": year})

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "year"
