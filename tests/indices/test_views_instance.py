from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indices.models import Instance, Score, Target
from tests.benchmarks.growth import grow

pytestmark = pytest.mark.django_db


def test_province_page_is_at_its_code(client, published):
    response = client.get("/wilayah/62/")
    assert response.status_code == 200
    assert response.context["instance"].name == "Kalimantan Tengah"


def test_province_headline_matches_the_database(client, published):
    context = client.get("/wilayah/62/").context
    # The latest result, never the press's 2025 figure, which stands beside it.
    assert (context["latest"]["year"], context["latest"]["value"], context["latest"]["predicate"]) == (
        2024,
        Decimal("2.87"),
        "Baik",
    )
    assert context["change"] == Decimal("0.12")  # 2.87 - 2.75
    assert context["previous"]["year"] == 2023
    assert (context["first"]["year"], context["change_since_first"]) == (2021, Decimal("1.87"))  # since 1.00
    assert context["to_next"] == {"gap": Decimal("0.63"), "predicate": "Sangat Baik"}  # 3.50 - 2.87
    assert (context["newer_reported"]["year"], context["newer_reported"]["value"]) == (2025, Decimal("3.41"))


def test_province_page_says_how_far_the_next_predicate_is(client, published):
    page = client.get("/wilayah/62/").content.decode()
    assert "+0,63" in page
    assert "menuju Sangat Baik" in page


def test_province_targets_show_the_gap(client, published):
    (target,) = client.get("/wilayah/62/").context["targets"]
    # 2025 has no result yet, only a press figure: the target's gap waits for the result.
    assert (target["target"], target["achieved"], target["gap"], target["met"]) == (
        Decimal("3.35"), None, None, None)  # fmt: skip


def test_province_trend_marks_targets_and_the_bands(client, published):
    trend = client.get("/wilayah/62/").context["trend"]
    assert (
        trend.summary
        == "Indeks SPBE Kalimantan Tengah naik dari 2,75 (2023) menjadi 2,87 (2024), predikat Baik. "
        "Hasil sejak 2018: 2018, 2021, 2022, 2023, 2024."
    )
    assert trend.figure["data"][-1]["name"] == "Target"
    # Five bands for each framework in view (SPBE 2018, SPBE 2020), the break drawn between them.
    assert len([s for s in trend.figure["layout"]["shapes"] if s["type"] == "rect"]) == 10


def test_province_stands_among_provinces(client, published):
    standing = client.get("/wilayah/64/").context["standing"]
    # Kalimantan Timur's 3.79 in 2024: 14 provinces scored higher.
    assert (standing["year"], standing["rank"], standing["count"]) == (2024, 15, 38)


def test_province_children_table_ranks_within_the_province_with_domain_values(client, published):
    context = client.get("/wilayah/64/").context
    assert context["children_year"] == 2024
    rows = {row.record["code"]: row for row in context["children_table"].rows}
    assert len(rows) == 10
    paser = rows["64.01"]
    assert (paser.record["rank"], paser.get_cell("value"), paser.get_cell("change")) == (4, "3,27", "+0,37")
    assert [paser.get_cell(f"domain_{n}") for n in (1, 2, 3, 4)] == ["3,90", "3,00", "2,36", "3,56"]


def test_province_children_get_their_targets_and_gaps(client, published, source):
    Target.objects.create(
        instance_id="64.01", year=2024, value=Decimal("3.50"), document="rpjmd", source=source
    )
    rows = {row.record["code"]: row for row in client.get("/wilayah/64/").context["children_table"].rows}
    assert (rows["64.01"].get_cell("target"), rows["64.01"].get_cell("gap")) == (
        "3,50",
        "kurang 0,23 dari target",
    )


def test_province_children_year_can_be_chosen(client, published):
    context = client.get("/wilayah/64/", {"tahun": "2018"}).context
    rows = {row.record["code"]: row for row in context["children_table"].rows}
    row = rows["64.01"]
    assert (context["children_year"], row.get_cell("value"), row.get_cell("change")) == (2018, "1,85", "—")


def test_province_counts_its_children_per_predicate(client, published):
    context = client.get("/wilayah/63/").context
    rows = list(context["children_table"].rows)
    assert len(rows) == 13 == sum(entry["count"] for entry in context["children_predicates"])
    assert [r.record["rank"] for r in rows] == sorted(r.record["rank"] for r in rows)
    assert len(context["children_chart"].figure["data"][0]["x"]) == 13


def test_regency_page_ranks_in_province_and_nationally(client, published):
    context = client.get("/wilayah/63.11/").context
    assert (context["peer_year"], context["rank_in_province"], context["siblings_count"]) == (2024, 6, 13)
    assert (context["standing"]["rank"], context["standing"]["count"]) == (119, 392)
    assert context["national_mean"] == Decimal("2.97")
    assert context["province_mean"] == Decimal("3.26")


def test_regency_page_shows_its_domains_against_its_kind_and_province(client, published):
    context = client.get("/wilayah/63.11/").context
    rows = {row["number"]: row for row in context["domain_rows"]}
    assert context["domain_year"] == 2024 and context["domain_previous_year"] == 2023
    assert [str(rows[n]["value"]) for n in (1, 2, 3, 4)] == ["4.00", "2.80", "1.64", "4.07"]
    assert (rows[3]["kind_mean"], rows[3]["province_mean"], rows[3]["change"]) == (
        Decimal("1.65"), Decimal("1.83"), Decimal("-0.09"))  # fmt: skip
    assert context["weakest"]["name"] == "Manajemen SPBE"
    page = client.get("/wilayah/63.11/").content.decode()
    assert "Domain terlemah: Manajemen SPBE (1,64)." in page


def test_regency_change_is_not_computed_across_the_framework_break(client, published):
    context = client.get("/wilayah/64.01/").context
    assert context["change"] == Decimal("0.37")  # 2024 vs 2023
    lines = [t for t in context["trend"].figure["data"] if t["mode"] == "lines+markers"]
    assert [list(t["x"]) for t in lines] == [[2018], [2021, 2022, 2023, 2024]]  # one line per framework


def test_an_agency_has_its_own_page_with_its_trend_and_domains(client, published):
    response = client.get("/instansi/kemenkeu/")
    context = response.context
    assert response.status_code == 200
    assert (context["instance"].name, context["latest"]["value"], context["latest"]["predicate"]) == (
        "Kementerian Keuangan", Decimal("4.74"), "Memuaskan")  # fmt: skip
    assert (context["standing"]["rank"], context["standing"]["count"]) == (2, 34)
    assert context["domain_rows"][0]["province_mean"] is None
    assert "Kementerian Keuangan" in context["trend"].summary


def test_a_renamed_agency_shows_the_names_it_was_evaluated_under(client, published):
    page = client.get("/instansi/kemenko-marves/").content.decode()
    assert "Kementerian Koordinator Bidang Kemaritiman (2023)" in page


def test_a_region_that_is_not_evaluated_says_so(client, published):
    response = client.get("/wilayah/31.71/")
    assert response.status_code == 200
    assert "wilayah administratif, tidak dievaluasi" in response.content.decode()


def test_an_instance_without_scores_shows_an_empty_state(client, no_results):
    response = client.get("/wilayah/11/")
    assert response.status_code == 200
    assert "Belum ada indeks SPBE" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/wilayah/99/",
        "/wilayah/63.99/",
        "/wilayah/6/",
        "/wilayah/abc/",
        "/instansi/tidak-ada/",
        "/instansi/62/",
    ],
)
def test_unknown_codes_get_the_portals_404(client, published, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


@pytest.mark.parametrize("path", ["/wilayah/63/", "/wilayah/63.11/", "/instansi/kemenkeu/"])
def test_instance_page_queries_do_not_grow_with_the_data(client, published, path, django_assert_num_queries):
    with CaptureQueriesContext(connection) as national:
        client.get(path)
    grow()
    with django_assert_num_queries(len(national.captured_queries)):
        client.get(path)


def test_province_children_table_downloads_as_csv(client, published):
    response = client.get("/wilayah/64/", {"tahun": "2024", "_export": "csv"})
    assert "kabupaten-kota-64-2024.csv" in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Peringkat di provinsi;Kabupaten/kota;Indeks")
    assert lines[4].split(";")[:3] == ["4", "Kabupaten Paser", "3,27"]


def test_instances_of_a_province_are_its_government_and_those_of_its_regencies_and_cities(published):
    assert Instance.objects.in_province("65").count() == 1 + 5


def test_every_year_s_score_shows_its_own_source(client, published):
    response = client.get("/wilayah/62/")
    history = response.context["history"]
    assert [(p["year"], p["source_title"], p["source_kind"]) for p in history] == [
        (2024, "Laporan Pelaksanaan Evaluasi SPBE Tahun 2024", "official"),
        (2023, "Laporan Pelaksanaan Evaluasi SPBE Tahun 2023", "official"),
        (2022, "Data Evaluasi SPBE Tahun 2021-2022 (kompilasi tingkat indikator)", "compiled"),
        (2021, "Data Evaluasi SPBE Tahun 2021-2022 (kompilasi tingkat indikator)", "compiled"),
        (2018, "Hasil Evaluasi SPBE Tahun 2018", "official"),
    ]
    reported = [(p["year"], p["source_title"]) for p in response.context["reported"]]
    assert (2025, "Indeks SPBE Provinsi Kalimantan Tengah 2025") in reported
    table = response.content.decode().split('id="scores"', 1)[1].split("</table>", 1)[0]
    row_2023 = table.split('<th scope="row">2023</th>', 1)[1].split("</tr>", 1)[0]
    assert "2,75" in row_2023 and "Laporan Pelaksanaan Evaluasi SPBE Tahun 2023, Tabel 33, no. 1" in row_2023


def test_every_target_shows_its_document_and_source(client, published, source):
    Target.objects.create(
        instance_id="63.11", year=2024, value=Decimal("3.50"), document="rpjmd", source=source
    )
    response = client.get("/wilayah/63.11/")
    (target,) = response.context["targets"]
    assert (target["document_label"], target["source_title"]) == ("RPJMD", "Laporan Hasil Evaluasi SPBE 2024")
    table = response.content.decode().split('id="targets"', 1)[1].split("</table>", 1)[0]
    assert "RPJMD: Laporan Hasil Evaluasi SPBE 2024" in table and "kurang 0,16 dari target" in table


def test_a_domain_mean_over_the_instance_alone_is_not_shown(client, published):
    """Kalimantan Tengah is the only province with domain values for 2025: no "mean of every province"."""
    from indices.models import Framework, ScoreValue, Source

    source = Source.objects.create(
        title="Hasil Pemantauan SPBE 2025 (per instansi)", document="x", kind="official"
    )
    score = Score.objects.create(instance_id="62", year=2025, value=Decimal("3.41"), source=source)
    framework = Framework.objects.get(slug="spbe-2020")
    for number, value in enumerate(("3.50", "2.70", "2.73", "4.01"), start=1):
        node = framework.nodes.get(level="domain", number=number)
        ScoreValue.objects.create(score=score, node=node, value=Decimal(value))
    client.cookies["django_language"] = "en"
    response = client.get("/wilayah/62/")
    assert response.context["domain_year"] == 2025
    assert [row["kind_mean"] for row in response.context["domain_rows"]] == [None] * 4
    assert response.context["domain_chart"].summary == (
        "In 2025 the weakest domain of Kalimantan Tengah is Tata Kelola SPBE (2.70); no other province has "
        "domain values for 2025 to compare with."
    )
    assert (
        "Mean of its kind" not in response.content.decode().split('id="domains"', 1)[1].split("</table>")[0]
    )


def test_a_domain_mean_says_how_many_instances_it_is_over(client, published):
    client.cookies["django_language"] = "en"
    response = client.get("/wilayah/63.11/")
    assert response.context["domain_rows"][2]["kind_count"] == 392
    assert response.context["domain_chart"].summary == (
        "In 2024 the weakest domain of Kabupaten Balangan is Manajemen SPBE (1.64; mean of its kind, 392 "
        "instances: 1.65)."
    )
    page = response.content.decode()
    assert "Mean of its kind (instances)" in page
    assert '1.65 <span class="count">(392)</span>' in page  # beside the D3 mean it counts


def test_names_are_listed_only_where_the_name_changed(client, published):
    assert client.get("/instansi/kemenkeu/").context["names"] == []
    assert "Dievaluasi sebagai" not in client.get("/instansi/kemenkeu/").content.decode()


def test_an_administrative_city_points_to_the_province_that_is_evaluated(client, published):
    client.cookies["django_language"] = "en"
    html = client.get("/wilayah/31.71/").content.decode()
    assert "KemenPANRB evaluates the government of Daerah Khusus Ibukota Jakarta" in html
    assert 'href="/wilayah/31/"' in html


def test_the_children_table_has_a_caption_and_a_focusable_region(client, published):
    html = client.get("/wilayah/64/").content.decode()
    assert 'id="children-region" role="region" tabindex="0" aria-labelledby="children-caption"' in html
    assert "<caption" in html.split('id="children-region"', 1)[1].split("</caption>", 1)[0]


def test_jakarta_says_its_cities_are_not_evaluated_rather_than_without_a_score(client, published):
    client.cookies["django_language"] = "en"
    response = client.get("/wilayah/31/")
    assert response.context["children_count"] == 0
    assert "Its regencies and cities are administrative areas of the province" in response.content.decode()
