"""The assignment rules on the real national file (about 2,400 procedures, parsed by the
catalogue importer, no database): the seed's figures hold exactly. The same figures through
the database (units + import + offerings, `manage.py load_demo`) take 30 s to 4 min to load,
too slow for the suite; they were checked by hand on SQLite and PostgreSQL."""

import pytest

from motcua.catalog import importer
from motcua.catalog.models import OnlineLevel
from motcua.demo.catalogue import (
    CATALOGUE_FILE,
    PROMOTION_DEPARTMENT,
    PROMOTION_NOTICE,
    Candidate,
    plan_offerings,
)
from motcua.demo.units import DEPARTMENTS, reference_data_path


def as_candidate(pid: int, record: importer.ParsedRecord) -> Candidate:
    channels = record.channels
    return Candidate(
        procedure_id=pid,
        code=record.code,
        field_name=record.field_name,
        levels=record.fields["implementing_levels"],
        documents=len(record.documents),
        fee_free=bool(channels) and all(channel.fee_vnd == 0 for channel in channels),
        fee_charged=any(channel.fee_vnd for channel in channels),
    )


@pytest.fixture(scope="module")
def national_plan():
    lines = importer.read_lines(reference_data_path(*CATALOGUE_FILE))
    records = [importer.parse_line(line) for _number, line in lines]
    records.append(importer.parse_record(PROMOTION_NOTICE))
    candidates = [as_candidate(pid, record) for pid, record in enumerate(records, start=1)]
    return plan_offerings(candidates, promoted_id=len(records))


def test_473_procedures_online_at_departments_and_districts(national_plan):
    assert len(national_plan.online) == 473
    assert set(national_plan.departments) <= {name for name, _english in DEPARTMENTS}
    assert len(national_plan.districts) > 10


def test_a_few_procedures_fully_online_including_the_promotion_notice(national_plan):
    levels = [*national_plan.departments.values(), national_plan.districts]
    full = {pid for by_id in levels for pid, level in by_id.items() if level == OnlineLevel.FULL}
    assert 5 <= len(full) <= 15
    assert set(national_plan.departments[PROMOTION_DEPARTMENT].values()) == {OnlineLevel.FULL}


def test_more_than_ten_procedures_online_at_every_commune(national_plan):
    assert len(national_plan.communes) > 10
    assert set(national_plan.communes.values()) == {OnlineLevel.PARTIAL}
