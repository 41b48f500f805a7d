from django.urls import path

from indices.workspace import (
    bulk_views,
    evidence,
    pemdi_views,
    province_views,
    recommendations,
    reminder_views,
    report,
    review_views,
    views,
)

app_name = "workspace"
urlpatterns = [
    path("", views.index, name="index"),
    path("panduan-pemerintah-digital/", pemdi_views.guide, name="pemdi_guide"),
    # A person's own: what waits on them, their reminders, and a mail's link that turns reminders off.
    path("pekerjaan-saya/", reminder_views.my_work_page, name="my_work"),
    path("pengingat/", reminder_views.preferences, name="reminders"),
    path("pengingat/berhenti/<str:token>/", reminder_views.unsubscribe, name="unsubscribe"),
    # The province's view: every instance of a province, and the province report.
    path("provinsi/<str:code>/<int:year>/", province_views.page, name="province"),
    path("provinsi/<str:code>/<int:year>/laporan/", province_views.report_page, name="province_report"),
    path("provinsi/<str:code>/<int:year>/laporan.pdf", province_views.report_pdf, name="province_report_pdf"),
    path("<str:code>/<int:year>/", views.overview, name="overview"),
    path("<str:code>/<int:year>/aspek/<int:number>/", views.aspect, name="aspect"),
    path(
        "<str:code>/<int:year>/mulai-dari-tingkat-akhir/",
        views.start_from_previous,
        name="start_from_previous",
    ),
    # Levels in bulk: a CSV or XLSX in (previewed, then confirmed) and out.
    path("<str:code>/<int:year>/impor-tingkat/", bulk_views.upload, name="levels_import"),
    path(
        "<str:code>/<int:year>/tingkat-indikator.csv",
        bulk_views.export,
        {"file_format": "csv"},
        name="levels_csv",
    ),
    path(
        "<str:code>/<int:year>/tingkat-indikator.xlsx",
        bulk_views.export,
        {"file_format": "xlsx"},
        name="levels_xlsx",
    ),
    # Submit and review, with the timeline of every move.
    path("<str:code>/<int:year>/tinjauan/", review_views.page, name="review"),
    # Evidence (data dukung): indicator lists, completeness per aspect, files served privately.
    path("<str:code>/<int:year>/bukti/", evidence.completeness, name="evidence"),
    path(
        "<str:code>/<int:year>/indikator/<int:number>/bukti/", evidence.indicator, name="indicator_evidence"
    ),
    path("<str:code>/<int:year>/bukti/<int:pk>/", evidence.change, name="evidence_change"),
    path("<str:code>/<int:year>/bukti/<int:pk>/berkas", evidence.download, name="evidence_file"),
    # Pemerintah Digital: a file or link for an evidence item (butir), and an assessor's verdict on it.
    path(
        "<str:code>/<int:year>/butir/<str:item_code>/lampiran/", pemdi_views.item_attach, name="item_attach"
    ),
    path(
        "<str:code>/<int:year>/butir/<str:item_code>/penilaian/", pemdi_views.item_review, name="item_review"
    ),
    # Recommendations and their follow-up (tindak lanjut), per instance across years.
    path("<str:code>/rekomendasi/", recommendations.listing, name="recommendations"),
    path("<str:code>/rekomendasi/baru/", recommendations.add, name="recommendation_add"),
    path("<str:code>/rekomendasi/<int:pk>/", recommendations.change, name="recommendation_change"),
    # The report card (rapor): a printable page and its PDF.
    path("<str:code>/<int:year>/rapor/", report.card, name="report"),
    path("<str:code>/<int:year>/rapor.pdf", report.pdf, name="report_pdf"),
]
