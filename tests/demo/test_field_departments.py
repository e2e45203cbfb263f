"""The field → department table is data: every demo department has its fields, each field
one department, each row a stated source."""

import csv

from motcua.demo.catalogue import FIELD_DEPARTMENTS, FIELD_DEPARTMENTS_FILE
from motcua.demo.units import DEPARTMENTS

SOURCES = {"phan-cong-2016", "chuc-nang-so"}


def rows() -> list[dict]:
    with FIELD_DEPARTMENTS_FILE.open(encoding="utf-8", newline="") as lines:
        return list(csv.DictReader(lines))


def test_every_demo_department_handles_some_field():
    assert set(FIELD_DEPARTMENTS) == {name for name, _english in DEPARTMENTS}
    assert all(FIELD_DEPARTMENTS.values())


def test_each_field_belongs_to_one_department_and_each_row_names_its_source():
    fields = [row["linh_vuc"] for row in rows()]
    assert len(fields) == len(set(fields))
    assert {row["nguon"] for row in rows()} <= SOURCES
    readme = FIELD_DEPARTMENTS_FILE.parent / "README.md"
    assert all(source in readme.read_text(encoding="utf-8") for source in SOURCES)
