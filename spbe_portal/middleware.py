from django.http import HttpResponseBadRequest
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


def signed_in_sessions_slide(get_response):
    """Signed-in work expires after SESSION_COOKIE_AGE of idleness: each admin request of a signed-in person
    saves the session again, pushing its expiry on. Only theirs, and only in the admin: Django's
    SESSION_SAVE_EVERY_REQUEST would also write a row for any visitor who sends an unknown or expired
    session cookie, and a public page answered with a cookie could not be cached."""

    def middleware(request):
        response = get_response(request)
        user = getattr(request, "user", None)
        match = request.resolver_match
        if user is not None and user.is_authenticated and match is not None and match.app_name == "admin":
            request.session.modified = True
        return response

    return middleware


def refuse_nul_characters(get_response):
    """An address whose path or query holds a NUL character is answered 400 before anything reads it:
    PostgreSQL cannot hold NUL in text, so any lookup with it would fail as a server error, and no page,
    filter, search or code of the portal has one."""

    def middleware(request):
        if (
            "\x00" in request.path_info
            or "\x00" in request.META.get("QUERY_STRING", "")
            or _nul_in(request.GET)
        ):
            return HttpResponseBadRequest(
                "This address holds a NUL character (%00), which no page of the portal reads.",
                content_type="text/plain; charset=utf-8",
            )
        return get_response(request)

    return middleware


def _nul_in(query) -> bool:
    return any("\x00" in key or any("\x00" in value for value in query.getlist(key)) for key in query)
