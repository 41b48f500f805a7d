from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

urlpatterns = [
    path("admin/", admin.site.urls),
    # Choosing a language is harmless to forge, and without a CSRF token public pages carry nothing
    # personal, so one cached copy serves everyone.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("api/v1/", include("indices.public.api")),
    path("ruang-kerja/", include("indices.workspace.urls")),
    path("", include("indices.public.urls")),
]
