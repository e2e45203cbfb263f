from importlib import import_module

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

from motcua.core.text import fold

# Adding a column rebuilds catalog_procedure on SQLite, which drops its trigger, and the
# rename at the end of the rebuild fails while other tables' triggers name the table (0003):
# on SQLite they are all dropped first and made again afterwards.
REVISION = import_module("motcua.catalog.migrations.0003_procedure_revision")
# Search filters with `search_text LIKE '%word%'`: a trigram index answers that on PostgreSQL.
POSTGRES_INDEX = (
    "CREATE INDEX IF NOT EXISTS catalog_procedure_search_trgm "
    "ON catalog_procedure USING gin (search_text gin_trgm_ops)"
)


def _sqlite(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for sql in statements:
                schema_editor.execute(sql, params=None)

    return run


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_INDEX, params=None)
    Procedure = apps.get_model("catalog", "Procedure")
    rows = list(Procedure.objects.only("pk", "name"))
    for procedure in rows:
        procedure.name_search = fold(procedure.name)
    Procedure.objects.bulk_update(rows, ["name_search"], batch_size=500)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS catalog_procedure_search_trgm", params=None)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_citizen_document_condition")]

    operations = [
        TrigramExtension(),  # PostgreSQL only; a no-op on SQLite
        migrations.RunPython(_sqlite(REVISION.SQLITE_REVERSE), _sqlite(REVISION.SQLITE)),
        migrations.AddField(
            model_name="procedure",
            name="name_search",
            field=models.TextField(blank=True, default="", editable=False),
            preserve_default=False,
        ),
        migrations.RunPython(_sqlite(REVISION.SQLITE), _sqlite(REVISION.SQLITE_REVERSE)),
        migrations.RunPython(forwards, backwards),
    ]
