from django.db import migrations, models
from django.db.models import F, Q

# The notes that were already the applicant's before notes became internal by default: the
# applicant's own, and the reasons of the letters sent to them (refusal, supplement,
# financial obligation, withdrawal, stop).
ADDRESSED_TO_APPLICANT = (3, 5, 6, 7, 8)


def keep_applicant_notes(apps, schema_editor):
    history = apps.get_model("dossiers", "StatusHistory")
    history.objects.exclude(note="").filter(
        Q(actor_id=F("dossier__applicant_id")) | Q(to_status__in=ADDRESSED_TO_APPLICANT)
    ).update(note_for_applicant=True)


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0006_payments_online_level"),
    ]

    operations = [
        migrations.AddField(
            model_name="statushistory",
            name="note_for_applicant",
            field=models.BooleanField(
                db_default=False, default=False, verbose_name="ghi chú gửi người nộp"
            ),
        ),
        migrations.RunPython(keep_applicant_notes, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                fields=["unit", "status", "appointment_at", "submitted_at"],
                name="dossier_due_idx",
            ),
        ),
    ]
