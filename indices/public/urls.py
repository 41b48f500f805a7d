from django.urls import path, register_converter

from indices.public import sharing, views


class RegionCodeConverter:
    """A Kemendagri code: "62" for a province, "62.71" for a regency or city."""

    regex = r"[0-9]{2}(?:\.[0-9]{2})?"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(RegionCodeConverter, "kode")

app_name = "indices"
urlpatterns = [
    path("", views.home, name="home"),
    path("wilayah/<kode:code>/", views.region, name="region"),
    path("instansi/<slug:code>/", views.agency, name="agency"),
    path("peringkat/", views.rankings, name="rankings"),
    path("bandingkan/", views.compare, name="compare"),
    path("cari/", views.search, name="search"),
    path("cari/tempat.json", views.places, name="places"),
    path("unduh/data.<str:file_format>", views.data_export, name="data_export"),
    path("predikat.css", views.predicate_styles, name="predicate_styles"),
    # A shared link's preview image, and an instance's badge to embed (by the instance's code).
    path("pratinjau/ikhtisar.png", sharing.overview_preview, name="overview_preview"),
    path("pratinjau/peringkat.png", sharing.rankings_preview, name="rankings_preview"),
    path("pratinjau/<str:code>.png", sharing.instance_preview, name="instance_preview"),
    path("lencana/<str:code>.svg", sharing.badge_svg, name="badge_svg"),
    path("lencana/<str:code>.png", sharing.badge_png, name="badge_png"),
]
