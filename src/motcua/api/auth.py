"""Bearer-token authentication for the API: ``Authorization: Bearer <token>``.

Routers protect endpoints with ``auth=token_auth``; the endpoint then finds the user in
``request.auth`` and ``request.user``. Tokens are issued by POST /api/v1/auth/token and listed
and revoked on the applicant's profile page."""

from django.http import HttpRequest
from ninja.security import HttpBearer

from motcua.accounts import selectors, services


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        api_token = selectors.active_token_by_hash(services.hash_token_key(token))
        if api_token is None:
            return None
        services.record_token_use(api_token)
        request.user = api_token.user
        return api_token.user


token_auth = TokenAuth()
