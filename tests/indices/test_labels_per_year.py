"""Every label true for its year (issue 21, item 4): an agency's group is the one its year's report printed."""

import csv

import pytest

from indices.models import Instance, Score
from indices.transfer.loading import RESULTS

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
