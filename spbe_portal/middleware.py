from django.middleware.locale import LocaleMiddleware
from django.utils.translation import get_language_from_request


def indonesian_first_language(request) -> str:
    """Bahasa Indonesia unless the visitor chose English with the language switch.

    Office browsers are often set to English; the portal should still open in Indonesian, so the
    browser's Accept-Language header is ignored and only the switch's cookie counts.
    """
    request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
    return get_language_from_request(request)


class IndonesianFirstLocaleMiddleware(LocaleMiddleware):
    """Django's locale middleware choosing the language as `indonesian_first_language` does."""

    def process_request(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)
