"""Issuing API tokens: POST /api/v1/auth/token with a username (or email) and a password.

A wrong password counts as a failed login for django-axes, like on the login page: after
five, the username is locked out from that address for the cool-off time (answer 429)."""

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from motcua.accounts import selectors, services

from .auth import token_auth
from .schemas import ErrorOut

router = Router(tags=["Xác thực"])


class TokenIn(Schema):
    username: str = Field(max_length=254, description="Tên đăng nhập hoặc email")
    password: str = Field(max_length=4096)
    name: str = Field("API", max_length=100, description="Tên gợi nhớ của khóa")


class TokenOut(Schema):
    token: str


class MeOut(Schema):
    username: str
    email: str
    email_verified: bool
    kind: str | None = Field(description="individual, organisation, business; null for staff")


@router.post("/token", response={200: TokenOut, 401: ErrorOut, 429: ErrorOut}, auth=None)
def issue_token(request: HttpRequest, payload: TokenIn):
    """A new token for the account. Keep it secret: it is shown only this once."""
    user = authenticate(request, username=payload.username.strip(), password=payload.password)
    if user is None or not user.is_active:
        raise HttpError(401, _("Tên đăng nhập hoặc mật khẩu không đúng."))
    _token, key = services.create_api_token(user, payload.name)
    return {"token": key}


@router.get("/me", response={200: MeOut, 401: ErrorOut}, auth=token_auth)
def me(request: HttpRequest):
    """The account the token belongs to: a way for a client to check its token."""
    profile = selectors.applicant_profile(request.auth)
    return {
        "username": request.auth.get_username(),
        "email": request.auth.email,
        "email_verified": selectors.has_verified_email(request.auth),
        "kind": profile.kind if profile else None,
    }
