import csv
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.benchmarks.growth import grow

pytestmark = pytest.mark.django_db


def records(response):
    return [row.record for row in response.context["table"].rows]


def test_rankings_default_to_the_latest_year_with_the_whole_national_table(client, published):
    response = client.get("/peringkat/")
    assert response.status_code == 200
    assert response.context["year"] == 2024
    assert len(records(response)) == 615


def test_rankings_list_ministries_agencies_and_every_province(client, published):
    rows = {r["code"]: r for r in records(client.get("/peringkat/", {"tahun": "2024"}))}
    assert rows["kemenkeu"]["name"] == "Kementerian Keuangan"
    assert sum(1 for r in rows.values() if r["kind"] == "provinsi") == 38
    banyuwangi = rows["35.10"]
    assert (banyuwangi["value"], banyuwangi["rank"]) == (Decimal("4.77"), 1)  # first among kabupaten
    ministries = client.get("/peringkat/", {"tahun": "2024", "jenis": "kementerian"}).content.decode()
    assert 'href="/instansi/kemenkeu/"' in ministries
    regencies = client.get(
        "/peringkat/", {"tahun": "2024", "jenis": "kabupaten", "sort": "rank"}
    ).content.decode()
    assert "4,77" in regencies and 'href="/wilayah/35.10/"' in regencies


def test_rankings_rank_each_kind_nationally_with_rank_change(client, published):
    rows = {r["code"]: r for r in records(client.get("/peringkat/", {"tahun": "2024"}))}
    assert [(c, rows[c]["rank"], rows[c]["rank_change"]) for c in ("kemenkeu", "32", "63.11", "62")] == [
        ("kemenkeu", 2, 0), ("32", 1, 3), ("63.11", 119, 50), ("62", 29, -4)]  # fmt: skip
    assert rows["63.11"]["change"] == Decimal("0.65")


def test_filtering_keeps_the_national_rank(client, published):
    rows = records(client.get("/peringkat/", {"tahun": "2024", "provinsi": "63"}))
    assert len(rows) == 14
    assert [(r["code"], r["rank"]) for r in rows if r["code"] in ("63", "63.11")] == [
        ("63", 20),
        ("63.11", 119),
    ]


def test_rankings_filter_by_kind_group_and_predicate(client, published):
    ministries = records(client.get("/peringkat/", {"tahun": "2024", "jenis": "kementerian"}))
    assert len(ministries) == 34
    lpnk = records(
        client.get("/peringkat/", {"tahun": "2024", "kelompok": "Lembaga Pemerintah Non Kementerian (LPNK)"})
    )
    assert lpnk and {r["kind"] for r in lpnk} == {"lembaga"}
    memuaskan = records(client.get("/peringkat/", {"tahun": "2024", "predikat": "Memuaskan"}))
    assert len(memuaskan) == 48


def test_rankings_sort_by_index_and_by_a_domain(client, published):
    by_index = records(client.get("/peringkat/", {"tahun": "2024", "sort": "-value"}))
    assert by_index[0]["code"] == "35.10"
    by_layanan = records(
        client.get(
            "/peringkat/", {"tahun": "2024", "jenis": "provinsi", "sort": "domain_4", "tampilan": "domain"}
        )
    )
    values = [r["domain_4"] for r in by_layanan]
    assert values == sorted(values)


def test_rankings_show_the_domain_values(client, published):
    response = client.get("/peringkat/", {"tahun": "2024", "jenis": "kabupaten", "tampilan": "domain"})
    banyuwangi = next(row for row in response.context["table"].rows if row.record["code"] == "35.10")
    assert [banyuwangi.get_cell(f"domain_{n}") for n in (1, 2, 3, 4)] == ["5,00", "4,60", "4,18", "5,00"]
    assert 'title="Manajemen SPBE"' in response.content.decode()


def body_codes(html: str) -> list[str]:
    """The instance codes linked from the rows of the page's table, in order."""
    body = html.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'href="/(?:wilayah|instansi)/([^/]+)/"', body)


def test_a_national_ranking_is_shown_a_hundred_rows_a_page(client, published):
    first = client.get("/peringkat/", {"tahun": "2024"})
    html = first.content.decode()
    assert len(body_codes(html)) == 100
    assert "Baris 1–100 dari 615" in html and 'aria-current="page"' in html
    seventh = client.get("/peringkat/", {"tahun": "2024", "page": "7"}).content.decode()
    assert len(body_codes(seventh)) == 15 and "Baris 601–615 dari 615" in seventh
    everything = [r["code"] for r in records(first)]
    pages = [
        body_codes(client.get("/peringkat/", {"tahun": "2024", "page": n}).content.decode())
        for n in range(1, 8)
    ]
    assert [code for page in pages for code in page] == everything  # every row once, in the table's order


def test_the_pager_keeps_the_filters_and_the_sort(client, published):
    html = client.get(
        "/peringkat/", {"tahun": "2024", "jenis": "kabupaten", "sort": "-value"}
    ).content.decode()
    pager = html.split('class="pagination"', 1)[1]
    # Each page link lands on the table, where static/js/focus.js puts the focus.
    assert 'href="?tahun=2024&amp;jenis=kabupaten&amp;sort=-value&amp;page=2#ranking-region"' in pager


@pytest.mark.parametrize(("asked", "rows"), [("25", 25), ("1000", 615)])
def test_a_page_size_from_the_address_is_one_of_the_offered_sizes(client, published, asked, rows):
    response = client.get("/peringkat/", {"tahun": "2024", "per_page": asked})
    assert response.status_code == 200 and len(body_codes(response.content.decode())) == rows


@pytest.mark.parametrize("asked", ["0", "-5", "abc", "100000"])
def test_any_other_page_size_is_refused_with_a_400_saying_why(client, published, asked):
    response = client.get("/peringkat/", {"tahun": "2024", "per_page": asked})
    assert response.status_code == 400 and "per_page" in response.content.decode()


def test_a_page_out_of_range_is_not_found(client, published):
    assert client.get("/peringkat/", {"page": "99"}).status_code == 404


@pytest.mark.parametrize("number", ["x", "-1", "²"])
def test_a_page_that_is_no_number_is_refused_with_a_400(client, published, number):
    assert client.get("/peringkat/", {"page": number}).status_code == 400


def test_the_download_is_the_whole_filtered_table_whatever_the_page(client, published):
    response = client.get("/peringkat/", {"tahun": "2024", "page": "3", "_export": "csv"})
    assert len(list(csv.reader(io.StringIO(response.content.decode("utf-8"))))) == 616


def test_rankings_csv_is_the_filtered_table(client, published):
    response = client.get(
        "/peringkat/", {"tahun": "2024", "jenis": "kementerian", "tampilan": "lengkap", "_export": "csv"}
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "peringkat-spbe-2024.csv" in response["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(lines) == 35
    assert lines[0][-4:] == ["D1", "D2", "D3", "D4"]
    # The columns as the page shows them: rank, name, index and predicate first.
    assert lines[0][:4] == ["Peringkat", "Instansi", "Indeks", "Predikat"]
    assert lines[2][:4] == ["2", "Kementerian Keuangan", "4,74", "Memuaskan"]
    assert lines[2][6:11] == [
        "resmi",
        "",
        "Kementerian",
        "Kementerian",
        "kemenkeu",
    ]  # kind of source, the year a carried-over value comes from, kind, group, code


def test_rankings_xlsx_is_the_filtered_table_with_numbers(client, published):
    response = client.get("/peringkat/", {"tahun": "2024", "provinsi": "64", "_export": "xlsx"})
    values = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(values) == 12
    code = values[0].index("Kode")
    assert {row[code] for row in values[1:]} >= {"64", "64.01"}
    assert isinstance(values[1][2], float)


def test_rankings_without_any_score_say_so(client, no_results):
    response = client.get("/peringkat/")
    assert "Belum ada skor" in response.content.decode()


def test_rankings_queries_do_not_grow_with_the_data(client, published, django_assert_num_queries):
    with CaptureQueriesContext(connection) as national:
        client.get("/peringkat/")
    grow()
    with django_assert_num_queries(len(national.captured_queries)):
        client.get("/peringkat/")


def test_table_downloads_cannot_carry_spreadsheet_formulas(client, published):
    from indices.models import Source

    Source.objects.filter(title="Laporan Pelaksanaan Evaluasi SPBE Tahun 2024").update(
        title='=HYPERLINK("http://example.invalid","resmi")'
    )
    csv_text = client.get("/", {"_export": "csv"}).content.decode("utf-8")
    assert "'=HYPERLINK" in csv_text
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/", {"_export": "xlsx"}).content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if "HYPERLINK" in str(cell.value)]
    # One policy with the dataset download: a text cell, exactly as stored, that a spreadsheet never runs.
    assert cells and all(cell.data_type == "s" and str(cell.value).startswith("=HYPERLINK") for cell in cells)


def test_only_csv_and_xlsx_downloads_are_offered(client, published):
    response = client.get("/peringkat/", {"_export": "json"})
    assert response["Content-Type"].startswith("text/html")


def test_a_year_without_a_ranking_is_reported_and_the_other_filters_still_apply(client, published):
    response = client.get("/peringkat/", {"tahun": "2030", "jenis": "provinsi"})
    assert response.status_code == 400  # shown with its error, never kept in the page cache
    assert response.context["year"] == 2024
    assert {r["kind"] for r in records(response)} == {"provinsi"}
    assert response.context["form"].errors["tahun"]


def test_a_year_that_is_no_year_is_refused_with_a_400_saying_why(client, published):
    client.cookies["django_language"] = "en"
    response = client.get("/peringkat/", {"tahun": "abc", "jenis": "provinsi"})
    assert response.status_code == 400
    assert "Parameter tahun: A year is written 2024, between 2018 and 2045." in response.content.decode()


def test_the_ranking_table_says_what_it_shows_in_a_visible_caption(client, published):
    client.cookies["django_language"] = "en"
    html = client.get(
        "/peringkat/", {"tahun": "2024", "jenis": "kabupaten", "provinsi": "63", "predikat": "Baik"}
    ).content.decode()
    assert (
        '<caption id="ranking-caption">Ranking 2024: Regency, Kalimantan Selatan, predicate Baik</caption>'
        in html
    )
    assert 'id="ranking-region" role="region" tabindex="0" aria-labelledby="ranking-caption"' in html


def test_the_ranking_names_a_ministry_s_group_where_a_region_has_its_province(client, published):
    rows = {
        row.record["code"]: row
        for row in client.get("/peringkat/", {"per_page": 1000, "tampilan": "lengkap"}).context["table"].rows
    }
    assert rows["kemenkeu"].get_cell("province") == "Kementerian"
    assert rows["63.11"].get_cell("province") == "Kalimantan Selatan"
    assert rows["63"].get_cell("province") == "—"


def test_sorting_starts_again_at_the_first_page_and_comes_back_to_the_header(client, published):
    html = client.get("/peringkat/", {"tahun": "2024", "page": "3"}).content.decode()
    assert 'href="?tahun=2024&amp;sort=value#sort-ranking-value"' in html


def test_the_filters_come_back_to_their_apply_button(client, published):
    html = client.get("/peringkat/").content.decode()
    assert '<form method="get" class="filters" id="ranking-filters" action="#ranking-apply">' in html
    assert 'id="ranking-apply"' in html


@pytest.fixture
def partial_2025(published):
    """Two results of 2025 entered ahead of its national table (a test's own figures)."""
    from indices.models import Score, Source

    source = Source.objects.create(
        title="Hasil Pemantauan SPBE 2025 (per instansi)", document="x", kind="official"
    )
    for code, value in (("62", "3.41"), ("64", "4.13")):
        Score.objects.create(instance_id=code, year=2025, value=Decimal(value), source=source)


def test_the_year_filter_marks_the_partial_years(client, partial_2025):
    client.cookies["django_language"] = "en"
    choices = dict(client.get("/peringkat/").context["form"].fields["tahun"].choices)
    assert (choices[2018], choices[2024], choices[2025]) == ("2018", "2024", "2025 (partial)")


def test_a_ranking_of_a_partial_year_says_its_ranks_are_not_national(client, partial_2025):
    client.cookies["django_language"] = "en"
    html = client.get("/peringkat/", {"tahun": "2025"}).content.decode()
    assert "these ranks are only among the instances whose score for 2025 the portal holds" in html
    assert 'id="partial-year"' not in client.get("/peringkat/", {"tahun": "2024"}).content.decode()


def test_rankings_filter_to_one_kind_of_source(client, published):
    rows = (
        client.get("/peringkat/", {"tahun": "2022", "jenis_sumber": "carried_over", "per_page": "1000"})
        .context["table"]
        .rows
    )
    assert len(rows) == 66 and {row.record["source_kind"] for row in rows} == {"carried_over"}
    assert all(row.record["rank_change"] is None for row in rows)


def test_a_year_with_only_press_figures_has_no_ranking_and_says_why(client, published):
    client.cookies["django_language"] = "en"
    response = client.get("/peringkat/", {"tahun": "2025"})
    assert response.status_code == 200 and "table" not in response.context
    assert "2025 has no national table yet" in " ".join(response.content.decode().split())


# Views of the ranking (issue 24)


def header_names(html: str) -> list[str]:
    head = html.split("<thead", 1)[1].split("</thead>", 1)[0]
    return [
        re.sub(r"<[^>]+>|[▲▼]", "", cell).strip() for cell in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)
    ]


def test_the_ranking_opens_compact_rank_name_index_with_its_predicate_and_change(client, published):
    client.cookies["django_language"] = "en"
    html = client.get("/peringkat/", {"tahun": "2024"}).content.decode()
    # Four columns, what fits a phone: each index's cell carries its predicate.
    assert header_names(html) == ["Rank", "Instance", "Index", "Change since previous"]
    first = html.split("<tbody", 1)[1].split("</tr>", 1)[0]
    index_cell = re.findall(r'<td class="num">(.*?)</td>', first, re.S)[1]
    assert index_cell.startswith('4.75 <span class="predicate-badge') and "Memuaskan</span>" in index_cell
    assert 'class="data-table ranking-compact"' in html
    # On a phone the rank's and the change's headers are written short (static/css/portal.css).
    assert 'data-short="#"><span class="header-text">Rank</span>' in html
    assert 'data-short="±"><span class="header-text">Change since previous</span>' in html
    assert 'href="?tahun=2024&amp;tampilan=domain#ranking-views"' in html
    assert '<a href="?tahun=2024&amp;tampilan=ringkas#ranking-views" aria-current="true">Compact</a>' in html


def test_the_domain_view_shows_d1_to_d4_beside_the_index(client, published):
    client.cookies["django_language"] = "en"
    html = client.get("/peringkat/", {"tahun": "2024", "tampilan": "domain"}).content.decode()
    assert header_names(html) == ["Rank", "Instance", "Index", "Predicate", "D1", "D2", "D3", "D4"]


def test_every_column_is_one_view_away(client, published):
    client.cookies["django_language"] = "en"
    html = client.get("/peringkat/", {"tahun": "2024", "tampilan": "lengkap"}).content.decode()
    names = header_names(html)
    assert names[:5] == ["Rank", "Instance", "Index", "Predicate", "Change since previous"]
    assert {"Rank change", "Kind of source", "Province or group", "Code", "Source", "D4"} <= set(names)


def test_an_unknown_view_is_refused_with_a_400(client, published):
    assert client.get("/peringkat/", {"tampilan": "semua"}).status_code == 400


def test_the_pager_stands_above_the_table_and_below_it(client, published):
    client.cookies["django_language"] = "en"
    html = client.get("/peringkat/", {"tahun": "2024"}).content.decode()
    above, below = html.split("<table", 1)
    assert '<nav class="pagination pagination-above" aria-label="Pages of the table">' in above
    assert '<nav class="pagination" aria-label="Pages of the table, at its end">' in below
    assert above.count('href="?tahun=2024&amp;page=2#ranking-region">2</a>') == 1


@pytest.mark.parametrize(
    ("view", "columns"),
    [
        (
            "ringkas",
            [
                "Peringkat",
                "Instansi",
                "Indeks",
                "Predikat",
                "Perubahan",
                "Jenis sumber",
                "dibawa dari",
                "Kode",
                "Tahun",
                "Sumber",
                "letak dalam sumber",
            ],
        ),
        (
            "domain",
            [
                "Peringkat",
                "Instansi",
                "Indeks",
                "Predikat",
                "Jenis sumber",
                "dibawa dari",
                "Kode",
                "Tahun",
                "Sumber",
                "letak dalam sumber",
                "D1",
                "D2",
                "D3",
                "D4",
            ],
        ),
    ],
)
def test_a_views_download_holds_its_columns_and_the_source_of_each_row(client, published, view, columns):
    query = {"tahun": "2024", "jenis": "kementerian", "tampilan": view, "_export": "csv", "desimal": "titik"}
    lines = list(csv.reader(io.StringIO(client.get("/peringkat/", query).content.decode("utf-8-sig"))))
    assert lines[0] == columns and len(lines) == 35
    assert lines[2][:4] == ["2", "Kementerian Keuangan", "4.74", "Memuaskan"]
    assert lines[2][columns.index("Sumber")] not in ("", "—")


@pytest.mark.parametrize("view", ["ringkas", "domain"])
def test_a_view_without_the_source_columns_still_names_each_figures_source_and_kind(client, published, view):
    page = client.get("/peringkat/", {"tahun": "2024", "tampilan": view}).content.decode()
    note = page[page.index('id="ranking-sources"') :].split("</p>")[0]
    assert "Laporan Pelaksanaan Evaluasi SPBE Tahun 2024 · Publikasi resmi (KemenPANRB)" in note


# A sort by a column the view does not show (issue 24)


@pytest.mark.parametrize(
    ("asked", "address"),
    [
        ({"sort": "domain_4"}, "/peringkat/?sort=domain_4&tampilan=domain"),
        (
            {"tahun": "2024", "tampilan": "ringkas", "sort": "-domain_2", "page": "2"},
            "/peringkat/?tahun=2024&tampilan=domain&sort=-domain_2&page=2",
        ),
        ({"sort": "predicate"}, "/peringkat/?sort=predicate&tampilan=domain"),
        ({"sort": "-rank_change"}, "/peringkat/?sort=-rank_change&tampilan=lengkap"),
        ({"tampilan": "domain", "sort": "change"}, "/peringkat/?tampilan=ringkas&sort=change"),
        (
            {"sort": "domain_1", "_export": "csv"},
            "/peringkat/?sort=domain_1&_export=csv&tampilan=domain",
        ),
    ],
)
def test_a_sort_by_a_column_the_view_does_not_show_opens_the_first_view_that_shows_it(
    client, published, asked, address
):
    response = client.get("/peringkat/", asked)
    assert response.status_code == 302
    assert response["Location"] == address


def test_the_view_it_opens_is_sorted_by_that_column(client, published):
    response = client.get(
        "/peringkat/", {"tahun": "2024", "jenis": "provinsi", "sort": "-domain_4"}, follow=True
    )
    assert response.redirect_chain == [
        ("/peringkat/?tahun=2024&jenis=provinsi&sort=-domain_4&tampilan=domain", 302)
    ]
    values = [r["domain_4"] for r in records(response)]
    assert values == sorted(values, reverse=True) and len(values) == 38
    assert 'title="Layanan SPBE" aria-sort="descending">' in response.content.decode()


@pytest.mark.parametrize(
    ("asked", "view"),
    [
        ({"sort": "-value"}, "ringkas"),
        ({"sort": "change"}, "ringkas"),
        ({"sort": "rank", "tampilan": "domain"}, "domain"),
    ],
)
def test_a_sort_by_a_column_the_view_shows_stays_in_that_view(client, published, asked, view):
    response = client.get("/peringkat/", asked)
    assert response.status_code == 200 and response.context["view"] == view


def test_the_view_links_leave_out_a_sort_by_a_column_their_view_does_not_show(client, published):
    html = client.get(
        "/peringkat/", {"tahun": "2024", "sort": "domain_4", "tampilan": "domain"}
    ).content.decode()
    views = html.split('id="ranking-views"', 1)[1].split("</nav>", 1)[0]
    assert 'href="?tahun=2024&amp;tampilan=ringkas#ranking-views"' in views
    assert 'href="?tahun=2024&amp;sort=domain_4&amp;tampilan=lengkap#ranking-views"' in views
    compact = client.get("/peringkat/", {"tahun": "2024", "sort": "-value", "page": "2"}).content.decode()
    assert 'href="?tahun=2024&amp;sort=-value&amp;tampilan=domain#ranking-views"' in compact
