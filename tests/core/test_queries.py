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

    assert values_compiled_once(key, lambda: wanted.values_list(*columns)) == list(
        wanted.values_list(*columns)
    )
    second = User.objects.create_user("phamthie", "e@example.vn")
    with django_assert_num_queries(2):
        rows = values_compiled_once(key, lambda: 1 / 0)  # built once: not called again
        total = count_compiled_once(key, lambda: wanted)
    assert [row[1] for row in rows] == ["phamvand", "phamthie"] and total == 2
    pk, _name, active, joined = rows[0]
    assert (pk, active, joined) == (first.pk, True, first.date_joined)  # aware, as the ORM
    assert rows[1][0] == second.pk


def test_a_query_that_can_match_nothing_answers_without_the_database(django_assert_num_queries):
    from motcua.core.queries import count_compiled_once, values_compiled_once

    nothing = User.objects.filter(pk__in=[])
    with django_assert_num_queries(0):
        assert values_compiled_once(("test-none",), lambda: nothing.values_list("pk")) == []
        assert count_compiled_once(("test-none",), lambda: nothing) == 0


def _active_named(username: str):
    return User.objects.filter(username=username, is_active=True)


def test_a_prepared_query_reads_each_value_given_with_sql_built_once(django_assert_num_queries):
    from motcua.core.queries import prepared_one, prepared_rows

    first = User.objects.create_user("vothig", "g@example.vn", first_name="Giang")
    second = User.objects.create_user("dangvanh", "h@example.vn")
    with django_assert_num_queries(2):
        read = prepared_one("test-active-named", _active_named, "vothig")
        other = prepared_one("test-active-named", _active_named, "dangvanh")
    assert (read.pk, read.first_name, read.date_joined) == (first.pk, "Giang", first.date_joined)
    assert read._state.adding is False and other.pk == second.pk
    assert prepared_one("test-active-named", _active_named, "khongco") is None
    User.objects.filter(pk=second.pk).update(is_active=False)
    assert prepared_one("test-active-named", _active_named, "dangvanh") is None  # read fresh

    def joined_since(user_id: int, username: str):
        return User.objects.filter(pk__gte=user_id, username=username).values_list("pk", "email")

    rows = prepared_rows("test-joined", joined_since, first.pk, "dangvanh")
    assert rows == [(second.pk, "h@example.vn")]


def test_a_value_no_column_holds_matches_nothing_without_the_database(django_assert_num_queries):
    from motcua.core.queries import prepared_one

    User.objects.create_user("buithik", "k@example.vn")
    with django_assert_num_queries(0):
        assert prepared_one("test-active-named", _active_named, "buithik\x00") is None
        assert prepared_one("test-by-id", lambda pk: User.objects.filter(pk=pk), 2**64) is None


def test_a_query_that_changes_or_repeats_a_value_is_refused():
    from motcua.core.queries import prepared_rows

    with pytest.raises(ValueError):  # icontains wraps the value in %…%
        prepared_rows(
            "test-contains", lambda name: User.objects.filter(username__icontains=name), "a"
        )
    with pytest.raises(ValueError):
        prepared_rows(
            "test-twice", lambda name: User.objects.filter(username=name, email=name), "a"
        )
    with pytest.raises(TypeError):
        prepared_rows("test-date", lambda day: User.objects.filter(date_joined__date=day), 1.5)


def test_a_prepared_query_takes_values_of_the_types_it_was_prepared_for():
    from motcua.core.queries import prepared_one

    user = User.objects.create_user("hoangthil", "l@example.vn")
    assert prepared_one("test-by-pk", lambda pk: User.objects.filter(pk=pk), user.pk) == user
    with pytest.raises(TypeError):  # a text where the id was prepared as a number
        prepared_one("test-by-pk", lambda pk: User.objects.filter(pk=pk), str(user.pk))
    with pytest.raises(TypeError):
        prepared_one("test-by-pk", lambda pk: User.objects.filter(pk=pk), True)
