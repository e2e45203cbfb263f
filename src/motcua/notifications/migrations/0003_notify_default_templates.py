"""The shipped text of every message (motcua.notifications.defaults), and the old "pending"
state renamed "queued". Rows a province admin already has are left as they are."""

from django.db import migrations


def load_defaults(apps, schema_editor):
    from motcua.notifications.defaults import TEMPLATES

    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    Delivery = apps.get_model("notifications", "Delivery")
    for event, languages in TEMPLATES.items():
        for language, (subject, body, sms) in languages.items():
            MessageTemplate.objects.get_or_create(
                event=event,
                language=language,
                defaults={"subject": subject, "body": body, "sms": sms},
            )
    Delivery.objects.filter(status="pending").update(status="queued")


def unload(apps, schema_editor):
    Delivery = apps.get_model("notifications", "Delivery")
    Delivery.objects.filter(status="queued").update(status="pending")


class Migration(migrations.Migration):
    dependencies = [("notifications", "0002_notify_messages")]

    operations = [migrations.RunPython(load_defaults, unload)]
