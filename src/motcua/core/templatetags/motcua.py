from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def vnd(amount) -> str:
    """Money the Vietnamese way: 1500000 -> '1.500.000 đ'; None -> 'Chưa có thông tin'."""
    if amount is None or amount == "":
        return _("Chưa có thông tin")
    return f"{int(amount):,}".replace(",", ".") + " đ"


@register.filter
def thousands(number) -> str:
    """1384984 -> '1.384.984'."""
    if number is None:
        return "0"
    return f"{int(number):,}".replace(",", ".")


@register.filter
def moment(value: datetime | None) -> str:
    """A moment the Vietnamese way in local time, '14:05 26/11/2026' ('' for none): what
    `date:"H:i d/m/Y"` gives, at a tenth of its cost, which counts in long lists."""
    if value is None or value == "":
        return ""
    return (timezone.localtime(value) if timezone.is_aware(value) else value).strftime(
        "%H:%M %d/%m/%Y"
    )
