"""Evidence (data dukung) through the pages: add, read back, download, change, delete; refused files leave
nothing behind; nobody reaches another instance's evidence; the completeness view and its two indices."""

from decimal import Decimal

import pytest
from django.conf import settings as configured
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indices.models import Framework, FrameworkNode, Instance
from indices.workspace.models import Assessment, Evidence, IndicatorLevel
from spbe_portal import settings as portal_settings
from tests.workspace.test_evidence_files import EXE, HTML, PDF, PNG, workbook

OWN = "62.03"  # Kabupaten Kapuas, Kalimantan Tengah
NEIGHBOUR = "62.01"  # Kotawaringin Barat: the same province
PROVINCE = "62"  # Kalimantan Tengah itself
ELSEWHERE = "64.01"  # Paser, Kalimantan Timur
AGENCY = "kemenkeu"
INSTANCES = (OWN, NEIGHBOUR, PROVINCE, ELSEWHERE, AGENCY)
YEAR = 2025  # SPBE 2020: 47 indicators with their level criteria


def stored(root) -> list[str]:
    """Every file in the evidence store, by its path under the root."""
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def item(code, number=1, *, title="SK Tim Koordinasi SPBE", content=PDF, name="sk.pdf", **fields) -> Evidence:
    """An item of evidence with a file, for instance `code`'s indicator `number` of YEAR."""
    framework = Framework.objects.for_year(YEAR)
    assessment, _ = Assessment.objects.get_or_create(
        instance=Instance.objects.get(code=code), year=YEAR, defaults={"framework": framework}
    )
    node = framework.nodes.get(level=FrameworkNode.Level.INDICATOR, number=number)
    level, _ = IndicatorLevel.objects.get_or_create(assessment=assessment, node=node)
    fields = {"supports_level": 2, "status": "diunggah"} | fields
    evidence = Evidence(level=level, title=title, file_name=name, **fields)
    evidence.file.save(f"x.{name.rsplit('.', 1)[-1]}", ContentFile(content), save=True)
    return evidence


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def form(**changes):
    return {
        "title": "Perbup Arsitektur SPBE",
        "supports_level": "3",
        "status": "diunggah",
        "link": "",
    } | changes


def in_english(client, user):
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


# Adding and reading back


def test_an_operator_uploads_a_pdf_and_reads_it_back(client, people, evidence_root):
    in_english(client, people["operator"])
    page = f"/ruang-kerja/{OWN}/{YEAR}/indikator/1/bukti/"
    assert not IndicatorLevel.objects.filter(assessment__instance_id=OWN, assessment__year__gte=2023).exists()

    response = client.post(page, form(file=upload("Perbup 12 2024 Arsitektur SPBE.pdf", PDF)))

    assert response.status_code == 302
    assert response["Location"] == page
    evidence = Evidence.objects.get()
    assert (evidence.title, evidence.supports_level, evidence.status) == (
        "Perbup Arsitektur SPBE",
        3,
        "diunggah",
    )
    assert evidence.file_name == "Perbup 12 2024 Arsitektur SPBE.pdf"
    assert evidence.added_by == people["operator"]
    # The indicator's row is made on the first item, with no level claimed yet.
    assert evidence.level.node.number == 1 and evidence.level.self_level is None
    # On disk under the instance, year and indicator, never under the name that was typed.
    [path] = stored(evidence_root)
    assert path.startswith(f"{OWN}/{YEAR}/1-") and path.endswith(".pdf")
    assert (evidence_root / path).read_bytes() == PDF

    listing = client.get(page)
    assert listing.status_code == 200
    assert "Perbup Arsitektur SPBE" in listing.text and "Perbup 12 2024 Arsitektur SPBE.pdf" in listing.text
    download = f"/ruang-kerja/{OWN}/{YEAR}/bukti/{evidence.pk}/berkas"
    assert download in listing.text

    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Perbup 12 2024 Arsitektur SPBE.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}


def test_the_indicator_page_shows_its_name_and_five_level_criteria(client, people, evidence_root):
    in_english(client, people["operator"])
    node = FrameworkNode.objects.get(framework__slug="spbe-2020", level="indicator", number=1)
    response = client.get(f"/ruang-kerja/{OWN}/{YEAR}/indikator/1/bukti/")
    assert node.name in response.text
    assert len(node.criteria) == 5
    for text in node.criteria:
        assert text in response.text
    assert 'enctype="multipart/form-data"' in response.text
    assert 'accept=".docx,.jpe,.jpeg,.jpg,.odp,.ods,.odt,.pdf,.png,.pptx,.xlsx"' in response.text


def test_a_png_sent_as_pdf_is_stored_and_served_as_png(client, people, evidence_root):
    in_english(client, people["operator"])
    client.post(f"/ruang-kerja/{OWN}/{YEAR}/indikator/2/bukti/", form(file=upload("pindaian.pdf", PNG)))
    evidence = Evidence.objects.get()
    assert evidence.file.name.endswith(".png") and evidence.file_name == "pindaian.pdf"
    response = client.get(f"/ruang-kerja/{OWN}/{YEAR}/bukti/{evidence.pk}/berkas")
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="pindaian.png"'


def test_a_name_outside_ascii_reaches_the_download_intact(client, people, evidence_root):
    in_english(client, people["operator"])
    client.post(
        f"/ruang-kerja/{OWN}/{YEAR}/indikator/3/bukti/", form(file=upload("Peta Rencana – SPBE.pdf", PDF))
    )
    evidence = Evidence.objects.get()
    response = client.get(f"/ruang-kerja/{OWN}/{YEAR}/bukti/{evidence.pk}/berkas")
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Peta%20Rencana%20%E2%80%93%20SPBE.pdf"
    )


def test_a_link_alone_is_evidence_and_is_listed_as_a_link(client, people, evidence_root):
    in_english(client, people["operator"])
    page = f"/ruang-kerja/{OWN}/{YEAR}/indikator/4/bukti/"
    response = client.post(page, form(link="https://jdih.kapuaskab.go.id/perbup-12-2024"))
    assert response.status_code == 302
    assert stored(evidence_root) == []
    assert 'href="https://jdih.kapuaskab.go.id/perbup-12-2024"' in client.get(page).text


def test_submitted_evidence_without_a_file_or_link_is_refused_in_words(client, people, evidence_root):
    in_english(client, people["operator"])
    response = client.post(f"/ruang-kerja/{OWN}/{YEAR}/indikator/4/bukti/", form())
    assert response.status_code == 400
    assert "Evidence that is uploaded, accepted or to revise needs a file or a link." in response.text
    assert not Evidence.objects.exists()
    # Planned evidence ("not yet") may wait for its file.
    assert (
        client.post(f"/ruang-kerja/{OWN}/{YEAR}/indikator/4/bukti/", form(status="belum")).status_code == 302
    )


# Refused files leave nothing behind


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "setup.exe",
            EXE,
            "A .exe file is not accepted: only PDF, PNG, JPEG, DOCX, XLSX, PPTX, ODT, ODS or ODP.",
        ),
        (
            "laporan.pdf",
            HTML,
            "laporan.pdf is not accepted: its content is not PDF, PNG, JPEG, DOCX, XLSX, PPTX, ODT, ODS or ODP "
            "(the type is read from the content, not from the name).",
        ),
    ],
)
def test_a_forbidden_type_is_refused_with_its_reason_and_nothing_stored(
    client, people, evidence_root, name, content, message
):
    in_english(client, people["operator"])
    response = client.post(f"/ruang-kerja/{OWN}/{YEAR}/indikator/1/bukti/", form(file=upload(name, content)))
    assert response.status_code == 400
    assert message in response.text
    assert not Evidence.objects.exists()
    assert not IndicatorLevel.objects.filter(assessment__instance_id=OWN, assessment__year__gte=2023).exists()
    assert stored(evidence_root) == []


def test_an_oversized_file_is_refused_with_its_size_and_nothing_stored(client, people, evidence_root):
    assert configured.EVIDENCE_MAX_BYTES == 10 * 1024 * 1024
    in_english(client, people["operator"])
    big = PDF + b"0" * (configured.EVIDENCE_MAX_BYTES + 1 - len(PDF)) + b"1" * 1024 * 1024
    response = client.post(
        f"/ruang-kerja/{OWN}/{YEAR}/indikator/1/bukti/", form(file=upload("scan.pdf", big))
    )
    assert response.status_code == 400
    assert "scan.pdf is 11.0\xa0MB: a file may be at most 10.0\xa0MB." in response.text
    assert not Evidence.objects.exists()
    assert stored(evidence_root) == []


def test_the_refusal_reads_in_indonesian_by_default(client, people, evidence_root):
    client.force_login(people["operator"])
    response = client.post(
        f"/ruang-kerja/{OWN}/{YEAR}/indikator/1/bukti/", form(file=upload("setup.exe", EXE))
    )
    assert response.status_code == 400
    assert (
        "Berkas .exe tidak diterima: hanya PDF, PNG, JPEG, DOCX, XLSX, PPTX, ODT, ODS atau ODP."
        in response.text
    )


# Changing and deleting


def test_replacing_a_file_removes_the_old_one_from_the_store(
    client, people, evidence_root, django_capture_on_commit_callbacks
):
    in_english(client, people["operator"])
    evidence = item(OWN)
    [old] = stored(evidence_root)
    page = f"/ruang-kerja/{OWN}/{YEAR}/bukti/{evidence.pk}/"
    assert client.get(page).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page, form(title="Rekap aplikasi", file=upload("rekap.xlsx", workbook())))

    assert response.status_code == 302
    assert response["Location"] == f"/ruang-kerja/{OWN}/{YEAR}/indikator/1/bukti/"
    evidence.refresh_from_db()
    assert (evidence.title, evidence.file_name) == ("Rekap aplikasi", "rekap.xlsx")
    [new] = stored(evidence_root)
    assert new != old and new.endswith(".xlsx")


def test_removing_the_file_keeps_the_item_as_not_yet_submitted(
    client, people, evidence_root, django_capture_on_commit_callbacks
):
    in_english(client, people["operator"])
    evidence = item(OWN)
    page = f"/ruang-kerja/{OWN}/{YEAR}/bukti/{evidence.pk}/"
    refused = client.post(page, form(remove_file="on"))
    assert refused.status_code == 400 and len(stored(evidence_root)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(page, form(remove_file="on", status="belum")).status_code == 302
    evidence.refresh_from_db()
    assert not evidence.file and evidence.file_name == ""
    assert stored(evidence_root) == []


def test_a_refused_replacement_keeps_the_old_file(client, people, evidence_root):
    in_english(client, people["operator"])
    evidence = item(OWN)
    before = stored(evidence_root)
    response = client.post(f"/ruang-kerja/{OWN}/{YEAR}/bukti/{evidence.pk}/", form(file=upload("x.exe", EXE)))
    assert response.status_code == 400
    assert stored(evidence_root) == before
    evidence.refresh_from_db()
    assert evidence.title == "SK Tim Koordinasi SPBE"


def test_deleting_removes_the_item_and_its_file(
    client, people, evidence_root, django_capture_on_commit_callbacks
):
    in_english(client, people["operator"])
    evidence = item(OWN)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/ruang-kerja/{OWN}/{YEAR}/bukti/{evidence.pk}/", {"delete": "1"})
    assert response.status_code == 302
    assert not Evidence.objects.exists()
    assert stored(evidence_root) == []


# Who reaches what


def attempts(client, code, evidence):
    """Every way to reach an instance's evidence, each with the answer it got."""
    base = f"/ruang-kerja/{code}/{YEAR}"
    return {
        "list": client.get(f"{base}/bukti/").status_code,
        "read": client.get(f"{base}/indikator/1/bukti/").status_code,
        "download": client.get(f"{base}/bukti/{evidence.pk}/berkas").status_code,
        "add": client.post(f"{base}/indikator/1/bukti/", form(file=upload("baru.pdf", PDF))).status_code,
        "open change": client.get(f"{base}/bukti/{evidence.pk}/").status_code,
        "change": client.post(f"{base}/bukti/{evidence.pk}/", form(title="Diubah")).status_code,
        "delete": client.post(f"{base}/bukti/{evidence.pk}/", {"delete": "1"}).status_code,
    }


READS = ("list", "read", "download")
WRITES = ("add", "open change", "change", "delete")
ALLOWED = {
    "list": 200,
    "read": 200,
    "download": 200,
    "add": 302,
    "open change": 200,
    "change": 302,
    "delete": 302,
}


def expected(role, code) -> dict:
    in_province = code == PROVINCE or code.startswith(PROVINCE + ".")
    reads = (
        role in ("national", "reviewer")
        or (role == "operator" and code == OWN)
        or (role == "coordinator" and in_province)
    )
    writes = role == "national" or (role == "operator" and code == OWN)
    return {
        action: ALLOWED[action] if (reads if action in READS else writes) else 403
        for action in READS + WRITES
    }


@pytest.mark.parametrize("role", ["national", "operator", "coordinator", "reviewer", "no role"])
def test_each_role_reaches_exactly_the_evidence_it_may(client, people, evidence_root, role):
    client.force_login(people[role])
    for code in INSTANCES:
        evidence = item(code, title=f"Bukti {code}")
        answers = attempts(client, code, evidence)
        assert answers == expected(role, code), (role, code)
        rows = Evidence.objects.filter(level__assessment__instance_id=code)
        if expected(role, code)["delete"] == 403:
            # Nothing refused changed anything: the one item is as it was, its file still there.
            assert list(rows.values_list("title", flat=True)) == [f"Bukti {code}"], (role, code)
            assert evidence.file.storage.exists(evidence.file.name)
        else:
            # Added one, changed and deleted the other.
            assert list(rows.values_list("title", flat=True)) == ["Perbup Arsitektur SPBE"], (role, code)


def test_anonymous_visitors_are_sent_to_sign_in_and_nothing_is_stored(client, people, evidence_root):
    for code in INSTANCES:
        evidence = item(code)
        for action, status in attempts(client, code, evidence).items():
            assert status == 302, (code, action)
    response = client.get(f"/ruang-kerja/{OWN}/{YEAR}/bukti/1/berkas")
    assert response["Location"].startswith("/admin/login/?next=")
    assert Evidence.objects.count() == len(INSTANCES)
    assert len(stored(evidence_root)) == len(INSTANCES)


def test_evidence_of_another_instance_or_year_is_not_found_through_ones_own(client, people, evidence_root):
    client.force_login(people["operator"])
    theirs = item(ELSEWHERE)
    for path in (f"bukti/{theirs.pk}/berkas", f"bukti/{theirs.pk}/"):
        assert client.get(f"/ruang-kerja/{OWN}/{YEAR}/{path}").status_code == 404
    assert client.post(f"/ruang-kerja/{OWN}/{YEAR}/bukti/{theirs.pk}/", {"delete": "1"}).status_code == 404
    own = item(OWN)
    assert client.get(f"/ruang-kerja/{OWN}/{YEAR - 1}/bukti/{own.pk}/berkas").status_code == 404
    assert Evidence.objects.count() == 2


def test_the_coordinator_downloads_but_cannot_add(client, people, evidence_root):
    client.force_login(people["coordinator"])
    evidence = item(OWN)
    response = client.get(f"/ruang-kerja/{OWN}/{YEAR}/bukti/{evidence.pk}/berkas")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    page = client.get(f"/ruang-kerja/{OWN}/{YEAR}/indikator/1/bukti/")
    assert page.status_code == 200 and "multipart/form-data" not in page.text
    assert f'/bukti/{evidence.pk}/"' not in page.text  # no link to change it
    refused = client.post(f"/ruang-kerja/{OWN}/{YEAR}/indikator/1/bukti/", form(file=upload("baru.pdf", PDF)))
    assert refused.status_code == 403
    assert Evidence.objects.count() == 1 and len(stored(evidence_root)) == 1


def test_a_file_missing_from_the_store_is_not_found_not_an_error(client, people, evidence_root):
    client.force_login(people["operator"])
    evidence = item(OWN)
    evidence.file.storage.delete(evidence.file.name)
    assert client.get(f"/ruang-kerja/{OWN}/{YEAR}/bukti/{evidence.pk}/berkas").status_code == 404


# Outside the static root


def test_evidence_files_are_never_served_as_static_files(client, people, evidence_root):
    # As configured (this test's own store is a temporary folder): outside every folder of static files.
    root = portal_settings.EVIDENCE_ROOT.resolve()
    assert portal_settings.STORAGES["evidence"]["OPTIONS"]["location"] == portal_settings.EVIDENCE_ROOT
    for folder in (portal_settings.STATIC_ROOT, *portal_settings.STATICFILES_DIRS):
        assert not root.is_relative_to(folder.resolve()) and not folder.resolve().is_relative_to(root)
    client.force_login(people["operator"])
    client.post(f"/ruang-kerja/{OWN}/{YEAR}/indikator/1/bukti/", form(file=upload("sk.pdf", PDF)))
    [path] = stored(evidence_root)
    for url in (
        f"/static/{path}",
        f"/static/evidence/{path}",
        f"/static/private/evidence/{path}",
        # The URL the storage would give it (MEDIA_URL, as it has no base URL of its own): nothing serves it.
        storages["evidence"].url(path),
    ):
        assert client.get(url).status_code == 404, url


# Completeness


@pytest.fixture
def claimed(people):
    """Kapuas claims level 2 on every indicator of 2025 but 3 on indicator 1, with evidence of all kinds."""
    framework = Framework.objects.for_year(YEAR)
    assessment = Assessment.objects.create(instance_id=OWN, year=YEAR, framework=framework)
    for node in framework.nodes.filter(level="indicator"):
        level = Decimal(3 if node.number == 1 else 2)
        IndicatorLevel.objects.create(assessment=assessment, node=node, self_level=level)
    return assessment


def test_completeness_counts_indicators_backed_by_accepted_evidence_per_aspect(
    client, people, evidence_root, claimed
):
    item(OWN, 1, status="diterima", supports_level=3)  # backs the 3 claimed
    item(OWN, 2, status="diterima", supports_level=2)  # backs the 2 claimed
    item(OWN, 3, status="diunggah", supports_level=2)  # not accepted yet
    item(OWN, 4, status="diterima", supports_level=1)  # accepted, for a lower level than claimed
    item(OWN, 4, status="revisi", supports_level=2)
    in_english(client, people["operator"])

    response = client.get(f"/ruang-kerja/{OWN}/{YEAR}/bukti/")

    assert response.status_code == 200
    aspects = response.context["aspects"]
    assert sum(len(aspect["rows"]) for aspect in aspects) == 47
    first = aspects[0]
    assert first["node"].number == 1 and first["backed"] == 2
    rows = {row["node"].number: row for row in first["rows"]}
    statuses = [status for status, _label in Evidence.Status.choices]
    assert dict(zip(statuses, rows[4]["counts"], strict=True)) == {
        "belum": 0, "draf": 0, "diunggah": 0, "diterima": 1, "revisi": 1,
    }  # fmt: skip
    assert [rows[n]["backed"] for n in (1, 2, 3, 4)] == [True, True, False, False]
    assert rows[4]["accepted"] == 1
    assert response.context["backed"] == 2 and response.context["total"] == 47
    assert "2 / 47" in response.text
    assert "index counting accepted evidence only" in response.text
    assert "an indicator without accepted evidence counts at the lowest level (1)" in response.text


def test_the_index_counting_accepted_evidence_only_stands_beside_the_claimed_one(
    client, people, evidence_root, claimed
):
    item(OWN, 1, status="diterima", supports_level=3)
    in_english(client, people["operator"])
    response = client.get(f"/ruang-kerja/{OWN}/{YEAR}/bukti/")
    weight = FrameworkNode.objects.get(framework__slug="spbe-2020", level="indicator", number=1).weight
    # Claimed: every indicator at 2, indicator 1 at 3. Accepted only: every indicator at 1, indicator 1 at 3.
    assert response.context["claimed"]["index"] == Decimal(2) + weight / 100
    assert response.context["accepted"]["index"] == Decimal(1) + 2 * weight / 100
    assert "2.01" in response.text and "1.03" in response.text


def test_the_completeness_page_says_when_levels_are_missing(client, people, evidence_root):
    in_english(client, people["reviewer"])
    response = client.get(f"/ruang-kerja/{ELSEWHERE}/{YEAR}/bukti/")
    assert response.status_code == 200
    assert "0 / 47" in response.text
    assert "Both indices need a self-assessed level for every indicator: 0 of 47 have one." in response.text


def test_the_completeness_page_under_pemerintah_digital_lists_its_20_indicators(
    client, people, evidence_root
):
    in_english(client, people["operator"])
    response = client.get(f"/ruang-kerja/{OWN}/2026/bukti/")
    assert response.status_code == 200
    assert response.context["total"] == 20
    indicator = client.get(f"/ruang-kerja/{OWN}/2026/indikator/20/bukti/")
    # Its level criteria and evidence items come from the sources the criteria file names.
    assert "I20-L1-01" in indicator.text and "source C" in indicator.text


def test_an_unknown_indicator_is_not_found(client, people, evidence_root):
    client.force_login(people["operator"])
    assert client.get(f"/ruang-kerja/{OWN}/{YEAR}/indikator/48/bukti/").status_code == 404


def test_the_pages_ask_the_same_few_queries_however_much_evidence_there_is(
    client, people, evidence_root, claimed, django_assert_max_num_queries
):
    in_english(client, people["operator"])
    pages = (f"/ruang-kerja/{OWN}/{YEAR}/bukti/", f"/ruang-kerja/{OWN}/{YEAR}/indikator/1/bukti/")
    item(OWN, 1)
    counted = {}
    for page in pages:
        with CaptureQueriesContext(connection) as queries:
            client.get(page)
        counted[page] = len(queries)
    for number in range(1, 48):
        item(OWN, number, status="diterima")
        item(OWN, 1, title=f"Lampiran {number}")
    for page in pages:
        with django_assert_max_num_queries(counted[page]):
            assert client.get(page).status_code == 200
    assert max(counted.values()) <= 20
