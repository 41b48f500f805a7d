"""Pemerintah Digital's evidence items (butir) in the workspace, around Kabupaten Aceh Tengah (11.04): the
operator attaches files or links to an item with the usual file checks; an assessor (a reviewer, the
provincial coordinator or a national administrator, never the instance's operators) marks it diterima or
revisi; the evaluation's cascade, in its own words; the suggested value moving with the accepted items; and a
2026 workspace private like the others."""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from indices import pemdi
from indices.access import Access
from indices.models import EvidenceItem, Framework, Instance
from indices.workspace import pemdi_reads
from indices.workspace.models import Assessment, Evidence, IndicatorLevel
from indices.workspace.pemdi_models import ItemReview
from tests.conftest import audit_of
from tests.workspace.test_evidence_files import HTML, PDF

pytestmark = pytest.mark.django_db

ACEH_TENGAH = "11.04"
YEAR = 2026
PAGE = f"/ruang-kerja/{ACEH_TENGAH}/{YEAR}/indikator/12/bukti/"
CASCADE = "Automatically rejected because the previous maturity level was rejected."


def in_english(client, user):
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def workspace(code=ACEH_TENGAH) -> Assessment:
    framework = Framework.objects.get(slug="pemdi-2026")
    return Assessment.objects.get_or_create(instance_id=code, year=YEAR, defaults={"framework": framework})[0]


def attach(assessment, code, *, title="SK Tim Penanganan Insiden", content=PDF) -> Evidence:
    """A PDF attached to item `code`, as the attach view stores it."""
    item = EvidenceItem.objects.get(node__framework=assessment.framework, code=code)
    level = IndicatorLevel.objects.get_or_create(assessment=assessment, node=item.node)[0]
    evidence = Evidence(level=level, item=item, title=title, supports_level=item.level, status="diunggah")
    evidence.file_name = "sk.pdf"
    evidence.file.save("x.pdf", ContentFile(content), save=True)
    return evidence


def review(assessment, code, status, note="") -> ItemReview:
    item = EvidenceItem.objects.get(node__framework=assessment.framework, code=code)
    return ItemReview.objects.update_or_create(
        assessment=assessment, item=item, defaults={"status": status, "note": note}
    )[0]


def attach_form(code, **fields):
    return {f"{code}-{name}": value for name, value in ({"title": "SK", "link": ""} | fields).items()}


def verdict(code, status, note=""):
    return {f"r-{code}-status": status, f"r-{code}-note": note}


def suggested(assessment, number=12) -> Decimal:
    node = assessment.framework.nodes.get(level="indicator", number=number)
    bands = pemdi_reads.bands_of(assessment.framework.bands.order_by("lower"))
    return pemdi_reads.indicator_detail(assessment, node, bands)["suggested"]


# The operator attaches


def test_an_operator_attaches_a_pdf_to_an_item_of_level_1(client, people_aceh, evidence_root):
    in_english(client, people_aceh["operator"])
    upload = SimpleUploadedFile("SK TTIS 2026.pdf", PDF, content_type="application/pdf")
    response = client.post(
        f"/ruang-kerja/{ACEH_TENGAH}/{YEAR}/butir/I12-L1-02/lampiran/",
        attach_form("I12-L1-02", title="SK Tim Tanggap Insiden Siber", file=upload),
    )
    assert response.status_code == 302
    assert response["Location"] == PAGE + "#I12-L1-02"
    evidence = Evidence.objects.get()
    assert (evidence.item.code, evidence.supports_level, evidence.status, evidence.file_name) == (
        "I12-L1-02",
        1,
        "diunggah",
        "SK TTIS 2026.pdf",
    )
    assert evidence.added_by == people_aceh["operator"]
    page = client.get(PAGE).content.decode()
    assert "SK Tim Tanggap Insiden Siber" in page and "Waiting for the assessor" in page


def test_an_operator_attaches_a_link_to_an_item_of_level_2(client, people_aceh):
    in_english(client, people_aceh["operator"])
    response = client.post(
        f"/ruang-kerja/{ACEH_TENGAH}/{YEAR}/butir/I12-L2-01/lampiran/",
        attach_form("I12-L2-01", link="https://acehtengahkab.go.id/csirt"),
    )
    assert response.status_code == 302
    assert Evidence.objects.get().link == "https://acehtengahkab.go.id/csirt"


def test_an_item_needs_a_file_or_a_link_and_a_refusal_stores_nothing(client, people_aceh):
    in_english(client, people_aceh["operator"])
    response = client.post(
        f"/ruang-kerja/{ACEH_TENGAH}/{YEAR}/butir/I12-L1-01/lampiran/", attach_form("I12-L1-01")
    )
    assert response.status_code == 400
    assert "Attach a file or give a link." in response.content.decode()
    assert not Assessment.objects.filter(instance_id=ACEH_TENGAH, year=YEAR).exists()


def test_an_item_refuses_a_page_of_html_named_pdf_and_keeps_no_file(client, people_aceh, evidence_root):
    in_english(client, people_aceh["operator"])
    upload = SimpleUploadedFile("sk.pdf", HTML, content_type="application/pdf")
    response = client.post(
        f"/ruang-kerja/{ACEH_TENGAH}/{YEAR}/butir/I12-L1-01/lampiran/", attach_form("I12-L1-01", file=upload)
    )
    assert response.status_code == 400
    assert "its content is not" in response.content.decode()
    assert not Evidence.objects.exists() and not any(evidence_root.rglob("*.*"))


def test_an_item_of_an_indicator_other_agencies_value_takes_no_evidence(client, people_aceh):
    in_english(client, people_aceh["operator"])
    response = client.post(
        f"/ruang-kerja/{ACEH_TENGAH}/{YEAR}/butir/I5-L1-01/lampiran/",
        attach_form("I5-L1-01", link="https://x.id"),
    )
    assert response.status_code == 404


# The assessor's verdict


@pytest.mark.parametrize("who", ["coordinator", "reviewer", "national"])
def test_an_assessor_accepts_an_item_and_the_audit_trail_names_them(client, people_aceh, who, evidence_root):
    assessment = workspace()
    attach(assessment, "I12-L1-01")
    in_english(client, people_aceh[who])
    response = client.post(
        f"/ruang-kerja/{ACEH_TENGAH}/{YEAR}/butir/I12-L1-01/penilaian/", verdict("I12-L1-01", "diterima")
    )
    assert response.status_code == 302
    accepted = ItemReview.objects.get()
    assert (accepted.status, accepted.reviewed_by) == ("diterima", people_aceh[who])
    (entry,) = audit_of(accepted)
    assert (entry.action, entry.actor) == (LogEntry.Action.CREATE, people_aceh[who])


@pytest.mark.parametrize(
    "who", ["operator", "operator and coordinator", "other operator", "coordinator elsewhere"]
)
def test_an_operator_never_judges_their_own_items(client, people_aceh, who, evidence_root):
    assessment = workspace()
    attach(assessment, "I12-L1-01")
    in_english(client, people_aceh[who])
    response = client.post(
        f"/ruang-kerja/{ACEH_TENGAH}/{YEAR}/butir/I12-L1-01/penilaian/", verdict("I12-L1-01", "diterima")
    )
    assert response.status_code == 403
    assert not ItemReview.objects.exists()


def test_a_revisi_needs_a_note(client, people_aceh, evidence_root):
    attach(workspace(), "I12-L1-01")
    in_english(client, people_aceh["reviewer"])
    url = f"/ruang-kerja/{ACEH_TENGAH}/{YEAR}/butir/I12-L1-01/penilaian/"
    refused = client.post(url, verdict("I12-L1-01", "revisi"))
    assert refused.status_code == 400 and "Say what to revise." in refused.content.decode()
    assert (
        client.post(url, verdict("I12-L1-01", "revisi", "Lampirkan SK yang ditandatangani.")).status_code
        == 302
    )
    assert ItemReview.objects.get().note == "Lampirkan SK yang ditandatangani."


def test_an_item_without_a_file_or_link_cannot_be_accepted(client, people_aceh):
    in_english(client, people_aceh["coordinator"])
    response = client.post(
        f"/ruang-kerja/{ACEH_TENGAH}/{YEAR}/butir/I12-L1-01/penilaian/", verdict("I12-L1-01", "diterima")
    )
    assert response.status_code == 400
    assert "An item without a file or link cannot be accepted." in response.content.decode()
    assert not Assessment.objects.filter(instance_id=ACEH_TENGAH, year=YEAR).exists()


def test_a_file_answering_a_revisi_puts_the_item_back_before_the_assessor(client, people_aceh, evidence_root):
    assessment = workspace()
    attach(assessment, "I12-L1-01")
    review(assessment, "I12-L1-01", "revisi", "Belum ditandatangani.")
    in_english(client, people_aceh["operator"])
    upload = SimpleUploadedFile("sk-ttd.pdf", PDF, content_type="application/pdf")
    response = client.post(
        f"/ruang-kerja/{ACEH_TENGAH}/{YEAR}/butir/I12-L1-01/lampiran/", attach_form("I12-L1-01", file=upload)
    )
    assert response.status_code == 302
    assert ItemReview.objects.get().status == "belum"
    assert "waits for the assessor again" in client.get(PAGE).content.decode()


def test_editing_an_items_file_offers_no_status_and_reopens_a_revisi(client, people_aceh, evidence_root):
    assessment = workspace()
    evidence = attach(assessment, "I12-L1-01")
    review(assessment, "I12-L1-01", "revisi", "Tanggal salah.")
    in_english(client, people_aceh["operator"])
    url = f"/ruang-kerja/{ACEH_TENGAH}/{YEAR}/bukti/{evidence.pk}/"
    assert 'name="status"' not in client.get(url).content.decode()
    response = client.post(url, {"title": "SK (tanggal benar)", "link": "https://acehtengahkab.go.id/sk"})
    assert response.status_code == 302 and response["Location"].endswith("#I12-L1-01")
    assert (Evidence.objects.get().status, ItemReview.objects.get().status) == ("diunggah", "belum")


# The cascade and the suggested value


def test_items_above_a_rejected_level_are_rejected_and_the_page_says_so_in_those_words(
    client, people_aceh, evidence_root
):
    assessment = workspace()
    for code in ("I12-L1-01", "I12-L1-02", "I12-L2-01"):
        attach(assessment, code)
    review(assessment, "I12-L1-01", "diterima")
    review(assessment, "I12-L1-02", "revisi", "Dokumen tidak terbaca.")
    review(assessment, "I12-L2-01", "diterima")
    node = assessment.framework.nodes.get(level="indicator", number=12)
    detail = pemdi_reads.indicator_detail(
        assessment, node, pemdi_reads.bands_of(assessment.framework.bands.all())
    )
    level2 = detail["levels"][1]
    assert level2["auto_rejected"] and {row["state"] for row in level2["rows"]} == {"auto_rejected"}
    assert detail["suggested"] == Decimal("1.25")  # 1 of 2 at level 1; level 2's accepted item does not count
    page = in_english(client, people_aceh["operator"]).get(PAGE).content.decode()
    assert page.count(CASCADE) == 4 + 6  # levels 2-5 say it, and each of their 3 + 1 + 1 + 1 items
    # In Indonesian, the assessor's own words (pemdi-2026.json, `cascade.assessor_wording`).
    wording = pemdi.framework()["suggestion_rule"]["cascade"]["assessor_wording"]
    client.cookies["django_language"] = "id"
    assert client.get(PAGE).content.decode().count(f"{wording}.") == 4 + 6


def test_the_suggested_value_moves_with_each_accepted_item(evidence_root, register, frameworks):
    assessment = workspace()
    assert suggested(assessment) == Decimal("1")
    for code in ("I12-L1-01", "I12-L1-02", "I12-L2-01"):
        attach(assessment, code)
    steps = []
    for code in ("I12-L1-01", "I12-L1-02", "I12-L2-01"):
        review(assessment, code, "diterima")
        steps.append(round(suggested(assessment), 2))
    assert steps == [Decimal("1.25"), Decimal("1.50"), Decimal("1.83")]


def test_the_page_labels_the_suggestion_an_estimate_and_says_where_the_rule_fails(client, people_aceh):
    page = in_english(client, people_aceh["operator"]).get(PAGE).content.decode()
    assert "Estimate" in page and "not the assessor's figure" in page
    assert "reproduces 6 of its 9 values" in page and "for I3, I4 and I20" in page


def test_the_page_shows_each_levels_criterion_with_its_source_and_both_level_names(client, people_aceh):
    page = in_english(client, people_aceh["operator"]).get("/ruang-kerja/11.04/2026/indikator/20/bukti/")
    text = page.content.decode()
    assert "Level 1 · Merintis" in text and "(Rintisan)" in text
    assert "source C: regional app; text extracted" in text  # I20: the module's text at every level
    assert "other source" in text  # A's draft beside it


# Who may judge, for every role against a handful of instances


@pytest.mark.parametrize(
    ("who", "judges"),
    [
        ("national", {"11.04", "11.05", "11", "62.03", "kemenkeu"}),
        ("reviewer", {"11.04", "11.05", "11", "62.03", "kemenkeu"}),
        ("coordinator", {"11.04", "11.05", "11"}),
        ("coordinator elsewhere", {"62.03"}),
        ("operator and coordinator", {"11.05", "11"}),  # never their own 11.04
        ("operator", set()),
        ("other operator", set()),
        ("no role", set()),
        ("not staff", set()),
    ],
)
def test_who_may_mark_items_diterima_or_revisi(people_aceh, who, judges):
    access = Access(people_aceh[who])
    instances = Instance.objects.select_related("region").filter(
        code__in=["11.04", "11.05", "11", "62.03", "kemenkeu"]
    )
    assert {i.code for i in instances if access.can_assess_workspace(i)} == judges


# Private like every workspace


@pytest.mark.parametrize("who", ["other operator", "coordinator elsewhere", "no role", "not staff"])
def test_a_2026_workspace_is_private_like_the_others(client, people_aceh, who, evidence_root):
    evidence = attach(workspace(), "I12-L1-01")
    in_english(client, people_aceh[who])
    base = f"/ruang-kerja/{ACEH_TENGAH}/{YEAR}/"
    for path in ("", "indikator/12/bukti/", "aspek/4/", f"bukti/{evidence.pk}/berkas", "rapor/"):
        response = client.get(base + path)
        assert response.status_code in (302, 403), (who, path)
        assert b"SK Tim Penanganan Insiden" not in response.content
    post = client.post(base + "butir/I12-L1-02/lampiran/", attach_form("I12-L1-02", link="https://x.id"))
    assert post.status_code in (302, 403) and Evidence.objects.count() == 1


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("who", ["coordinator", "reviewer"])
def test_readers_who_assess_see_the_verdict_form_but_no_attach_form(client, people_aceh, who, evidence_root):
    attach(workspace(), "I12-L1-01")
    page = in_english(client, people_aceh[who]).get(PAGE).content.decode()
    assert "Save the verdict" in page and "Attach a file or link" not in page


def test_the_operator_sees_the_attach_form_but_no_verdict_form(client, people_aceh):
    page = in_english(client, people_aceh["operator"]).get(PAGE).content.decode()
    assert "Attach a file or link" in page and "Save the verdict" not in page
