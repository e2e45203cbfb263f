"""The day swaps announced by the Government for 2025 and 2026: facts, not demo data.

Each bridge day off is paid back by working a Saturday. (The `holidays` package knows them
too; having them in the admin table keeps deadlines right whatever its version says.)
"""

import datetime

from django.db import migrations

SWAPS = [
    (datetime.date(2025, 5, 2), "day_off", "Nghỉ thứ Sáu 02/05/2025, làm bù thứ Bảy 26/04/2025"),
    (datetime.date(2025, 4, 26), "working_day", "Làm bù cho ngày nghỉ thứ Sáu 02/05/2025"),
    (datetime.date(2026, 8, 31), "day_off", "Nghỉ thứ Hai 31/08/2026, làm bù thứ Bảy 22/08/2026"),
    (datetime.date(2026, 8, 22), "working_day", "Làm bù cho ngày nghỉ thứ Hai 31/08/2026"),
]


def add_swaps(apps, schema_editor):
    override = apps.get_model("core", "CalendarOverride")
    for day, kind, note in SWAPS:
        override.objects.get_or_create(day=day, defaults={"kind": kind, "note": note})


def remove_swaps(apps, schema_editor):
    override = apps.get_model("core", "CalendarOverride")
    for day, kind, note in SWAPS:
        override.objects.filter(day=day, kind=kind, note=note).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(add_swaps, remove_swaps)]
