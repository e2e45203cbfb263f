from django import template
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
