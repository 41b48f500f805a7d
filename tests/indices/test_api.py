"""The open data API: every endpoint, its filters and pages, its OpenAPI document, and the same figures as the pages."""

import gzip
import json
from decimal import Decimal

import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openapi_spec_validator import validate

from tests.benchmarks.growth import grow

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/api/v1/",
    "/api/v1/instances/",
    "/api/v1/instances/63.11/",
    "/api/v1/scores/",
    "/api/v1/rankings/",
    "/api/v1/targets/",
    "/api/v1/national/",
    "/api/v1/frameworks/",
]


def get(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_the_root_lists_every_endpoint(client, published):
    root = get(client, "/api/v1/")
    assert set(root) == {
        "instances",
        "scores",
        "rankings",
        "targets",
        "national",
        "frameworks",
        "schema",
        "docs",
    }
    # Relative without a configured SITE_URL: never the request's Host (tests/security/test_cache.py).
    assert root["scores"] == "/api/v1/scores/"


def test_instances_are_listed_filtered_and_paginated(client, published):
    everything = get(client, "/api/v1/instances/")
    assert everything["count"] == 687 and len(everything["results"]) == 100 and everything["next"]
    ministries = get(client, "/api/v1/instances/", kind="kementerian", page_size=1000)
    assert ministries["count"] == 36  # 34 of 2024, and Kemenristekdikti (dissolved) and Kemendikdasmen (2024)
    kemenkeu = next(i for i in ministries["results"] if i["code"] == "kemenkeu")
    assert kemenkeu == {
        "code": "kemenkeu", "kind": "kementerian", "name": "Kementerian Keuangan", "group": "Kementerian",
        "province": None, "page": "/instansi/kemenkeu/",
    }  # fmt: skip
    assert get(client, "/api/v1/instances/", province="65")["count"] == 6
    lpnk = get(client, "/api/v1/instances/", group="Lembaga Pemerintah Non Kementerian (LPNK)")
    assert lpnk["count"] > 0 and {i["kind"] for i in lpnk["results"]} == {"lembaga"}


def test_scores_carry_predicate_domains_and_source(client, published):
    scores = get(client, "/api/v1/scores/", year=2024, page_size=1000)
    assert scores["count"] == 615 + 5  # the national table and the press figures of 2024, each so labelled
    assert get(client, "/api/v1/scores/", year=2024, kind_of_source="official")["count"] == 615
    nias_barat = next(s for s in scores["results"] if s["code"] == "12.25")
    assert (nias_barat["kind_of_source"], nias_barat["carried_from"]) == ("official", None)
    assert (nias_barat["value"], nias_barat["predicate"]) == (1.8, "Kurang")
    assert nias_barat["domains"] == {"1": 1.0, "2": 1.1, "3": 1.0, "4": 2.7}
    assert nias_barat["source"]["title"] == "Laporan Pelaksanaan Evaluasi SPBE Tahun 2024"
    assert nias_barat["source"]["detail"].startswith("Tabel ")
    assert get(client, "/api/v1/scores/", year=2024, kind="kota")["count"] == 93
    assert get(client, "/api/v1/scores/", province="63", year=2023, kind_of_source="official")["count"] == 14


def test_the_rankings_answer_what_the_rankings_page_shows(client, published):
    api = get(client, "/api/v1/rankings/", kind="kabupaten", page_size=1000)["results"]
    page = client.get("/peringkat/", {"jenis": "kabupaten"}).context["table"].rows
    on_page = {row.record["code"]: row.record for row in page}
    assert len(api) == len(on_page) == 392
    for row in api[:50]:
        record = on_page[row["code"]]
        assert (Decimal(str(row["value"])), row["rank"], row["rank_change"]) == (
            record["value"], record["rank"], record["rank_change"])  # fmt: skip
    assert (api[0]["code"], api[0]["rank"]) == ("35.10", 1)


def test_an_instance_answers_with_the_figures_its_page_shows(client, published):
    api = get(client, "/api/v1/instances/63.11/")
    page = client.get("/wilayah/63.11/").context
    assert api["standing"]["rank"] == page["standing"]["rank"] == 119
    assert [Decimal(str(d["value"])) for d in api["domains"]] == [row["value"] for row in page["domain_rows"]]
    assert [Decimal(str(d["kind_mean"])) for d in api["domains"]] == [
        row["kind_mean"] for row in page["domain_rows"]
    ]
    assert [(s["year"], Decimal(str(s["value"]))) for s in api["scores"]] == [
        (p["year"], p["value"]) for p in page["points"]]  # fmt: skip
    agency = get(client, "/api/v1/instances/kemenkeu/")
    assert agency["scores"][-1]["value"] == 4.74
    assert client.get("/api/v1/instances/tidak-ada/").status_code == 404


def test_targets_and_the_national_index(client, published):
    targets = get(client, "/api/v1/targets/")["results"]
    assert {(t["code"], t["year"], t["value"]) for t in targets} == {("62", 2025, 3.35), ("64", 2024, 3.0)}
    national = {n["year"]: n for n in get(client, "/api/v1/national/")}
    assert (national[2024]["value"], national[2024]["target"], national[2024]["predicate"]) == (
        3.12,
        2.85,
        "Baik",
    )
    assert national[2024]["domains"] == {"1": 3.36, "2": 2.62, "3": 1.86, "4": 3.78}
    assert national[2019]["domains"] == {"1": 1.95, "2": 1.86, "3": 2.4}


def test_frameworks_come_with_bands_and_tree(client, published):
    frameworks = {f["slug"]: f for f in get(client, "/api/v1/frameworks/")}
    spbe = frameworks["spbe-2020"]
    assert [b["predicate"] for b in spbe["bands"]] == ["Kurang", "Cukup", "Baik", "Sangat Baik", "Memuaskan"]
    assert len([n for n in spbe["tree"] if n["level"] == "indicator"]) == 47
    assert {"level": "indicator", "number": 23, "name": "Tingkat Kematangan Penerapan Manajemen Data",
            "weight": 1.5, "parent": "aspect 5"} in spbe["tree"]  # fmt: skip
    assert frameworks["spbe-2018"]["last_year"] == 2020 and frameworks["pemdi-2026"]["scale"] == [1.0, 5.0]


def test_the_openapi_document_validates_and_documents_every_endpoint(client, published):
    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    validate(schema)
    assert set(schema["paths"]) >= {
        "/api/v1/instances/", "/api/v1/instances/{code}/", "/api/v1/scores/", "/api/v1/rankings/",
        "/api/v1/targets/", "/api/v1/national/", "/api/v1/frameworks/",
    }  # fmt: skip
    docs = client.get("/api/v1/docs/").content.decode()
    assert "swagger-ui-bundle.js" in docs and "//cdn" not in docs and "unpkg" not in docs


@pytest.mark.parametrize("path", ENDPOINTS)
def test_api_answers_are_cached_compressed_and_conditional(client, published, path):
    plain = client.get(path)
    first = client.get(path, HTTP_ACCEPT_ENCODING="gzip, br")
    assert "Content-Encoding" not in plain
    assert first["Content-Encoding"] == "gzip" and gzip.decompress(first.content) == plain.content
    assert len(first.content) < len(plain.content)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and len(queries) == 1


def test_the_api_is_readable_from_other_origins_for_reading_only(client, published):
    response = client.get("/api/v1/scores/", HTTP_ORIGIN="https://data.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/scores/", HTTP_ORIGIN="https://data.example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
    )
    assert "POST" not in preflight.get("Access-Control-Allow-Methods", "")
    assert client.post("/api/v1/scores/").status_code == 405


@pytest.mark.parametrize("path", ["/api/v1/scores/?year=2024", "/api/v1/rankings/", "/api/v1/instances/63/"])
def test_api_queries_do_not_grow_with_the_data(client, published, path, django_assert_num_queries):
    with CaptureQueriesContext(connection) as national:
        client.get(path)
    grow()
    with django_assert_num_queries(len(national.captured_queries)):
        client.get(path)


def test_a_year_that_is_not_a_number_is_a_clear_400(client, published):
    client.cookies["django_language"] = "en"
    response = client.get("/api/v1/scores/", {"year": "²"})
    assert response.status_code == 400
    assert response.json() == {"detail": "Parameter year: A year is written 2024, between 2018 and 2045."}
