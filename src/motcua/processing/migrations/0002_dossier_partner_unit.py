from django.db import migrations
from django.db.models import F, OuterRef, Subquery

AT_A_STEP = (2, 4, 5, 6)  # dossiers.selectors.AT_A_STEP when this migration was written


def fill_partner_units(apps, schema_editor):
    """Dossiers at a route step of another unit get that unit as Dossier.partner_unit."""
    Dossier = apps.get_model("dossiers", "Dossier")
    DossierProcess = apps.get_model("processing", "DossierProcess")
    step_unit = DossierProcess.objects.filter(dossier_id=OuterRef("pk")).values("step_unit_id")
    Dossier.objects.filter(
        status__in=AT_A_STEP,
        pk__in=DossierProcess.objects.exclude(step_unit_id=F("dossier__unit_id")).values(
            "dossier_id"
        ),
    ).update(partner_unit_id=Subquery(step_unit[:1]))


class Migration(migrations.Migration):
    dependencies = [
        ("processing", "0001_initial"),
        ("dossiers", "0004_partner_unit"),
    ]

    operations = [migrations.RunPython(fill_partner_units, migrations.RunPython.noop)]
