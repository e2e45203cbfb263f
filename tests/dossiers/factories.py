import factory

from motcua.dossiers.models import Dossier, DossierChannel, Status
from tests.accounts.factories import UserFactory
from tests.factories import ProcedureFactory, UnitFactory

__all__ = ["DossierFactory", "UserFactory"]


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
