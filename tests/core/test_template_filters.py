from datetime import UTC, datetime

from django.template import engines

from motcua.core.templatetags.motcua import moment


def test_moment_is_the_local_vietnamese_date_and_time():
    assert moment(datetime(2026, 11, 26, 21, 5, tzinfo=UTC)) == "04:05 27/11/2026"
    assert moment(datetime(2026, 1, 2, 3, 4)) == "03:04 02/01/2026"  # naive: as it is
    assert moment(None) == ""


def test_moment_gives_what_the_date_filter_gives():
    template = engines["django"].from_string(
        '{% load motcua %}{{ t|date:"H:i d/m/Y" }}|{{ t|moment }}'
    )
    at = datetime(2026, 3, 9, 7, 30, tzinfo=UTC)
    django_way, ours = template.render({"t": at}).split("|")
    assert django_way == ours == "14:30 09/03/2026"
