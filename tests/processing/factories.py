"""Officers and dossiers ready for the desk."""

import itertools

from motcua.dossiers.models import Status
from motcua.org.models import StaffRole
from tests.dossiers.factories import DossierFactory, UserFactory
from tests.factories import ProcedureChannelFactory

_numbers = itertools.count(1)


def officer(unit, *roles: str, username: str | None = None):
    """A staff account holding `roles` in `unit`."""
    user = UserFactory(username=username or f"canbo{next(_numbers)}")
    for role in roles:
        StaffRole.objects.create(user=user, unit=unit, role=role)
    return user


def new_dossier(unit, *, days: int = 5, **kwargs):
    """A submitted online dossier (status 1) of a procedure taking `days` working days."""
    dossier = DossierFactory(status=Status.NEW, unit=unit, **kwargs)
    ProcedureChannelFactory(procedure=dossier.procedure, time_value=days)
    return dossier
