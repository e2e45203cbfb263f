"""Read queries for applicant accounts."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import AbstractBaseUser, User
from django.db.models import QuerySet

from motcua.core.queries import by_pk, by_unique
from motcua.org.models import Unit, UnitKind
from motcua.org.selectors import units_for_picker

from .models import ApiToken, ApplicantProfile


def has_verified_email(user: AbstractBaseUser) -> bool:
    """True when the user's current email address is verified (needed to submit a dossier)."""
    if not user.is_authenticated:
        return False
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def username_for_login(login: str) -> str:
    """The username behind what a person typed at login: a username, or an account's email."""
    login = login.lower()
    if "@" not in login:
        return login
    username = User.objects.filter(email__iexact=login).values_list("username", flat=True).first()
    return (username or login).lower()


def applicant_profile(user: AbstractBaseUser) -> ApplicantProfile | None:
    return (
        ApplicantProfile.objects.select_related("province", "district", "commune")
        .filter(user=user)
        .first()
    )


PREFILL_FIELDS = ("full_name", "id_number", "tax_code", "phone", "address_line")
PLACES = ("province", "district", "commune")


def prefill_profile(user: AbstractBaseUser) -> ApplicantProfile | None:
    """The profile with only what a new dossier is prefilled from: the fields above and the
    names of its three places (`full_address`). Read for every new dossier, so it does not
    load the rest of the profile and of the three unit rows."""
    place_names = (f"{place}__{name}" for place in PLACES for name in ("name", "gso_name"))
    try:
        return (
            ApplicantProfile.objects.select_related(*PLACES)
            .only(*PREFILL_FIELDS, *PLACES, *place_names)
            .get(user=user)
        )
    except ApplicantProfile.DoesNotExist:
        return None


def tokens_of(user: AbstractBaseUser) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def active_token_by_hash(key_hash: str) -> ApiToken | None:
    """The token with this key hash (unique), with its user, if neither is disabled. Read on
    every API request: two reads by unique key (`core.queries`), 0.6 ms of CPU on the bench
    host against 1.4 ms for one ORM query with the join."""
    token = by_unique(ApiToken, "key_hash", key_hash)
    if token is None or token.revoked_at is not None:
        return None
    user = by_pk(User, token.user_id)
    if user is None or not user.is_active:
        return None
    token.user = user
    return token


def provinces() -> QuerySet[Unit]:
    return units_for_picker(None).filter(kind=UnitKind.PROVINCE)


def districts_of(province_id: int | None) -> QuerySet[Unit]:
    if not province_id:
        return Unit.objects.none()
    return units_for_picker(province_id).filter(kind=UnitKind.DISTRICT)


def communes_of(province_id: int | None, district_id: int | None) -> QuerySet[Unit]:
    """Communes of the district, or of the province itself where there are no districts
    (the two-level local government since 2025)."""
    parent_id = district_id or province_id
    if not parent_id:
        return Unit.objects.none()
    return units_for_picker(parent_id).filter(kind=UnitKind.COMMUNE)
