"""A clone works on its own: nothing the project ships refers to a folder beside it."""

import gzip
import re
from pathlib import Path

import pytest
from django.conf import settings

from motcua.catalog import importer
from motcua.org.services import read_conversion_rows, read_gso_rows

ROOT = Path(__file__).resolve().parents[2]
CHECKED = [
    "src",
    "tests",
    "scripts",
    "docs",
    "data",
    ".ci",
    "Makefile",
    "README.md",
    "pyproject.toml",
    "manage.py",
    "requirements",
]
SKIPPED_PARTS = {"__pycache__", "migrations"}
# Written so that this file does not match itself.
OUTSIDE = re.compile(r"\.\./(shared|\.library)\b|parent\s*/\s*[\"']shared|/work/(shared|main)\b")


def shipped_text_files():
    for name in CHECKED:
        path = ROOT / name
        candidates = [path] if path.is_file() else sorted(path.rglob("*"))
        for candidate in candidates:
            if not candidate.is_file() or SKIPPED_PARTS & set(candidate.parts):
                continue
            try:
                yield candidate, candidate.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue  # compressed data, images


def test_no_shipped_file_refers_to_a_path_outside_the_repository():
    offending = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path, text in shipped_text_files()
        for number, line in enumerate(text.splitlines(), start=1)
        if OUTSIDE.search(line)
    ]
    assert offending == []


def test_the_check_catches_a_reference_outside():
    beside = "shared"  # kept apart so that this file does not match itself
    assert OUTSIDE.search(f'os.environ.get("X", BASE_DIR.parent / "{beside}" / "data")')
    assert OUTSIDE.search(f"python manage.py import_units ../{beside}/data/dvhc/units.csv")
    assert not OUTSIDE.search("python manage.py import_units data/dvhc/units.csv.gz")


def test_the_reference_data_is_in_the_repository_by_default():
    data = Path(settings.MOTCUA_REFERENCE_DATA_DIR)
    assert data == ROOT / "data"
    assert (data / "README.md").read_text(encoding="utf-8").count("SHA-256") >= 3


@pytest.mark.parametrize(
    ("path", "first_line_starts"),
    [
        ("tthc/national-procedures.jsonl.gz", '{"'),
        ("dvhc/units-2025-01-04.csv.gz", "Tỉnh Thành Phố,Mã TP"),
        ("dvhc/units-2025-07-conversion.csv.gz", "Đơn vị hành chính từ ngày 01/7/2025"),
    ],
)
def test_each_reference_file_is_kept_compressed(path, first_line_starts):
    with gzip.open(ROOT / "data" / path, "rt", encoding="utf-8-sig") as handle:
        assert handle.readline().startswith(first_line_starts)


def test_the_whole_national_catalogue_is_there():
    lines = list(importer.read_lines(ROOT / "data" / "tthc" / "national-procedures.jsonl.gz"))
    assert len(lines) == 2378


def test_the_unit_lists_are_read_from_their_compressed_copies():
    khanh_hoa = read_gso_rows(ROOT / "data" / "dvhc" / "units-2025-01-04.csv.gz", "56")
    districts = khanh_hoa.children
    assert khanh_hoa.gso_name == "Tỉnh Khánh Hòa"
    assert [district.gso_code for district in districts] == [str(c) for c in range(568, 577)]
    assert sum(len(district.children) for district in districts) == 132

    two_level = read_conversion_rows(
        ROOT / "data" / "dvhc" / "units-2025-07-conversion.csv.gz", "56"
    )
    assert two_level.province.gso_name == "Tỉnh Khánh Hòa"
    assert two_level.province.children
