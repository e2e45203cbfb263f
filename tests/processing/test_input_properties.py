"""Properties of what officers type into the desk's actions: money in đồng ("50.000",
"1.500.000 đ") and dates dd/mm/yyyy; anything else is a clear error, never a 500."""

from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st

from motcua.processing import actions, services

days = st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31))


def dotted(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


@given(st.integers(0, 10**12), st.sampled_from(["", " đ", "đ", " "]))
def test_money_written_with_dots_and_the_dong_sign_is_that_many_dong(amount, suffix):
    assert actions._money({"fee": dotted(amount) + suffix}, "fee") == amount
    assert actions._money({"fee": str(amount)}, "fee") == amount


@given(st.text(max_size=20))
def test_any_money_text_is_an_amount_or_a_clear_error(text):
    try:
        amount = actions._money({"fee": text}, "fee")
    except services.InvalidInput as error:
        assert "đồng" in str(error)
    else:
        assert isinstance(amount, int) and amount >= 0


@given(days)
def test_a_date_dd_mm_yyyy_is_that_day_at_the_end_of_office_hours(day):
    moment = actions._moment({"at": day.strftime("%d/%m/%Y")}, "at")

    assert moment.date() == day and moment.hour == 17
    assert moment.tzinfo is not None


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(9999, 12, 31)))
def test_a_date_and_time_dd_mm_yyyy_hh_mm_is_that_minute(moment):
    parsed = actions._moment({"at": moment.strftime("%d/%m/%Y %H:%M")}, "at")

    assert parsed.replace(tzinfo=None) == moment.replace(second=0, microsecond=0)


@given(st.text(max_size=24))
def test_any_date_text_is_a_moment_or_a_clear_error(text):
    try:
        moment = actions._moment({"at": text}, "at")
    except services.InvalidInput as error:
        assert "dd/mm/yyyy" in str(error)
    else:
        assert moment.tzinfo is not None
