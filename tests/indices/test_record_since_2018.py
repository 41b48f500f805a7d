"""Every evaluation since 2018 as the portal loads it (issue 20): each result's kind of source, the national
aggregates each year's table reproduces, the 2018 report's own checks, the 2021 and 2022 results recomputed
from the indicator levels held privately in each workspace, carried-over values that never count as a change,
and ranks only where a national table exists."""

from collections import Counter
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indices import scoring
from indices.models import Framework, Instance, Score, ScoreValue, Succession
from indices.reads import page_data, stats
from indices.workspace.models import Assessment

pytestmark = pytest.mark.django_db
CENT = Decimal("0.01")


def national(year: int) -> list:
    return list(Score.objects.official().filter(year=year))


def mean(values) -> Decimal:
    values = list(values)
    return (sum(values, Decimal(0)) / len(values)).quantize(CENT, ROUND_HALF_UP)


def test_kalimantan_tengah_has_five_results_since_2018_and_its_2025_press_figure_beside_them(published):
    results = {
        p["year"]: (str(p["value"]), p["predicate"], p["source_kind"])
        for p in Score.objects.filter(instance_id="62").points()
    }
    assert results == {
        2018: ("2.76", "Baik", "official"),
        2021: ("1.00", "Kurang", "compiled"),
        2022: ("1.90", "Cukup", "compiled"),
        2023: ("2.75", "Baik", "official"),
        2024: ("2.87", "Baik", "official"),
    }
    page = page_data.instance(Instance.objects.get(code="62"))
    assert (page.latest["year"], page.latest["value"]) == (
        2024,
        Decimal("2.87"),
    )  # the headline: never the press
    assert (page.newer_reported["year"], page.newer_reported["value"]) == (2025, Decimal("3.41"))
    kapuas_2018 = Score.objects.official().with_band().get(instance_id="62.03", year=2018)
    assert (str(kapuas_2018.value), kapuas_2018.predicate) == ("2.17", "Cukup")


def test_2018_holds_616_rows_in_the_reports_groups_and_its_national_mean_truncates_to_1_98(published):
    rows = national(2018)
    assert len(rows) == 616
    kinds = Counter(Score.objects.official().filter(year=2018).values_list("instance__kind", flat=True))
    assert kinds == {"kementerian": 34, "lembaga": 90, "provinsi": 34, "kabupaten": 368, "kota": 90}
    polda = Score.objects.official().filter(year=2018, instance__code__startswith="polda-").count()
    assert polda == 34
    mean_2018 = sum((s.value for s in rows), Decimal(0)) / len(rows)
    assert mean_2018.quantize(CENT, ROUND_DOWN) == Decimal("1.98")  # the report truncates, it does not round


def test_no_printed_2018_predicate_is_contradicted_by_the_bands(published):
    import csv

    from indices.transfer.loading import RESULTS

    printed = {
        row["kode"]: row["predikat_laporan"]
        for row in csv.DictReader((RESULTS / "hasil-evaluasi.csv").open(encoding="utf-8"))
        if row["tahun"] == "2018"
    }
    derived = {s.instance_id: s.predicate for s in Score.objects.official().filter(year=2018).with_band()}
    assert {code: (printed[code], derived[code]) for code in printed if printed[code] != derived[code]} == {}


def test_the_2018_weights_give_the_published_national_index_from_its_domain_values():
    import json

    from indices.transfer.framework_loading import _tree_nodes
    from indices.transfer.loading import DATA

    spec = next(
        f
        for f in json.loads((DATA / "frameworks.json").read_text())["frameworks"]
        if f["slug"] == "spbe-2018"
    )
    nodes = [node for node, _fields in _tree_nodes(spec["tree"], DATA)]
    domains = {
        node.id: Decimal(v)
        for node, v in zip([n for n in nodes if n.level == "domain"], ("1.75", "1.74", "2.17"), strict=True)
    }
    assert scoring.index_of(nodes, domains).quantize(CENT, ROUND_HALF_UP) == Decimal("1.98")


@pytest.mark.parametrize(
    ("year", "index", "domains", "good"),
    [
        (2021, "2.24", ("2.21", "1.89", "1.23", "2.81"), 159),
        (2022, "2.34", ("2.39", "1.85", "1.32", "2.96"), 237),  # with the 66 values carried over from 2021
    ],
)
def test_the_national_aggregates_of_2021_and_2022_are_reproduced(published, year, index, domains, good):
    rows = national(year)
    assert mean(s.value for s in rows) == Decimal(index)
    values = ScoreValue.objects.filter(score__in=rows)
    per_domain = [mean(v.value for v in values if v.node.number == n) for n in (1, 2, 3, 4)]
    assert per_domain == [Decimal(d) for d in domains]
    assert sum(1 for s in rows if s.value >= Decimal("2.60")) == good


def test_2022_holds_554_evaluations_and_66_values_carried_over_from_2021(published):
    statuses = Counter(Score.objects.official().filter(year=2022).values_list("status", flat=True))
    assert statuses == {"final": 554, "carried_over": 66}
    carried = Score.objects.filter(year=2022, status="carried_over")
    assert set(carried.values_list("carried_from", flat=True)) == {2021}
    for score in carried:
        assert score.value == Score.objects.official().get(instance_id=score.instance_id, year=2021).value


def test_every_2021_and_2022_result_is_its_47_levels_rolled_up_by_the_one_scoring_function(published):
    (framework,) = Framework.objects.filter(slug="spbe-2020").facts()
    domains = {node.id: node.number for node in framework.nodes if node.level == "domain"}
    published_values = {}
    for score_id, node_id, value in ScoreValue.objects.filter(
        score__year__in=[2021, 2022], score__status="final"
    ).values_list("score_id", "node_id", "value"):
        published_values.setdefault(score_id, {})[domains[node_id]] = value
    scores = {(s.instance_id, s.year): s for s in Score.objects.filter(year__in=[2021, 2022], status="final")}
    checked = 0
    for assessment in Assessment.objects.filter(year__in=[2021, 2022]).prefetch_related("levels"):
        levels = {level.node_id: level.final_level for level in assessment.levels.all()}
        assert len(levels) == 47
        values = scoring.roll_up(framework.nodes, levels)
        score = scores[(assessment.instance_id, assessment.year)]
        assert values[scoring.INDEX].quantize(CENT, ROUND_HALF_UP) == score.value
        assert {n: values[i].quantize(CENT, ROUND_HALF_UP) for i, n in domains.items()} == published_values[
            score.pk
        ]
        checked += 1
    assert checked == 1071


def test_a_carried_over_value_is_never_a_change_nor_a_rank_change(published):
    points = list(Score.objects.filter(instance__kind="kementerian", year__in=[2021, 2022]).points())
    rows = {row["code"]: row for row in stats.rows_for_year(points, 2022)}
    carried = rows["kemenpppa"]
    assert (carried["status"], carried["change"], carried["rank_change"]) == ("carried_over", None, None)
    own = list(Score.objects.filter(instance_id="kemenpppa").points())
    assert stats.change(own, 2022) is None
    assert (
        stats.previous_in_framework(own, 2023)["year"] == 2021
    )  # the earlier evaluation, not the carried value


def test_no_rank_and_no_rank_change_across_a_year_without_a_national_table(client, published):
    years, _complete = page_data.ranked_years()
    assert 2025 not in years and 2019 not in years
    response = client.get("/peringkat/", {"tahun": "2025"})
    assert response.status_code == 200 and "table" not in response.context
    assert response.context["without_table"] == {"year": 2025, "reported": 6}
    api = client.get("/api/v1/rankings/", {"year": "2025"}).json()
    assert all(row["year"] == 2024 for row in api["results"])  # the API gives the latest national table


def test_the_api_tells_official_compiled_carried_over_and_press_figures_apart(client, published):
    rows = client.get("/api/v1/scores/", {"province": "62", "page_size": "1000"}).json()["results"]
    kinds = {(r["code"], r["year"], r["kind_of_source"]) for r in rows if r["code"] == "62"}
    assert {(y, k) for _c, y, k in kinds} >= {(2018, "official"), (2021, "compiled"), (2025, "press")}
    carried = client.get(
        "/api/v1/scores/", {"year": "2022", "kind_of_source": "carried_over", "page_size": "1000"}
    ).json()
    assert carried["count"] == 66 and {r["carried_from"] for r in carried["results"]} == {2021}
    official = client.get(
        "/api/v1/rankings/", {"year": "2022", "kind_of_source": "compiled", "page_size": "1000"}
    ).json()
    assert official["count"] == 554


def test_no_workspace_level_reaches_a_public_page_download_or_the_api(client, published):
    pages = ["/", "/wilayah/62/", "/wilayah/62.03/", "/instansi/kemenkeu/", "/peringkat/?tahun=2022",
             "/bandingkan/?wilayah=62", "/unduh/data.csv", "/api/v1/scores/?year=2021", "/api/v1/instances/62/",
             "/api/v1/rankings/?year=2022"]  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        for page in pages:
            assert client.get(page).status_code == 200, page
    private = [
        q["sql"][:100]
        for q in queries.captured_queries
        if "indices_indicatorlevel" in q["sql"] or "indices_assessment" in q["sql"]
    ]
    assert private == []
    assert Assessment.objects.filter(year=2021).count() == 517  # the levels are there, in the workspaces


def test_bodies_that_merged_keep_their_pages_and_brin_names_its_predecessors(client, published):
    predecessors = set(
        Succession.objects.filter(successor_id="brin").values_list("predecessor_id", flat=True)
    )
    assert {"bppt", "batan", "lipi", "lapan"} <= predecessors
    page = client.get("/instansi/brin/").content.decode()
    assert "Badan Pengkajian dan Penerapan Teknologi" in page
    assert client.get("/instansi/bppt/").status_code == 200
    assert Instance.objects.get(code="kemenpppa").kemenpanrb_code == "2050"


def test_renamed_regions_keep_one_history(published):
    toba = {p["year"]: p["name"] for p in Score.objects.filter(instance_id="12.12").points()}
    assert 2018 in toba and 2024 in toba
