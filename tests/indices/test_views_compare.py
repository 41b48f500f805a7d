import re

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
    assert ["2021", "2,22", "1,00"] in chart.rows


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


def test_compare_adds_the_one_instance_a_search_names_and_comes_back_to_the_field(client, published):
    response = client.get("/bandingkan/", {"wilayah": "62", "tambah": "Kab. Balangan"})
    assert response.status_code == 302
    assert response["Location"] == "/bandingkan/?wilayah=62&wilayah=63.11#compare-add"


@pytest.mark.parametrize("typed", ["6311", "63.11", "balangan", "KABUPATEN  BALANGAN"])
def test_compare_finds_an_instance_by_code_or_name_however_typed(client, published, typed):
    response = client.get("/bandingkan/", {"tambah": typed})
    assert response["Location"] == "/bandingkan/?wilayah=63.11#compare-add"


def test_compare_offers_each_match_with_its_own_add_button_keeping_the_choice(client, published):
    response = client.get("/bandingkan/", {"wilayah": "62", "tambah": "bekasi"})
    assert [place["code"] for place in response.context["matches"]] == ["32.16", "32.75"]
    html = response.content.decode()
    matches = html.split('id="matches-heading"', 1)[1].split("</form>", 1)[0]
    assert '<input type="hidden" name="wilayah" value="62">' in matches
    assert '<button type="submit" class="button secondary" name="wilayah" value="32.75">' in matches
    assert '<span class="visually-hidden"> Kota Bekasi</span>' in matches


def test_compare_says_when_nothing_matches(client, published):
    client.cookies["django_language"] = "en"
    html = client.get("/bandingkan/", {"wilayah": "62", "tambah": "Atlantis"}).content.decode()
    assert "No region or agency to add matches “Atlantis”." in html


def test_compare_cannot_add_a_region_that_is_not_evaluated(client, published):
    """Central Jakarta is an administrative city: it has a page, but no score to compare."""
    assert client.get("/bandingkan/", {"tambah": "31.71"}).context["matches"] == []


def test_compare_at_its_limit_asks_to_remove_one_first(client, published):
    client.cookies["django_language"] = "en"
    codes = list(Instance.objects.filter(kind="provinsi").values_list("code", flat=True)[:8])
    response = client.get("/bandingkan/", {"wilayah": codes, "tambah": "balangan"})
    assert response.status_code == 200 and len(response.context["chosen"]) == 8
    html = response.content.decode()
    assert "8 instances are compared, the most there can be: remove one to add another." in html
    field = re.search(r'<input[^>]*id="compare-add"[^>]*>', html).group()
    assert field.endswith(" disabled>")


def test_each_compared_instance_has_a_link_that_removes_it(client, published):
    response = client.get("/bandingkan/?wilayah=62&wilayah=64&wilayah=kemenkeu")
    html = response.content.decode()
    assert 'href="/bandingkan/?wilayah=64&amp;wilayah=kemenkeu#compare-add"' in html
    assert 'href="/bandingkan/?wilayah=62&amp;wilayah=64#compare-add"' in html


def test_the_compare_picker_is_a_plain_get_form_without_a_multiple_select(client, published):
    html = client.get("/bandingkan/?wilayah=62").content.decode()
    form = html.split('id="compare-form"', 1)[1].split("</form>", 1)[0]
    assert "<select" not in html
    assert '<input type="hidden" name="wilayah" value="62">' in form
    assert 'name="tambah"' in form and 'data-place-search="/cari/tempat.json"' in form


def test_the_compare_sentence_names_the_year_most_of_them_share(client, published):
    """Kalimantan Tengah alone has a 2025 figure: the sentence speaks of 2024, which all three have."""
    client.cookies["django_language"] = "en"
    chart = client.get("/bandingkan/?wilayah=62&wilayah=64.01&wilayah=kemenkeu").context["chart"]
    assert chart.summary == (
        "3 instances compared; in 2024 the highest index among them is Kementerian Keuangan with 4.74 "
        "(Memuaskan)."
    )


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
