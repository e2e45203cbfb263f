"""The Decision 766/QĐ-TTg indicators the system computes, with starting thresholds and
maxima (unverified against the decision's annex: a province admin edits them)."""

from django.db import migrations

INDICATORS = (
    ("2.1", "Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn", "100", "12", 1),
    ("2.2", "Thời gian giải quyết trung bình", "100", "8", 2),
    ("3.1", "Tỷ lệ thủ tục hành chính cung cấp trực tuyến", "80", "4", 3),
    ("3.3", "Tỷ lệ hồ sơ nộp trực tuyến", "50", "4", 4),
    ("3.6", "Tỷ lệ hồ sơ thanh toán trực tuyến", "50", "4", 5),
    ("4.1", "Tỷ lệ hồ sơ trả kết quả điện tử", "50", "4", 6),
    ("5.4", "Mức độ hài lòng", "90", "8", 7),
)


def add(apps, schema_editor):
    Indicator = apps.get_model("stats", "Indicator")
    for code, name, threshold, max_points, order in INDICATORS:
        Indicator.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "threshold": threshold,
                "max_points": max_points,
                "sort_order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("stats", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
