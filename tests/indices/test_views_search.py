"""The place search: on every page, by name or Kemendagri code, however the name is written."""

import pytest

from indices.reads import places

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "address"),
    [
        ("Kab. Balangan", "/wilayah/63.11/"),
        ("kabupaten balangan", "/wilayah/63.11/"),
        ("BALANGAN", "/wilayah/63.11/"),
        ("6311", "/wilayah/63.11/"),
        ("63 11", "/wilayah/63.11/"),
        ("63.11", "/wilayah/63.11/"),
        ("Kota Bekasi", "/wilayah/32.75/"),
        ("Bekasi, Kota", "/wilayah/32.75/"),
        ("Prov. Bali", "/wilayah/51/"),
        ("Provinsi Kalimantan Tengah", "/wilayah/62/"),
        ("Palangka Raya", "/wilayah/62.71/"),  # written Palangkaraya in the register
        ("Tolitoli", "/wilayah/72.04/"),  # written Toli-Toli
        ("Lima Puluh Kota", "/wilayah/13.07/"),  # a regency whose name ends in "Kota"
        ("Jakarta Pusat", "/wilayah/31.71/"),  # an administrative city: it has a page
        ("kemenkeu", "/instansi/kemenkeu/"),
        ("Pemeriksa Keuangan", "/instansi/bpk/"),
        ("Kementerian Koordinator Bidang Kemaritiman", "/instansi/kemenko-marves/"),  # its name of 2023
    ],
)
def test_a_search_naming_one_place_opens_its_page(client, published, typed, address):
    response = client.get("/cari/", {"q": typed})
    assert (response.status_code, response["Location"]) == (302, address)


def test_a_search_naming_several_places_lists_them_exact_names_first(client, published):
    response = client.get("/cari/", {"q": "Bandúng"})  # an accent makes no difference
    assert response.status_code == 200
    assert [place["code"] for place in response.context["found"]] == ["32.04", "32.73", "32.17"]
    html = response.content.decode()
    assert '<a href="/wilayah/32.73/">Kota Bandung</a>' in html


def test_a_kind_word_narrows_the_search_to_that_kind(client, published):
    found = client.get("/cari/", {"q": "Kab. Bandung"}).context["found"]
    assert [place["code"] for place in found] == ["32.04", "32.17"]


def test_a_search_without_a_match_says_so_and_how_to_search(client, published):
    client.cookies["django_language"] = "en"
    response = client.get("/cari/", {"q": "Atlantis"})
    html = response.content.decode()
    assert response.status_code == 200 and response.context["count"] == 0
    assert "0 places match “Atlantis”" in html and "Try part of the name" in html


def test_the_search_page_without_a_query_is_a_form(client, published):
    html = client.get("/cari/").content.decode()
    assert 'action="/cari/"' in html and 'name="q" id="search-page-q"' in html


def test_a_long_list_is_cut_and_says_so(client, published):
    client.cookies["django_language"] = "en"
    response = client.get("/cari/", {"q": "kabupaten"})
    assert response.context["count"] == 416 and len(response.context["found"]) == 50
    assert "The first 50 are listed: type more of the name." in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/", "/peringkat/", "/bandingkan/", "/wilayah/62/", "/instansi/kemenkeu/", "/x/"]
)
def test_every_page_carries_the_search_form_in_its_header(client, published, path):
    html = client.get(path).content.decode()
    header = html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
    assert '<form class="site-search" role="search" action="/cari/" method="get">' in header
    assert 'name="q" id="site-search"' in header


def test_the_index_of_places_holds_every_region_and_agency_with_its_keys(client, published):
    client.cookies["django_language"] = "en"
    response = client.get("/cari/tempat.json")
    places = {place["code"]: place for place in response.json()["places"]}
    assert len(places) == 552 + 141
    assert places["62.71"] == {
        "code": "62.71",
        "name": "Kota Palangkaraya",
        "kind": "kota",
        "kind_label": "City",
        "within": "Kalimantan Tengah",
        "url": "/wilayah/62.71/",
        "keys": ["kotapalangkaraya", "palangkaraya"],
    }
    assert "kementeriankoordinatorbidangkemaritiman" in places["kemenko-marves"]["keys"]


def test_folding_drops_accents_case_and_punctuation():
    assert places.folded("Kab.  Tolí-Toli") == "kab toli toli"
    assert places.search_keys("Kabupaten Toli-Toli") == {"kabupatentolitoli", "tolitoli"}


def test_a_code_is_read_with_or_without_its_dot_and_only_exactly():
    listed = [
        {"code": "63.11", "name": "Kabupaten Balangan", "kind": "kabupaten", "keys": ["balangan"]},
        {"code": "63", "name": "Kalimantan Selatan", "kind": "provinsi", "keys": ["kalimantanselatan"]},
    ]
    assert [p["code"] for p in places.find_places("6311", listed)] == ["63.11"]
    assert [p["code"] for p in places.find_places("63", listed)] == ["63"]
    assert places.find_places("631", listed) == []
    assert places.find_places("   ", listed) == []
