"""Officers and dossiers ready for the desk."""

import itertools

from motcua.catalog.services import current_version
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


def new_dossier(unit, *, days: int = 5, time_unit: str = "working_day", **kwargs):
    """A submitted online dossier (status 1) of a procedure taking `days` working days
    (or `days` of another `time_unit`), frozen in the procedure version it was submitted under."""
    dossier = DossierFactory(status=Status.NEW, unit=unit, **kwargs)
    ProcedureChannelFactory(procedure=dossier.procedure, time_value=days, time_unit=time_unit)
    dossier.procedure_version = current_version(dossier.procedure)
    dossier.save(update_fields=["procedure_version"])
    return dossier
