"""Provider name -> class; settings.MOTCUA_SMS_PROVIDER chooses one."""

from django.conf import settings
from django.utils.module_loading import import_string

from .base import SmsProvider

PROVIDERS = {
    "database": "motcua.notifications.sms.database.DatabaseProvider",
}


def provider() -> SmsProvider:
    return import_string(PROVIDERS[settings.MOTCUA_SMS_PROVIDER])()
