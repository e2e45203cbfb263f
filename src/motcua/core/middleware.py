from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class LanguageMiddleware(LocaleMiddleware):
    """Vietnamese unless the visitor chose another language with the switcher (its cookie):
    a browser's Accept-Language alone does not turn a Vietnamese public portal into English.
    The JSON API is the exception: its clients set Accept-Language on purpose."""

    def process_request(self, request):
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()


def chosen_language(request) -> str:
    """The language of the switcher's cookie when it is one of ours; under /api/ without
    that cookie, the best of ours in Accept-Language; else Vietnamese."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if language not in dict(settings.LANGUAGES) and request.path.startswith("/api/"):
        language = translation.get_language_from_request(request)
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
