"""Every label true for its year (issue 21, item 4): an agency's group is the one its year's report printed."""

import csv
import re
from decimal import Decimal

import pytest

from indices.models import Instance, NationalIndex, Score, ScoreValue, Target
from indices.reads import sections, stats
from indices.transfer.loading import RESULTS, results_load

pytestmark = pytest.mark.django_db


def printed_groups() -> dict[tuple[str, int], str]:
    with (RESULTS / "agencies.csv").open(encoding="utf-8", newline="") as handle:
        return {
            (row["id"], int(row["tahun"])): row["kelompok"]
            for row in csv.DictReader(handle)
            if row["kelompok"]
        }


def test_every_result_carries_the_group_its_year_printed(published):
    printed = printed_groups()
    points = Score.objects.of_kind(*Instance.CENTRAL).points()
    checked = [(p["code"], p["year"]) for p in points if (p["code"], p["year"]) in printed]
    assert len(checked) > 300
    wrong = {
        key: p["group"]
        for p in points
        if (key := (p["code"], p["year"])) in printed and p["group"] != printed[key]
    }
    assert wrong == {}
    kejagung = {p["year"]: p["group"] for p in points if p["code"] == "kejagung"}
    assert (kejagung[2023], kejagung[2024]) == ("Alat Negara", "Sekretariat Jenderal Lembaga Negara")


def test_the_2023_ranking_of_alat_negara_holds_the_reports_three_bodies(client, published):
    response = client.get("/peringkat/", {"tahun": 2023, "kelompok": "Alat Negara", "per_page": 100})
    assert response.status_code == 200
    codes = {row.record["code"] for row in response.context["table"].rows}
    expected = {
        code for (code, year), group in printed_groups().items() if year == 2023 and group == "Alat Negara"
    }
    assert len(expected) == 3 and "kejagung" in expected
    assert codes == expected


def test_the_api_filters_a_years_results_by_the_group_printed_that_year(client, published):
    answer = client.get("/api/v1/scores/", {"year": 2023, "group": "Alat Negara"}).json()
    rows = answer["results"] if isinstance(answer, dict) else answer
    assert {row["code"] for row in rows} >= {"kejagung"}
    assert {row["group"] for row in rows} == {"Alat Negara"}
    later = client.get("/api/v1/scores/", {"year": 2024, "group": "Alat Negara"}).json()
    rows = later["results"] if isinstance(later, dict) else later
    assert "kejagung" not in {row["code"] for row in rows}


def test_the_group_filter_offers_groups_only_an_earlier_year_printed(client, published):
    choices = dict(client.get("/peringkat/").context["form"].fields["kelompok"].choices)
    assert "Lembaga Pemerintah Lainnya" in choices  # printed in 2023 only


def test_the_national_targets_cite_where_they_stand_not_the_indices_table(client, published):
    national = {n.year: n for n in NationalIndex.objects.all()}
    assert not national[2023].target_detail.startswith("Tabel 4")
    assert national[2023].target_detail.startswith("tidak tercatat")
    assert national[2024].target_detail.endswith("bab Analisis Capaian")
    assert national[2024].source_detail == "Tabel 4"
    page = client.get("/", {"tahun": 2023}).content.decode()
    assert "Target: tidak tercatat: dokumen yang menetapkan target 2,60" in page
    api = {row["year"]: row for row in client.get("/api/v1/national/").json()}
    assert api[2024]["target_source"] == "Laporan Pelaksanaan Evaluasi SPBE 2024, bab Analisis Capaian"


def test_a_database_loaded_before_the_correction_gets_the_corrected_citation(published):
    NationalIndex.objects.filter(year=2024).update(
        source_detail="Tabel 4 dan bab Analisis Capaian (target 2,85)", target_detail=""
    )
    results_load()
    corrected = NationalIndex.objects.get(year=2024)
    assert (corrected.source_detail, corrected.value) == ("Tabel 4", Decimal("3.12"))
    assert corrected.target_detail.endswith("bab Analisis Capaian")


def test_a_press_figure_names_its_publisher_and_date_and_says_what_is_not_recorded(client, published):
    page = client.get("/wilayah/64/").content.decode()
    reported = page[page.index('id="reported"') :]
    reported = reported[: reported.index("</section>")]
    # Pranala's article of 13 January 2025: publisher and date recorded, its address not.
    assert "Pranala (pranala.co) · 13 Januari 2025 · alamat tidak tercatat" in reported
    # Pranala's 2025 article: no date recorded either.
    assert "Pranala (pranala.co) · tanggal tidak tercatat · alamat tidak tercatat" in reported
    mataram = client.get("/wilayah/52.71/").content.decode()
    assert 'href="https://suarantb.com/2026/01/07/indeks-spbe-kota-mataram-kategori-sangat-baik"' in mataram
    assert "Suara NTB (suarantb.com) · 7 Januari 2026" in mataram


def test_a_target_quoted_in_words_is_shown_as_quoted(client, published):
    target = Target.objects.get(instance_id="64", year=2024)
    assert (target.quoted, target.value) == ("3 lebih", Decimal("3.00"))
    page = client.get("/wilayah/64/").content.decode()
    assert "“3 lebih” (dikutip; 3,00 pada grafik)" in page


def test_a_database_loaded_before_quotes_were_kept_gets_the_quote(published):
    Target.objects.filter(instance_id="64", year=2024).update(quoted="")
    results_load()
    assert Target.objects.get(instance_id="64", year=2024).quoted == "3 lebih"


def domain_cells(page: str) -> list[str]:
    table = page[page.index('id="domains"') :]
    table = table[: table.index("</table>")]
    return re.findall(r'<td class="num">([^<]*(?:<span class="count"[^>]*>[^<]*</span>)?)</td>', table)


def test_each_domain_mean_says_how_many_values_it_is_made_of(client, published):
    """Kemenkeu 2024: 32 ministries have a D1 value, 34 the others; the sentence and the table agree."""
    page = client.get("/instansi/kemenkeu/").content.decode()
    counts = re.findall(
        r'<span class="count">\((\d+)\)</span>', page[page.index('id="domains"') :].split("</table>")[0]
    )
    assert counts == ["32", "34", "34", "34"]
    assert "rata-rata sejenisnya, 34 instansi: 2,88" in page
    province = client.get("/wilayah/64/").content.decode()
    counts = re.findall(
        r'<span class="count">\((\d+)\)</span>',
        province[province.index('id="domains"') :].split("</table>")[0],
    )
    assert counts[:4] == ["37", "38", "38", "38"]


def test_fewer_than_three_values_are_not_called_the_mean_of_the_province(client, published):
    # Kab. Merauke's province (Papua Selatan) with one other instance's domain values left.
    ScoreValue.objects.filter(score__year=2024, score__instance_id__in=["93", "93.02"]).delete()
    page = client.get("/wilayah/93.01/").content.decode()
    cells = domain_cells(page)
    assert (
        '<span class="count" title="terlalu sedikit nilai untuk dihitung rata-ratanya">— (1)</span>' in cells
    )
    assert (
        stats.domain_profile(
            [{"number": 1, "name": "D1", "value": Decimal("2")}],
            [],
            [{"number": 1, "value": Decimal("3")}, {"number": 1, "value": Decimal("4")}],
            [],
        )[0]["province_mean"]
        is None
    )
    peers = [
        {
            "code": code,
            "province": "93",
            "kind": "kabupaten",
            "value": Decimal(value),
            "name": code,
            "year": 2024,
        }
        for code, value in (("93.01", "2.25"), ("93.04", "1.50"))
    ]
    assert sections.regency_peers("93.01", "93", "kabupaten", peers)["province_mean"] is None
