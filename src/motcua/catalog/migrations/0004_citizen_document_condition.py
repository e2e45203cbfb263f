from django.db import migrations, models

TABLE = "catalog_requireddocument"
BUMP = "UPDATE catalog_procedure SET revision = revision + 1 WHERE"
# Adding a column rebuilds the table on SQLite, which drops its triggers (0003): made again.
SQLITE = [
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_revision_insert AFTER INSERT ON {TABLE} "
    f"BEGIN {BUMP} id = NEW.procedure_id; END;",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_revision_update AFTER UPDATE ON {TABLE} "
    f"BEGIN {BUMP} id IN (OLD.procedure_id, NEW.procedure_id); END;",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_revision_delete AFTER DELETE ON {TABLE} "
    f"BEGIN {BUMP} id = OLD.procedure_id; END;",
]


def recreate_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_procedure_revision")]

    operations = [
        migrations.AddField(
            model_name="requireddocument",
            name="condition",
            field=models.TextField(
                blank=True,
                default="",
                help_text=(
                    "Để trống nếu luôn phải nộp; nếu có, giấy tờ chỉ cần khi thuộc trường hợp này."
                ),
                verbose_name="trường hợp áp dụng",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(recreate_triggers, migrations.RunPython.noop),
    ]
