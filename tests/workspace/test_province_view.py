"""The province's view (issue 23, item 5): every instance of a province in one evaluation year for its
coordinator and the national roles, its downloads, and the province report as a page and a PDF."""

import csv
import datetime
import io
import time
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from indices.models import Assignment, EvidenceItem, Framework, FrameworkNode, Instance, Score, Target
from indices.workspace import province_data, read_model
from indices.workspace.models import Assessment, Evidence, IndicatorLevel, Recommendation
from indices.workspace.pemdi_models import ItemReview
from tests.conftest import account
from tests.security.test_reads_never_write import row_counts

D = Decimal
KAPUAS = "62.03"
PAGE = "/ruang-kerja/provinsi/62/2025/"
REPORT = "/ruang-kerja/provinsi/62/2025/laporan/"
PDF = "/ruang-kerja/provinsi/62/2025/laporan.pdf"
JAWA_TIMUR = "/ruang-kerja/provinsi/35/2025/"
KALIMANTAN_TENGAH = 15  # the province's government, 13 regencies and the city of Palangka Raya


@pytest.fixture
def people(published):
    return {
        "coordinator": account("coordinator", Assignment.Role.COORDINATOR, "62"),
        "other coordinator": account("other-coordinator", Assignment.Role.COORDINATOR, "63"),
        "operator": account("operator", Assignment.Role.OPERATOR, KAPUAS),
        "reviewer": account("reviewer", Assignment.Role.REVIEWER),
        "national": account("national", is_superuser=True),
    }


@pytest.fixture
def coordinator(client, people):
    client.force_login(people["coordinator"])
    return client


def levels(code, year, level="3", state=Assessment.State.DRAFT, field="self_level", **by_number):
    """Every indicator of the year's framework at `level`, except those given as i<number>=level."""
    framework = Framework.objects.for_year(year)
    assessment = Assessment.objects.create(instance_id=code, year=year, framework=framework, state=state)
    for node in framework.nodes.filter(level=FrameworkNode.Level.INDICATOR):
        value = by_number.get(f"i{node.number}", level)
        if value is not None:
            IndicatorLevel.objects.create(assessment=assessment, node=node, **{field: D(value)})
    return assessment


@pytest.fixture
def kapuas(published, source):
    """Kapuas's 2025 self-assessment, submitted: every level 3 (index 3,00, Baik) against a target of 3,20,
    two pieces of evidence accepted and one to revise, and recommendations: one overdue, one open, one done,
    and one of 2024 still open."""
    assessment = levels(KAPUAS, 2025, "3", state=Assessment.State.SUBMITTED)
    Target.objects.filter(instance_id=KAPUAS, year=2025).delete()
    Target.objects.create(instance_id=KAPUAS, year=2025, value=D("3.20"), document="rpjmd", source=source)
    first, second = assessment.levels.order_by("node__number")[:2]
    for level, status in ((first, "diterima"), (first, "diterima"), (second, "revisi")):
        Evidence.objects.create(
            level=level, title="SK", link="https://example.org/sk", supports_level=3, status=status
        )
    today = timezone.localdate()
    for deadline, status in ((-10, "belum"), (30, "proses"), (-10, "selesai")):
        Recommendation.objects.create(
            assessment=assessment,
            node=first.node,
            text="Tetapkan SK.",
            deadline=today + datetime.timedelta(days=deadline),
            status=status,
        )
    earlier = levels(KAPUAS, 2024, "2")
    Recommendation.objects.create(assessment=earlier, node=first.node, text="Susun arsitektur.")
    return assessment


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


def row_of(rows, code):
    return next(row for row in rows if row["code"] == code)


# The page


def test_kalimantan_tengah_lists_its_government_and_every_regency_and_city(coordinator):
    response = coordinator.get(PAGE)
    assert response.status_code == 200
    table = response.context["table"]
    assert len(table.rows) == KALIMANTAN_TENGAH
    codes = [row.record["code"] for row in table.rows]
    assert codes[0] == "62" and KAPUAS in codes and "62.71" in codes
    assert "Kota Palangkaraya" in text_of(response)


def test_a_submitted_kapuas_shows_submitted_and_the_others_not_started(coordinator, kapuas):
    coordinator.cookies["django_language"] = "en"
    response = coordinator.get(PAGE)
    states = {row.record["code"]: row.record["state_words"] for row in response.context["table"].rows}
    assert states[KAPUAS] == "Submitted"
    assert {state for code, state in states.items() if code != KAPUAS} == {"Not started"}
    assert "Submitted" in text_of(response)


def test_each_column_holds_the_constructed_case(kapuas):
    row = row_of(province_data.cycle(_province(), 2025, timezone.localdate())["rows"], KAPUAS)
    assert row["state"] == "submitted"
    assert (row["filled"], row["indicator_count"]) == (47, 47)
    assert (row["accepted"], row["revisi"]) == (2, 1)
    assert row["index"] == D("3.00") and row["basis"] == "self" and row["predicate"] == "Baik"
    assert row["target"] == D("3.20") and row["gap"] == D("-0.20") and row["behind"] is True
    assert (row["open"], row["overdue"]) == (3, 1)


def _province():
    return Instance.objects.get(code="62")


def test_an_incomplete_self_assessment_gives_no_draft_index_and_counts_its_levels(published):
    levels("62.01", 2025, "2", i1=None, i2=None)
    row = row_of(province_data.cycle(_province(), 2025, timezone.localdate())["rows"], "62.01")
    assert (row["filled"], row["index"], row["gap"], row["behind"]) == (45, None, None, False)


@pytest.mark.parametrize(
    ("year", "field"), [(2025, "self_level"), (2025, "final_level"), (2026, "self_level")]
)
def test_the_draft_index_is_the_one_the_workspace_computes(published, year, field):
    """SPBE 2020 from self-assessed or final levels, and Pemerintah Digital, whose four indicators other
    agencies' indices value."""
    assessment = levels(KAPUAS, year, "3", field=field, i1="2", i5="4", i12="1", i20="5")
    row = row_of(province_data.cycle(_province(), year, timezone.localdate())["rows"], KAPUAS)
    data = read_model.workspace(assessment)
    assert row["basis"] == data["basis"]
    assert row["index"] is not None and row["index"] == data["bases"][data["basis"]]["index"]


def test_item_verdicts_to_revise_are_counted(published):
    assessment = levels(KAPUAS, 2026, "2")
    items = list(EvidenceItem.objects.filter(node__framework=assessment.framework)[:2])
    for item in items:
        ItemReview.objects.create(assessment=assessment, item=item, status="revisi", note="Lengkapi.")
    row = row_of(province_data.cycle(_province(), 2026, timezone.localdate())["rows"], KAPUAS)
    assert row["revisi"] == 2


def test_the_filters_keep_the_state_asked_for_and_those_behind_target(coordinator, kapuas):
    submitted = coordinator.get(PAGE + "?keadaan=submitted").context["table"].rows
    assert [row.record["code"] for row in submitted] == [KAPUAS]
    behind = coordinator.get(PAGE + "?di_bawah_target=on").context["table"].rows
    assert [row.record["code"] for row in behind] == [KAPUAS]
    not_started = coordinator.get(PAGE + "?keadaan=belum").context["table"].rows
    assert len(not_started) == KALIMANTAN_TENGAH - 1


def test_sorting_by_the_draft_index_puts_the_one_with_an_index_first(coordinator, kapuas):
    rows = coordinator.get(PAGE + "?sort=-index").context["table"].rows
    assert rows[0].record["code"] == KAPUAS


# Downloads


def test_the_csv_holds_every_row_with_numbers_as_numbers_and_is_private(coordinator, kapuas):
    response = coordinator.get(PAGE + "?_export=csv")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"] == 'attachment; filename="provinsi-62-2025.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1 + KALIMANTAN_TENGAH
    kapuas_row = next(row for row in rows if row[1] == KAPUAS)
    assert kapuas_row[0] == "Kabupaten Kapuas"  # the name alone, no link
    assert kapuas_row[3:] == ["47", "47", "2", "1", "3,00", "Baik", "3,20", "-0,20", "3", "1"]


def test_the_xlsx_holds_the_filtered_rows_with_numeric_cells(coordinator, kapuas):
    response = coordinator.get(PAGE + "?_export=xlsx&di_bawah_target=on")
    assert "no-store" in response["Cache-Control"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][:2] == ("Kabupaten Kapuas", KAPUAS)
    assert rows[1][3:] == (47, 47, 2, 1, 3.0, "Baik", 3.2, -0.2, 3, 1)


# Who may read it


@pytest.mark.parametrize("path", [PAGE, PAGE + "?_export=csv", REPORT, PDF])
def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client, published, path):
    response = client.get(path)
    assert response.status_code == 302 and response.url.startswith("/admin/login/?next=")


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("coordinator", 200),
        ("reviewer", 200),
        ("national", 200),
        ("operator", 403),
        ("other coordinator", 403),
    ],
)
@pytest.mark.parametrize("path", [PAGE, PAGE + "?_export=xlsx", REPORT])
def test_only_the_provinces_coordinator_and_the_national_roles_read_it(client, people, who, status, path):
    client.force_login(people[who])
    assert client.get(path).status_code == status


def test_a_region_that_is_no_province_is_not_found(coordinator):
    assert coordinator.get("/ruang-kerja/provinsi/62.03/2025/").status_code == 404


def test_reading_the_view_its_downloads_and_report_writes_nothing(coordinator, kapuas):
    before = row_counts()
    for path in (
        PAGE,
        PAGE + "?_export=csv",
        PAGE + "?_export=xlsx",
        REPORT,
        "/ruang-kerja/provinsi/62/2026/",
    ):
        assert coordinator.get(path).status_code == 200
    assert row_counts() == before


def test_the_workspace_index_links_a_coordinator_to_their_province(coordinator):
    page = text_of(coordinator.get("/ruang-kerja/"))
    year = timezone.localdate().year
    assert f'href="/ruang-kerja/provinsi/62/{year}/"' in page
    assert "/ruang-kerja/provinsi/63/" not in page


# Cost


def test_the_page_makes_the_same_number_of_queries_for_15_instances_as_for_39(
    client, people, django_assert_num_queries
):
    client.force_login(people["national"])
    for code in (KAPUAS, "35.01"):
        levels(code, 2025, "3")
    client.get(PAGE)  # the session exists from here on
    # The session and user (2), the province (1), the instances (1), the framework (4), the assessments,
    # levels, evidence accepted and to revise, item verdicts, recommendations and targets (7).
    with django_assert_num_queries(15):
        assert len(client.get(PAGE).context["table"].rows) == KALIMANTAN_TENGAH
    with django_assert_num_queries(15):
        assert len(client.get(JAWA_TIMUR).context["table"].rows) == 39


def test_the_report_makes_the_same_number_of_queries_whatever_the_province(
    client, people, django_assert_num_queries
):
    client.force_login(people["national"])
    client.get(REPORT)
    # The session and user, the province, the cycle's reads as the page makes them, every framework's facts,
    # the published scores and their bands, the domain values: whatever the number of instances.
    with django_assert_num_queries(17):
        client.get(REPORT)
    with django_assert_num_queries(17):
        client.get("/ruang-kerja/provinsi/35/2025/laporan/")


# The report


def test_the_report_counts_predicates_from_the_bands_and_names_the_weakest_domain(kapuas):
    data = province_data.report(_province(), 2025, timezone.localdate())
    assert data["latest_year"] == 2024
    published = Score.objects.official().in_province("62").filter(year=2024).with_band()
    counts = {row["predicate"]: row["count"] for row in data["predicate_counts"]}
    assert sum(counts.values()) == published.count() == KALIMANTAN_TENGAH
    for predicate, count in counts.items():
        assert published.filter(band_predicate=predicate).count() == count
    weakest = data["weakest_domains"]
    assert [domain["number"] for domain in weakest] != [] and weakest[0]["mean"] == min(
        d["mean"] for d in weakest
    )
    assert data["movement_years"] == [2021, 2022, 2023, 2024]
    states = {row["state"]: row["count"] for row in data["states"]}
    assert states["submitted"] == 1 and states[""] == KALIMANTAN_TENGAH - 1 and data["drafts"] == 1


def test_the_report_page_marks_public_and_draft_figures(coordinator, kapuas):
    coordinator.cookies["django_language"] = "en"
    page = text_of(coordinator.get(REPORT))
    assert "Public figures" in page and "Draft figures" in page
    assert "Official publication (KemenPANRB)" in page
    assert "Movement since 2021" in page


def test_the_pdf_holds_the_province_and_a_kapuas_figure(coordinator, kapuas):
    response = coordinator.get(PDF)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].endswith('laporan-spbe-provinsi-kalimantan-tengah-2025.pdf"')
    text = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).split()
    )
    kapuas_2024 = Score.objects.official().get(instance_id=KAPUAS, year=2024).value
    assert "Kalimantan Tengah" in text and "Kabupaten Kapuas" in text
    assert f"{kapuas_2024:.2f}".replace(".", ",") in text


def test_the_pdf_of_jawa_timur_renders_and_prints_its_time(client, people, capsys):
    client.force_login(people["national"])
    started = time.perf_counter()
    response = client.get("/ruang-kerja/provinsi/35/2025/laporan.pdf")
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    pages = len(PdfReader(io.BytesIO(response.content)).pages)
    with capsys.disabled():
        print(f"\nProvince report PDF of Jawa Timur (39 instances): {elapsed:.2f} s, {pages} pages")
