"""current_version: one read while the content is unchanged (the database raises the
procedure's revision on any change), one new version when it changed, even when many
submissions ask at once."""

import threading

import pytest
from django.db import connection

from motcua.catalog.models import (
    Field,
    Procedure,
    ProcedureChannel,
    ProcedureVersion,
    RequiredDocument,
)
from motcua.catalog.services import current_version
from tests.factories import ProcedureChannelFactory, ProcedureFactory, RequiredDocumentFactory


def procedure_with_rows():
    procedure = ProcedureFactory(name="Đăng ký khai sinh")
    ProcedureChannelFactory(procedure=procedure)
    RequiredDocumentFactory(procedure=procedure, name="Tờ khai", position=1)
    return procedure


@pytest.mark.django_db
def test_unchanged_content_is_one_read_without_a_lock(django_assert_num_queries):
    procedure = procedure_with_rows()
    first = current_version(procedure)
    with django_assert_num_queries(1) as captured:  # the latest version, if still checked
        again = current_version(procedure.pk)
    assert again == first
    assert again.procedure.name == "Đăng ký khai sinh"  # read with the version
    assert not any("FOR UPDATE" in query["sql"] for query in captured)


def revision(procedure) -> int:
    return Procedure.objects.values_list("revision", flat=True).get(pk=procedure.pk)


@pytest.mark.django_db
def test_the_database_raises_the_revision_on_every_change_whoever_makes_it():
    """Triggers (migration catalog.0003), so bulk updates and SQL count too; a migration that
    rebuilt one of these tables without them would fail here."""
    procedure = procedure_with_rows()
    other = ProcedureFactory()
    changes = [
        lambda: Procedure.objects.filter(pk=procedure.pk).update(name="Đăng ký khai sinh mới"),
        lambda: procedure.save(),  # a full save writes the stale revision: still raised
        lambda: RequiredDocument.objects.filter(procedure=procedure).update(copies=2),
        lambda: RequiredDocumentFactory(procedure=procedure, position=2),
        lambda: RequiredDocument.objects.filter(procedure=procedure, position=2).delete(),
        lambda: ProcedureChannel.objects.filter(procedure=procedure).update(fee_vnd=10_000),
        lambda: ProcedureChannel.objects.filter(procedure=procedure).delete(),
        lambda: Field.objects.filter(pk=procedure.field_id).update(name="Hộ tịch (mới)"),
    ]
    for change in changes:
        before = revision(procedure), revision(other)
        change()
        after = revision(procedure), revision(other)
        assert after[0] > before[0] and after[1] == before[1]


@pytest.mark.django_db
def test_a_change_back_to_the_same_content_keeps_the_version(django_assert_num_queries):
    procedure = procedure_with_rows()
    first = current_version(procedure)
    Procedure.objects.filter(pk=procedure.pk).update(name="Tên khác")
    Procedure.objects.filter(pk=procedure.pk).update(name="Đăng ký khai sinh")

    assert current_version(procedure) == first  # compared again, found equal, noted
    assert procedure.versions.count() == 1
    with django_assert_num_queries(1):
        assert current_version(procedure) == first


@pytest.mark.django_db
def test_a_catalogue_edit_adds_a_version_and_the_old_one_stays():
    procedure = procedure_with_rows()
    first = current_version(procedure)
    procedure.documents.update(name="Tờ khai đăng ký khai sinh")  # no signal, no importer

    second = current_version(procedure)

    assert (first.number, second.number) == (1, 2)
    assert second.snapshot["documents"][0]["name"] == "Tờ khai đăng ký khai sinh"
    first.refresh_from_db()
    assert first.snapshot["documents"][0]["name"] == "Tờ khai"
    procedure.refresh_from_db()
    assert (procedure.version, procedure.content_hash) == (2, second.content_hash)
    assert current_version(procedure) == second


def at_once(target, count: int) -> tuple[list, list[str]]:
    """Run target() in `count` threads released together: (results, errors)."""
    barrier, results, errors = threading.Barrier(count), [], []

    def run():
        try:
            barrier.wait()
            results.append(target())
        except Exception as error:  # collected and asserted by the caller
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_many_requests_after_an_edit_freeze_one_new_version():
    """Every caller sees the change without a lock; they queue on the procedure row, and all
    but the first find the version the first one froze (PostgreSQL: 20 threads)."""
    threads = 20 if connection.vendor == "postgresql" else 4
    procedure = procedure_with_rows()
    current_version(procedure)
    procedure.channels.update(fee_vnd=50_000)

    results, errors = at_once(lambda: current_version(procedure.pk).pk, threads)

    assert errors == []
    assert len(set(results)) == 1
    assert list(procedure.versions.values_list("number", flat=True).order_by("number")) == [1, 2]
    assert ProcedureVersion.objects.get(pk=results[0]).snapshot["channels"][0]["fee_vnd"] == 50_000
