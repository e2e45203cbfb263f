import factory
from django.contrib.auth.models import User

from motcua.dossiers.models import Dossier, DossierChannel, Status
from tests.factories import ProcedureFactory, UnitFactory


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"nguoidan{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.vn")
    password = factory.django.Password("mat-khau-rat-manh-2026")


class DossierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dossier

    status = Status.DRAFT
    channel = DossierChannel.ONLINE
    applicant = factory.SubFactory(UserFactory)
    applicant_name = "Nguyễn Văn An"
    applicant_id_number = "056090001234"
    applicant_phone = "0905123456"
    applicant_email = factory.LazyAttribute(lambda o: o.applicant.email if o.applicant else "")
    procedure = factory.SubFactory(ProcedureFactory)
    unit = factory.SubFactory(UnitFactory)
    values = factory.LazyFunction(lambda: {"noi_dung": "Xin cấp giấy phép"})
    code = factory.Sequence(lambda n: f"000.00.99.H56-261126-{n:04d}")
