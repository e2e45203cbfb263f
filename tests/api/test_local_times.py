from datetime import UTC, datetime

from motcua.api.root import LocalTimeEncoder


def test_api_moments_are_given_in_vietnam_time():
    moment = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    assert LocalTimeEncoder().default(moment) == "2026-11-27T17:00:00+07:00"
