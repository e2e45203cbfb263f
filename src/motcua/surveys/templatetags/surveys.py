"""`{% rating_states dossiers as rated %}`: for "Hồ sơ của tôi", dossier id -> answered?
for the listed dossiers that have a survey invitation (one query for the whole list)."""

from django import template

from motcua.surveys.selectors import rated_dossier_ids

register = template.Library()


@register.simple_tag
def rating_states(dossiers) -> dict[int, bool]:
    return rated_dossier_ids(dossier.pk for dossier in dossiers)


@register.filter
def lookup(mapping: dict, key):
    return mapping.get(key)
