"""The published record the portal ships: every evaluation since 2018 (KemenPANRB's tables of 2018, 2023 and
2024, the compiled results of 2021 and 2022 and the values carried over into 2022), the national index since
2018, and the figures regional governments and the press published. Checked against the data file itself,
which holds each row as its source printed it."""

import csv
import json
from collections import Counter
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from indices import scoring
from indices.models import Framework, Instance, InstanceName, NationalIndex, Score, ScoreValue, Source, Target
from indices.transfer.loading import DATA, RESULTS, instances_install, results_load
from indices.workspace.prior_levels import levels_load
from regions.models import Region
from tests.conftest import audit_of

pytestmark = pytest.mark.django_db

REPORT_ROWS = list(csv.DictReader((RESULTS / "hasil-evaluasi.csv").open(encoding="utf-8")))


def predicates(year=None):
    scores = Score.objects.filter(source__kind="official")
    if year:
        scores = scores.filter(year=year)
    return {(p["code"], p["year"]): p["predicate"] for p in scores.points()}


def test_the_record_holds_every_instance_of_2023_and_2024(published):
    counts = Counter(
        Score.objects.official().filter(year__in=[2023, 2024]).values_list("year", "instance__kind")
    )
    assert {kind: counts[(2024, kind)] for kind in ("kementerian", "lembaga", "provinsi", "kabupaten", "kota")} == {
        "kementerian": 34, "lembaga": 58, "provinsi": 38, "kabupaten": 392, "kota": 93,
    }  # fmt: skip
    assert sum(counts[(2023, kind)] for kind in Instance.Kind.values) == 621
    assert sum(counts[(2024, kind)] for kind in Instance.Kind.values) == 615


def test_every_report_row_carries_its_report_table_and_row(published):
    score = Score.objects.official().select_related("source").get(instance_id="11.01", year=2024)
    assert score.source.title == "Laporan Pelaksanaan Evaluasi SPBE Tahun 2024"
    assert score.source_detail.startswith("Tabel ")
    assert not Score.objects.filter(source__isnull=True).exists()


def test_every_published_predicate_is_reproduced_without_typing_one(published):
    printed = {
        (row["kode"], int(row["tahun"])): row["predikat_laporan"]
        for row in REPORT_ROWS
        if row["predikat_laporan"]
    }
    derived = predicates()
    assert len(printed) == 616 + 621 + 615  # 2021 and 2022 print no predicate
    assert {key: (printed[key], derived[key]) for key in printed if derived[key] != printed[key]} == {}


@pytest.mark.parametrize(
    ("code", "year", "index", "predicate"),
    [
        ("12.25", 2024, "1.80", "Kurang"),  # Kab. Nias Barat: unrounded 1.7985
        ("35.01", 2024, "3.50", "Baik"),  # Kab. Pacitan: unrounded 3.49855
        ("73.17", 2024, "2.60", "Cukup"),  # Kab. Luwu: unrounded 2.5968
        ("12.25", 2023, "1.80", "Cukup"),  # 2023 predicates were read from the rounded index
        ("36.73", 2023, "2.60", "Baik"),  # Kota Serang
    ],
)
def test_rows_on_a_band_edge_carry_the_printed_predicate(published, code, year, index, predicate):
    score = Score.objects.official().with_band().get(instance_id=code, year=year)
    assert (str(score.value), score.predicate) == (index, predicate)


def test_the_2024_predicates_are_decided_before_rounding_and_2023_ones_after(published):
    basis = dict(NationalIndex.objects.filter(year__in=[2023, 2024]).values_list("year", "predicate_basis"))
    assert basis == {2023: "rounded", 2024: "unrounded"}
    nias_barat = Score.objects.official().get(instance_id="12.25", year=2024)
    assert nias_barat.unrounded_value == Decimal("1.798500")
    assert Score.objects.official().get(instance_id="12.25", year=2023).unrounded_value is None


def test_the_index_recomputed_from_every_rows_domains_agrees_within_0_01(published):
    (spbe,) = Framework.objects.filter(slug="spbe-2020").facts()
    values = {}
    for value in ScoreValue.objects.filter(score__year__in=[2023, 2024]).values(
        "score_id", "node_id", "value"
    ):
        values.setdefault(value["score_id"], {})[value["node_id"]] = value["value"]
    scores = dict(Score.objects.filter(year__in=[2023, 2024]).values_list("pk", "value"))
    recomputed = {pk: scoring.index_of(spbe.nodes, known) for pk, known in values.items()}
    assert len([pk for pk, index in recomputed.items() if index is not None]) == 1233  # 3 D1 cells unreadable
    assert max(abs(index - scores[pk]) for pk, index in recomputed.items() if index is not None) <= Decimal(
        "0.01"
    )


def test_unreadable_domain_cells_stay_empty(published):
    jatim = Score.objects.official().get(instance_id="35", year=2024)
    assert sorted(jatim.node_values.values_list("node__number", flat=True)) == [2, 3, 4]
    assert "D1 tidak terbaca" in jatim.note


def test_2024_counts_per_predicate_equal_the_report(published):
    assert Counter(predicates(2024).values()) == {
        "Memuaskan": 48,
        "Sangat Baik": 182,
        "Baik": 239,
        "Cukup": 127,
        "Kurang": 19,
    }


@pytest.mark.parametrize(("kind", "mean"), [("kementerian", "4.03"), ("kabupaten", "2.97"), ("kota", "3.39")])
def test_2024_means_per_kind_equal_the_report(published, kind, mean):
    from indices.reads import stats

    values = Score.objects.official().filter(year=2024, instance__kind=kind).values_list("value", flat=True)
    assert stats.mean(values) == Decimal(mean)


def test_every_regional_row_maps_to_one_code_and_no_code_twice_in_a_year(register):
    regional = [row for row in REPORT_ROWS if row["jenis_instansi"] in ("provinsi", "kabupaten", "kota")]
    kinds = dict(Region.objects.values_list("code", "kind"))
    assert all(kinds[row["kode"]] == row["jenis_instansi"] for row in regional)
    per_year = Counter((row["tahun"], row["kode"]) for row in REPORT_ROWS)
    assert [key for key, count in per_year.items() if count > 1] == []
    assert Counter(row["tahun"] for row in regional) == {
        "2018": 492, "2021": 425, "2022": 524, "2023": 529, "2024": 523,
    }  # fmt: skip


def test_a_renamed_ministry_is_one_agency_with_its_name_of_each_year(published):
    names = dict(InstanceName.objects.filter(instance_id="kemenko-marves").values_list("year", "name"))
    assert names[2023] == "Kementerian Koordinator Bidang Kemaritiman"
    assert names[2024] == "Kementerian Koordinator Bidang Kemaritiman dan Investasi"
    points = {p["year"]: p["name"] for p in Score.objects.filter(instance_id="kemenko-marves").points()}
    assert points == {year: names[year] for year in points}
    # 94 agencies of 2023-2024, 34 Polda of 2018, and the bodies that merged or vanished, each with its own page.
    assert Instance.objects.central().count() == 141


def test_the_national_index_since_2018_with_its_domains_and_targets(published):
    national = {n["year"]: n for n in NationalIndex.objects.points()}
    assert {year: str(n["value"]) for year, n in national.items()} == {
        2018: "1.98", 2019: "2.18", 2020: "2.26", 2021: "2.24", 2022: "2.34", 2023: "2.79", 2024: "3.12",
    }  # fmt: skip
    assert (national[2023]["target"], national[2024]["target"]) == (Decimal("2.60"), Decimal("2.85"))
    assert national[2020]["framework_id"] == Framework.objects.get(slug="spbe-2018").pk
    domains_2024 = NationalIndex.objects.get(year=2024).node_values.order_by("node__number")
    assert [str(v.value) for v in domains_2024] == ["3.36", "2.62", "1.86", "3.78"]
    assert NationalIndex.objects.get(year=2019).node_values.count() == 3  # no Manajemen domain before 2021


def test_a_news_figure_that_agrees_with_the_report_leaves_the_report_as_the_source(published):
    balangan = Score.objects.official().select_related("source").get(instance_id="63.11", year=2024)
    assert (balangan.value, balangan.source.title) == (
        Decimal("3.34"),
        "Laporan Pelaksanaan Evaluasi SPBE Tahun 2024",
    )


def test_figures_the_press_published_are_kept_beside_the_results_with_their_source(published):
    paser_2019 = Score.objects.select_related("source").get(instance_id="64.01", year=2019)
    assert (paser_2019.value, paser_2019.status, paser_2019.source.publisher, paser_2019.kind) == (
        Decimal("1.69"),
        "reported",
        "Daily Kaltim (dailykaltim.co)",
        "press",
    )
    paser_2022 = {s.status: s.value for s in Score.objects.filter(instance_id="64.01", year=2022)}
    assert paser_2022 == {
        "final": Decimal("2.13"),
        "reported": Decimal("2.83"),
    }  # the press differs; both stay
    kalteng_2025 = Score.objects.get(instance_id="62", year=2025)
    assert (kalteng_2025.status, kalteng_2025.source.url) == (
        "reported",
        "https://kaltengterkini.co.id/?p=52789",
    )
    assert [str(v.value) for v in kalteng_2025.node_values.order_by("node__number")] == [
        "3.50",
        "2.70",
        "2.73",
        "4.01",
    ]
    assert Target.objects.get(instance_id="62", year=2025).value == Decimal("3.35")


def test_a_news_figure_that_disagrees_stands_beside_the_report_which_stays_the_result(no_results, tmp_path):
    spec = json.loads((DATA / "published_scores.json").read_text(encoding="utf-8"))
    spec["scores"] = [["63.11", 2024, "3.30", "possindo-2025-04-29", ""]]
    (tmp_path / "news.json").write_text(json.dumps(spec), encoding="utf-8")
    with translation.override("en"):
        results_load(published=tmp_path / "news.json")
    assert Score.objects.official().get(instance_id="63.11", year=2024).value == Decimal("3.34")
    reported = Score.objects.get(instance_id="63.11", year=2024, status="reported")
    assert (reported.value, reported.source.publisher) == (Decimal("3.30"), "Possindo (possindo.com)")


def test_loading_twice_changes_nothing(published, database_state):
    before = database_state()
    assert instances_install().created == 0
    assert results_load().created == 0
    assert levels_load().created == 0
    assert database_state() == before


def test_a_report_row_whose_domains_do_not_give_its_index_is_refused(no_results, tmp_path):
    rows = (RESULTS / "hasil-evaluasi.csv").read_text(encoding="utf-8").splitlines()
    row = next(line for line in rows if line.startswith("2023,kemenko-polhukam,"))
    header, first = rows[0], row.replace(",3.01,3.40,", ",3.01,4.40,")  # D1 3.40 misread as 4.40
    (tmp_path / "hasil-evaluasi.csv").write_text(f"{header}\n{first}\n", encoding="utf-8")
    (tmp_path / "indeks-nasional.csv").write_text(
        (RESULTS / "indeks-nasional.csv").read_text(encoding="utf-8")
    )
    with (
        translation.override("en"),
        pytest.raises(ValidationError, match="give an index of 3.14, 0.13 away from 3.01"),
    ):
        results_load(folder=tmp_path)
    assert not Score.objects.exists()


def test_a_domain_value_below_the_scale_is_kept_as_printed(published):
    """Kab. Banyuasin's 2023 Layanan domain is printed 0.30, and the index of 1.05 follows from it."""
    banyuasin = Score.objects.official().get(instance_id="16.07", year=2023)
    assert banyuasin.node_values.get(node__number=4).value == Decimal("0.30")


def test_loading_into_a_database_without_results_creates_every_published_row(no_results):
    result = results_load()
    # 2,989 rows of results since 2018, 7 national years, 26 figures the press published (each kept beside the
    # result of its year), 2 targets.
    assert (result.created, result.kept) == (2989 + 7 + 26 + 2, 0)


def test_an_earlier_news_sourced_score_takes_the_report_as_its_source_and_a_correction_stays(published):
    """A database set up by an earlier version held Balangan 2024 from a news article; an admin corrected
    Paser 2024 by hand. Loading the record again gives Balangan the report and keeps Paser's correction."""
    news = Source.objects.get(title="Laporan Pelaksanaan Evaluasi SPBE Tahun 2023")
    balangan = Score.objects.official().get(instance_id="63.11", year=2024)
    Score.objects.filter(pk=balangan.pk).update(source=news, source_detail="")
    balangan.node_values.all().delete()
    Score.objects.official().filter(instance_id="64.01", year=2024).update(value=Decimal("3.28"))
    results_load()
    balangan.refresh_from_db()
    assert (balangan.source.title, balangan.node_values.count()) == (
        "Laporan Pelaksanaan Evaluasi SPBE Tahun 2024",
        4,
    )
    assert audit_of(balangan)[0].changes_dict["source"] == [str(news.pk), str(balangan.source_id)]
    assert Score.objects.official().get(instance_id="64.01", year=2024).value == Decimal("3.28")
