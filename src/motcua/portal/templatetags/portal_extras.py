from django import template

from motcua.catalog.models import OnlineLevel

register = template.Library()


@register.filter
def level_label(level) -> str:
    """The name of an online level (3 -> 'Một phần (mức độ 3)'); '' when unknown."""
    return OnlineLevel(level).label if level in OnlineLevel.values else ""
