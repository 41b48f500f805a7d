import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indices.models import Instance
from tests.benchmarks.growth import grow

pytestmark = pytest.mark.django_db


def test_compare_reads_the_instances_from_the_url_in_order(client, published):
    response = client.get("/bandingkan/?wilayah=64&wilayah=62")
    assert [i.code for i in response.context["chosen"]] == ["64", "62"]
    chart = response.context["chart"]
    names = [t["name"] for t in chart.figure["data"] if t["showlegend"]]
    assert names == ["Kalimantan Timur", "Kalimantan Tengah"]
    assert chart.columns == ["Tahun", "Kalimantan Timur", "Kalimantan Tengah"]
    assert ["2021", "—", "1,00"] in chart.rows


def test_agencies_can_be_compared_with_regions(client, published):
    response = client.get("/bandingkan/?wilayah=kemenkeu&wilayah=35.10")
    assert response.context["chart"].columns == ["Tahun", "Kementerian Keuangan", "Kabupaten Banyuwangi"]
    assert ["2024", "4,74", "4,77"] in response.context["chart"].rows
    assert 'href="/instansi/kemenkeu/"' in response.content.decode()


def test_compare_keeps_at_most_eight_and_says_so(client, published):
    codes = list(Instance.objects.regional().filter(kind="provinsi").values_list("code", flat=True)[:10])
    response = client.get("/bandingkan/", {"wilayah": codes})
    assert [i.code for i in response.context["chosen"]] == codes[:8]
    assert "Paling banyak 8 instansi" in response.content.decode()


def test_compare_leaves_out_unknown_codes_with_a_note(client, published):
    response = client.get("/bandingkan/?wilayah=62&wilayah=99.99&wilayah=62")
    assert [i.code for i in response.context["chosen"]] == ["62"]
    assert "99.99" in response.content.decode()


def test_compare_picker_groups_regions_by_province_and_agencies_by_kind(client, published):
    response = client.get("/bandingkan/")
    choices = dict(response.context["form"].fields["wilayah"].choices)
    assert len(choices) == 38 + 2
    assert ("63.11", "Kabupaten Balangan") in choices["Kalimantan Selatan"]
    assert ("kemenkeu", "Kementerian Keuangan") in choices["Kementerian"]
    assert "<optgroup" in response.content.decode()


def test_compare_without_a_choice_explains_itself(client, published):
    response = client.get("/bandingkan/")
    assert not response.context["chosen"]
    assert response.status_code == 200


def test_compare_queries_do_not_grow_with_the_data(client, published, django_assert_num_queries):
    url = "/bandingkan/?wilayah=62&wilayah=64&wilayah=63.11&wilayah=kemenkeu"
    with CaptureQueriesContext(connection) as national:
        client.get(url)
    grow()
    with django_assert_num_queries(len(national.captured_queries)):
        client.get(url)


def test_compare_of_instances_without_scores_says_so_without_an_empty_chart(client, no_results):
    response = client.get("/bandingkan/?wilayah=11&wilayah=12")
    assert not response.context["chart"]
    assert "Belum ada instansi terpilih yang memiliki skor." in response.content.decode()
