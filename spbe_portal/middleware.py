from django.middleware.locale import LocaleMiddleware


class IndonesianFirstLocaleMiddleware(LocaleMiddleware):
    """Bahasa Indonesia unless the visitor chose English with the language switch.

    Office browsers are often set to English; the portal should still open in Indonesian, so the
    browser's Accept-Language header is ignored and only the switch's cookie counts.
    """

    def process_request(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)
