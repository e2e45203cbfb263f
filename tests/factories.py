"""Factories that build the world for tests. Add factories for your own models in
tests/<app>/factories.py (or here, appended, for models many apps need)."""

import factory

from motcua.catalog.models import (
    Channel,
    Field,
    Offering,
    Procedure,
    ProcedureChannel,
    RequiredDocument,
    TimeUnit,
)
from motcua.core.text import fold
from motcua.org.models import Unit, UnitKind


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Sở Thử nghiệm {n}")
    kind = UnitKind.DEPARTMENT
    identifier = factory.Sequence(lambda n: f"000.00.{n:02d}.H56")


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")
    search_text = factory.LazyAttribute(lambda o: fold(o.name))


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Procedure

    code = factory.Sequence(lambda n: f"9.{n:06d}")
    name = factory.Sequence(lambda n: f"Thủ tục thử nghiệm số {n}")
    field = factory.SubFactory(FieldFactory)
    search_text = factory.LazyAttribute(
        lambda o: fold(f"{o.code} {o.name} {o.field.name if o.field else ''}")
    )
    name_search = factory.LazyAttribute(lambda o: fold(o.name))


class RequiredDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequiredDocument

    procedure = factory.SubFactory(ProcedureFactory)
    name = factory.Sequence(lambda n: f"Giấy tờ {n}")
    originals = 1
    required = True


class ProcedureChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcedureChannel

    procedure = factory.SubFactory(ProcedureFactory)
    channel = Channel.ONLINE
    time_value = 5
    time_unit = TimeUnit.WORKING_DAY
    fee_vnd = 0


class OfferingFactory(factory.django.DjangoModelFactory):
    """Offering a procedure also raises its max_online_level, as the catalogue service does."""

    class Meta:
        model = Offering
        skip_postgeneration_save = True

    unit = factory.SubFactory(UnitFactory)
    procedure = factory.SubFactory(ProcedureFactory)
    online_level = 3

    @factory.post_generation
    def _raise_level(obj, create, extracted, **kwargs):
        if create and (obj.procedure.max_online_level or 0) < obj.online_level:
            Procedure.objects.filter(pk=obj.procedure_id).update(max_online_level=obj.online_level)
            obj.procedure.max_online_level = obj.online_level
