import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indices.loading import sample_generate
from regions.models import Region

pytestmark = pytest.mark.django_db


def test_compare_reads_the_regions_from_the_url_in_order(client, demo):
    response = client.get("/bandingkan/?wilayah=64&wilayah=62")
    assert [r.code for r in response.context["chosen"]] == ["64", "62"]
    chart = response.context["chart"]
    names = [t["name"] for t in chart.figure["data"] if t["showlegend"]]
    assert names == ["Kalimantan Timur", "Kalimantan Tengah"]
    assert chart.columns == ["Tahun", "Kalimantan Timur", "Kalimantan Tengah"]
    assert ["2021", "—", "1,00"] in chart.rows


def test_compare_keeps_at_most_eight_and_says_so(client, register, frameworks):
    codes = [r.code for r in Region.objects.provinces()[:10]]
    response = client.get("/bandingkan/", {"wilayah": codes})
    assert [r.code for r in response.context["chosen"]] == codes[:8]
    assert "Paling banyak 8 wilayah" in response.content.decode()


def test_compare_leaves_out_unknown_codes_with_a_note(client, demo):
    response = client.get("/bandingkan/?wilayah=62&wilayah=99.99&wilayah=62")
    assert [r.code for r in response.context["chosen"]] == ["62"]
    assert "99.99" in response.content.decode()


def test_compare_picker_groups_regions_by_province(client, register):
    response = client.get("/bandingkan/")
    choices = dict(response.context["form"].fields["wilayah"].choices)
    assert len(choices) == 38
    assert ("63.11", "Kabupaten Balangan") in choices["Kalimantan Selatan"]
    assert "<optgroup" in response.content.decode()


def test_compare_without_a_choice_explains_itself(client, register):
    response = client.get("/bandingkan/")
    assert response.context["chart"] is None or not response.context["chosen"]
    assert response.status_code == 200


def test_compare_queries_do_not_grow_with_the_data(client, register, frameworks, django_assert_num_queries):
    url = "/bandingkan/?wilayah=62&wilayah=64&wilayah=63.11&data=contoh"
    sample_generate(regions=Region.objects.filter(code__in=["62", "64", "63.11"]), years=(2024,))
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    sample_generate(years=(2018, 2019, 2021, 2022, 2023, 2024, 2025))
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)


def test_compare_of_regions_without_scores_says_so_without_an_empty_chart(client, demo):
    response = client.get("/bandingkan/?wilayah=11&wilayah=12")
    assert not response.context["chart"]
    assert "Belum ada wilayah terpilih yang memiliki skor." in response.content.decode()
