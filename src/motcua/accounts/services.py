"""The only place that changes applicant accounts, profiles and API tokens."""

import hashlib
import secrets
from datetime import timedelta
from enum import StrEnum

from allauth.account.internal.flows import email_verification
from allauth.account.models import EmailAddress
from axes.utils import reset as reset_axes_attempts
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from .models import ApiToken, ApplicantKind, ApplicantProfile

TOKEN_PREFIX = "mc_"
TOKEN_DISPLAY_LENGTH = 10
# last_used_at is a hint for the owner, not an audit trail: one write a minute is enough.
TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)

PROFILE_TEXT_FIELDS = (
    "kind",
    "full_name",
    "id_number",
    "tax_code",
    "representative",
    "phone",
    "address_line",
)
PROFILE_UNIT_FIELDS = ("province", "district", "commune")
# Identifiers that do not belong to a kind are cleared, so a profile never carries both.
FIELDS_NOT_FOR_KIND = {
    ApplicantKind.INDIVIDUAL: ("tax_code", "representative"),
    ApplicantKind.ORGANISATION: ("id_number",),
    ApplicantKind.BUSINESS: ("id_number",),
}


def hash_token_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def save_applicant_profile(user: AbstractBaseUser, data: dict) -> ApplicantProfile:
    """Create or update the user's profile from cleaned form data."""
    values = {name: data.get(name) or "" for name in PROFILE_TEXT_FIELDS}
    values.update({name: data.get(name) for name in PROFILE_UNIT_FIELDS})
    for name in FIELDS_NOT_FOR_KIND[values["kind"]]:
        values[name] = ""
    profile, _ = ApplicantProfile.objects.update_or_create(user=user, defaults=values)
    if profile.full_name and not user.first_name:
        user.first_name = profile.full_name[:150]
        user.save(update_fields=["first_name"])
    return profile


@transaction.atomic
def create_api_token(user: AbstractBaseUser, name: str) -> tuple[ApiToken, str]:
    """A new token and its key; the key is returned once and never stored in clear."""
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip() or "API",
        key_hash=hash_token_key(key),
        prefix=key[:TOKEN_DISPLAY_LENGTH],
    )
    return token, key


@transaction.atomic
def revoke_api_token(user: AbstractBaseUser, token_id: int) -> bool:
    """Revoke one of the user's own tokens; False when there is no such active token."""
    updated = ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return updated == 1


def record_token_use(token: ApiToken) -> None:
    """Note when the token was last used, at most once per TOKEN_TOUCH_INTERVAL: nothing to
    write while the stored moment is recent (most requests), else one conditional UPDATE, so
    that requests arriving together on several workers write it once, not each."""
    now = timezone.now()
    since = now - TOKEN_TOUCH_INTERVAL
    if token.last_used_at is not None and token.last_used_at >= since:
        return
    ApiToken.objects.filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=since), pk=token.pk
    ).update(last_used_at=now)
    token.last_used_at = now


class Verification(StrEnum):
    SENT = "sent"
    ALREADY_VERIFIED = "already_verified"
    NO_EMAIL = "no_email"
    TOO_SOON = "too_soon"  # allauth's cool-down between two mails to one address


@transaction.atomic
def send_email_verification(request: HttpRequest, user: AbstractBaseUser) -> Verification:
    """Mail a verification link for the account's current address. Accounts made outside
    sign-up (admin, scripts) get their address record here."""
    if not user.email:
        return Verification.NO_EMAIL
    address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
    if address is None:
        address = EmailAddress.objects.create(
            user=user,
            email=user.email,
            primary=not EmailAddress.objects.filter(user=user, primary=True).exists(),
        )
    if address.verified:
        return Verification.ALREADY_VERIFIED
    if not email_verification.send_verification_email_to_address(request, address):
        return Verification.TOO_SOON
    return Verification.SENT


def clear_login_lockout(user: AbstractBaseUser) -> None:
    """Forget the failed logins counted against the user (after a password reset)."""
    reset_axes_attempts(username=user.get_username().lower())
