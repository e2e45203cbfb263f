from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import services


class AccountAdapter(DefaultAccountAdapter):
    """allauth in Vietnamese (allauth ships no Vietnamese catalogue), and a password reset
    that also lifts a login lockout: the way back for a locked-out applicant."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": _("Tài khoản này đang bị khóa."),
        "duplicate_email": _("Địa chỉ email này đã gắn với tài khoản của bạn."),
        "email_password_mismatch": _("Email hoặc mật khẩu không đúng."),
        "username_password_mismatch": _("Tên đăng nhập hoặc mật khẩu không đúng."),
        "email_taken": _("Đã có tài khoản đăng ký bằng địa chỉ email này."),
        "enter_current_password": _("Vui lòng nhập mật khẩu hiện tại."),
        "incorrect_password": _("Mật khẩu không đúng."),
        "invalid_login": _("Thông tin đăng nhập không hợp lệ."),
        "invalid_password_reset": _("Liên kết đặt lại mật khẩu không hợp lệ hoặc đã hết hạn."),
        "too_many_login_attempts": _("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau."),
        "unknown_email": _("Địa chỉ email này chưa đăng ký tài khoản nào."),
        "unverified_primary_email": _("Địa chỉ email chính phải được xác thực."),
        "username_taken": _("Tên đăng nhập này đã có người dùng."),
        "same_as_current": _("Giá trị mới phải khác giá trị hiện tại."),
        "rate_limited": _("Bạn gửi yêu cầu quá nhanh, vui lòng chờ một lát rồi thử lại."),
    }

    def render_mail(self, template_prefix, email, context, headers=None):
        """Mails name the site by its configured name and address (MOTCUA_SITE_NAME and
        MOTCUA_SITE_URL), not by the host a request came in on."""
        context = {
            **context,
            "site_name": settings.MOTCUA_SITE_NAME,
            "site_url": settings.MOTCUA_SITE_URL,
        }
        return super().render_mail(template_prefix, email, context, headers)

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return on_site(super().get_email_confirmation_url(request, emailconfirmation))

    def get_reset_password_from_key_url(self, key: str) -> str:
        return on_site(super().get_reset_password_from_key_url(key))

    def set_password(self, user, password: str) -> None:
        super().set_password(user, password)
        services.clear_login_lockout(user)

    def get_email_verification_redirect_url(self, email_address) -> str:
        if self.request.user.is_authenticated:
            return reverse("accounts:profile")
        return super().get_email_verification_redirect_url(email_address)


def on_site(url: str) -> str:
    """`url` on the configured site address (a link in a mail must not carry the host name
    the request came in on, e.g. a node's private address)."""
    parts = urlsplit(url)
    query = f"?{parts.query}" if parts.query else ""
    return f"{settings.MOTCUA_SITE_URL}{parts.path}{query}"
