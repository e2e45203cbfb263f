import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import User

from motcua.accounts.models import ApplicantKind, ApplicantProfile

PASSWORD = "Khánh-Hòa-2026"


class UserFactory(factory.django.DjangoModelFactory):
    """A user with PASSWORD and a verified primary email (pass verified=False for not)."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.vn")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create:
            verified = True if extracted is None else extracted
            EmailAddress.objects.create(user=obj, email=obj.email, primary=True, verified=verified)


class ApplicantProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicantProfile

    user = factory.SubFactory(UserFactory)
    kind = ApplicantKind.INDIVIDUAL
    full_name = "Nguyễn Văn An"
    id_number = "056085001234"
    phone = "0905123456"
    address_line = "12 Trần Phú"
