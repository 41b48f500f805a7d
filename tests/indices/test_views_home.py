import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indices.services import demo_load
from regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(register, frameworks):
    demo_load()


def rows_by_code(response):
    return {row.record["code"]: row for row in response.context["table"].rows}


def test_home_is_served_at_the_root_in_indonesian(client, demo):
    response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="id">' in page
    assert "Indeks SPBE provinsi" in page


def test_home_lists_all_38_provinces_with_their_latest_score(client, demo):
    rows = rows_by_code(client.get("/"))
    assert len(rows) == 38
    assert rows["62"].get_cell("year") == 2025
    assert rows["62"].get_cell("value") == "3,41"
    assert "Baik" in rows["62"].get_cell("predicate")
    assert rows["64"].get_cell("value") == "4,13"
    assert "Sangat Baik" in rows["64"].get_cell("predicate")
    assert rows["11"].get_cell("value") == "—"


def test_home_shows_a_point_in_english(client, demo):
    client.cookies["django_language"] = "en"
    page = client.get("/").content.decode()
    assert "3.41" in page
    assert "3,41" not in page
    assert "SPBE index of the provinces" in page


def test_home_ignores_self_assessments_and_sample_data(client, demo, make_score):
    kalteng = Region.objects.get(code="62")
    make_score(kalteng, 2026, "4.50", is_sample=True, source=None)
    make_score(kalteng, 2025, "3.90", status="self_assessed")
    assert rows_by_code(client.get("/"))["62"].get_cell("value") == "3,41"


def test_home_links_each_score_to_its_source(client, demo):
    page = client.get("/").content.decode()
    assert '<a href="https://kaltengterkini.co.id/?p=52789" rel="noopener">' in page


def test_home_sorts_by_index(client, demo):
    rows = list(client.get("/", {"sort": "-value"}).context["table"].rows)
    assert [row.record["code"] for row in rows[:3]] == ["64", "62", "63"]


def test_home_queries_do_not_grow_with_the_scores(
    client, register, frameworks, make_score, django_assert_num_queries
):
    provinces = list(Region.objects.provinces())
    make_score(provinces[0], 2024, "2.00")
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for province in provinces:
        for year in (2021, 2022, 2023):
            make_score(province, year, "2.50")
    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/")


def test_unknown_page_gets_the_portals_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()
