import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.core.queries import by_pk, by_unique
from motcua.org.models import Unit

pytestmark = pytest.mark.django_db


def test_by_pk_reads_the_whole_row_in_one_statement_with_python_values():
    user = User.objects.create_user("tranthibinh", "binh@example.vn", first_name="Bình")
    with CaptureQueriesContext(connection) as captured:
        read = by_pk(User, user.pk)
    assert len(captured) == 1 and "ORDER BY" not in captured[0]["sql"]
    assert (read.username, read.first_name, read.email) == ("tranthibinh", "Bình", user.email)
    assert read.is_active is True and read.date_joined == user.date_joined
    assert read._state.adding is False  # a stored row: saving it updates, never inserts


def test_by_pk_of_a_missing_row_is_none_for_any_model():
    unit = Unit.objects.create(name="UBND xã Cam Hải Đông", kind="commune")
    assert by_pk(Unit, unit.pk).name == "UBND xã Cam Hải Đông"
    assert by_pk(Unit, unit.pk + 1000) is None
    assert by_pk(User, 10**9) is None


def test_by_unique_reads_by_any_unique_field():
    user = User.objects.create_user("lethicuc", "cuc@example.vn")
    assert by_unique(User, "username", "lethicuc").pk == user.pk
    assert by_unique(User, "username", "LeThiCuc") is None  # as the column compares


def test_a_kept_query_reads_fresh_rows_with_the_orms_python_values(django_assert_num_queries):
    from motcua.core.queries import count_compiled_once, values_compiled_once

    first = User.objects.create_user("phamvand", "d@example.vn", first_name="Dũng")
    wanted = User.objects.filter(is_active=True, username__startswith="pham").order_by("pk")
    columns = ("pk", "username", "is_active", "date_joined")
    key = ("test-users", "pham")

    assert values_compiled_once(key, wanted.values_list(*columns)) == list(
        wanted.values_list(*columns)
    )
    second = User.objects.create_user("phamthie", "e@example.vn")
    with django_assert_num_queries(2):
        rows = values_compiled_once(key, wanted.values_list(*columns))
        total = count_compiled_once(key, wanted)
    assert [row[1] for row in rows] == ["phamvand", "phamthie"] and total == 2
    pk, _name, active, joined = rows[0]
    assert (pk, active, joined) == (first.pk, True, first.date_joined)  # aware, as the ORM
    assert rows[1][0] == second.pk


def test_a_query_that_can_match_nothing_answers_without_the_database(django_assert_num_queries):
    from motcua.core.queries import count_compiled_once, values_compiled_once

    nothing = User.objects.filter(pk__in=[])
    with django_assert_num_queries(0):
        assert values_compiled_once(("test-none",), nothing.values_list("pk")) == []
        assert count_compiled_once(("test-none",), nothing) == 0
