"""Where the 2026 cycle stands on a given day, in words, and what is still missing before the next deadline:
the reads take the day as an argument, so every test here names its own date."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone, translation

from indices.models import CycleStage, EvidenceItem, Framework
from indices.workspace import cycle, pemdi_views, read_model
from indices.workspace.models import Assessment, Evidence, IndicatorLevel
from indices.workspace.pemdi_models import ItemReview
from tests.workspace.test_pemdi_items import ACEH_TENGAH, attach, in_english, review

pytestmark = pytest.mark.django_db


def stage(kind, name, ends_on, starts_on=None, estimate=False, position=1):
    return SimpleNamespace(
        kind=kind, name=name, starts_on=starts_on, ends_on=ends_on, estimate=estimate, position=position
    )


STAGES = [
    stage("milestone", "Permen ditetapkan", date(2026, 6, 1), date(2026, 6, 1)),
    stage("self_assessment", "Penilaian mandiri", date(2026, 9, 15), date(2026, 8, 1)),
    stage("document_review", "Hasil penilaian dokumen", date(2026, 9, 20)),
    stage("interview", "Interviu", date(2026, 9, 30), date(2026, 9, 21)),
    stage("visit", "Visitasi", date(2026, 10, 30), date(2026, 10, 1)),
    stage("results", "Penetapan hasil", date(2026, 12, 15), date(2026, 11, 1), estimate=True),
]


@pytest.fixture(autouse=True)
def english():
    translation.activate("en")


def test_during_the_self_assessment_the_deadline_is_its_last_day():
    where = cycle.position(STAGES, date(2026, 9, 1))
    assert [s.name for s in where.current] == ["Penilaian mandiri"]
    assert (where.deadline.name, where.days_left) == ("Penilaian mandiri", 14)
    assert where.in_words == "14 days left until “Penilaian mandiri” ends (15 September 2026)."


def test_one_day_left_is_said_in_the_singular():
    assert cycle.position(STAGES, date(2026, 9, 14)).in_words.startswith(
        "1 day left until “Penilaian mandiri”"
    )


def test_on_the_last_day_it_says_today():
    where = cycle.position(STAGES, date(2026, 9, 30))
    assert where.in_words == "Today is the last day of “Interviu” (30 September 2026)."


def test_an_estimated_deadline_says_it_is_an_estimate():
    where = cycle.position(STAGES, date(2026, 12, 7))
    assert where.in_words == "8 days left until “Penetapan hasil” ends (15 December 2026, an estimate)."


def test_before_the_cycle_the_next_stage_and_its_deadline_are_named():
    where = cycle.position(STAGES, date(2026, 7, 1))
    assert where.current == () and where.upcoming.name == "Penilaian mandiri"
    assert where.days_left == 76  # 1 July to 15 September


def test_a_date_the_cycle_starts_from_is_no_deadline():
    where = cycle.position(STAGES, date(2026, 6, 1))
    assert where.deadline.name == "Penilaian mandiri"


def test_after_the_last_stage_the_cycle_is_over():
    where = cycle.position(STAGES, date(2027, 1, 5))
    assert (where.over, where.deadline) == (True, None)
    assert where.in_words == "Every stage of this year's cycle is over."


def test_a_year_without_stages_says_so():
    assert cycle.position([], date(2027, 3, 1)).in_words == "No stage of this year's cycle is on record yet."


def test_the_timeline_marks_what_is_done_under_way_and_ahead():
    rows = cycle.timeline(STAGES, date(2026, 9, 25))
    assert [(row["stage"].name, row["state"]) for row in rows][2:5] == [
        ("Hasil penilaian dokumen", "done"),
        ("Interviu", "now"),
        ("Visitasi", "ahead"),
    ]


def test_the_loaded_calendar_gives_8_days_left_on_7_december_2026(frameworks):
    framework = Framework.objects.get(slug="pemdi-2026")
    where = cycle.position(CycleStage.objects.of(framework, 2026), date(2026, 12, 7))
    assert where.in_words == (
        "8 days left until “Penetapan hasil & predikat” ends (15 December 2026, an estimate)."
    )


# What is still missing before the next deadline


@pytest.fixture
def assessment(register, frameworks):
    framework = Framework.objects.get(slug="pemdi-2026")
    return Assessment.objects.create(instance_id=ACEH_TENGAH, year=2026, framework=framework)


def extras(assessment, today=date(2026, 9, 1)):
    return pemdi_views.overview_extras(assessment, read_model.workspace(assessment), today)


def test_missing_lists_indicators_without_a_value_but_not_those_other_agencies_value(assessment):
    missing = extras(assessment)["still_missing"]
    assert [node.number for node in missing["without_value"]] == [
        n for n in range(1, 21) if n not in (5, 6, 7, 18)
    ]


def test_missing_lists_the_levels_a_value_reaches_into_whose_items_lack_a_file(assessment, evidence_root):
    node = assessment.framework.nodes.get(level="indicator", number=12)
    IndicatorLevel.objects.create(assessment=assessment, node=node, self_level=Decimal("1.75"))
    attach(assessment, "I12-L1-01")
    gaps = extras(assessment)["still_missing"]["without_evidence"]
    assert [(g["node"].number, g["level"], g["lacking"], g["total"]) for g in gaps] == [
        (12, 1, 1, 2),  # I12-L1-02 has nothing yet
        (12, 2, 3, 3),  # 1,75 reaches into level 2
    ]


def test_missing_lists_the_items_returned_for_revision_with_the_note(assessment, evidence_root):
    attach(assessment, "I12-L1-01")
    review(assessment, "I12-L1-01", "revisi", note="SK belum ditandatangani.")
    returned = extras(assessment)["still_missing"]["returned"]
    assert [(r.item.code, r.note) for r in returned] == [("I12-L1-01", "SK belum ditandatangani.")]


def test_the_overview_says_in_words_how_many_days_are_left(client, people_aceh, assessment, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2026, 9, 1))
    in_english(client, people_aceh["operator"])
    page = client.get(f"/ruang-kerja/{ACEH_TENGAH}/2026/").content.decode()
    assert "14 days left until “Penilaian mandiri: unggah bukti Tahap 1” ends (15 September 2026)." in page
    assert "16 indicators without a self-assessed value" in page
    assert "Valued from Indeks Satu Data Indonesia (SDI), Bappenas." in page


def test_an_spbe_year_shows_no_cycle(client, people_aceh):
    in_english(client, people_aceh["operator"])
    page = client.get(f"/ruang-kerja/{ACEH_TENGAH}/2024/").content.decode()
    assert "days left" not in page and "Still missing" not in page


def test_reading_the_overview_of_a_year_without_a_workspace_writes_nothing(client, people_aceh):
    in_english(client, people_aceh["operator"])
    tables = (Assessment, IndicatorLevel, Evidence, ItemReview)
    before = [model.objects.count() for model in tables]
    for path in ("", "indikator/12/bukti/", "aspek/4/", "bukti/", "rapor/"):
        assert client.get(f"/ruang-kerja/{ACEH_TENGAH}/2026/{path}").status_code == 200, path
    assert [model.objects.count() for model in tables] == before
    assert EvidenceItem.objects.filter(code="I12-L1-02").exists()


# The guide from SPBE to Pemerintah Digital


def test_the_guide_says_what_changed_from_spbe(client, people_aceh):
    page = in_english(client, people_aceh["operator"]).get("/ruang-kerja/panduan-pemerintah-digital/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "No domains: 7 aspects directly under the index" in text
    assert (
        "New bands" in text
        and "Continuous values" in text
        and "Four indicators scored by other agencies" in text
    )
    assert len(page.context["aspects"]) == 7 and page.context["external"] == [5, 6, 7, 18]


def test_the_guide_is_for_signed_in_staff_only(client):
    response = client.get("/ruang-kerja/panduan-pemerintah-digital/")
    assert response.status_code == 302 and "/login/" in response["Location"]
