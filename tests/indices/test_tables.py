"""The portal's tables write what django-tables2 itself would, only faster (see `CompiledTable`)."""

import re

import django_tables2 as tables
import pytest
from django.test import RequestFactory
from django.utils import translation

pytestmark = pytest.mark.django_db

PAGES = [
    ("/", "table", {}),
    ("/wilayah/35/", "children_table", {}),
    ("/wilayah/62/", "children_table", {"tahun": "2023"}),
    ("/peringkat/", "table", {"per_page": "1000"}),
    ("/peringkat/", "table", {"tahun": "2023", "sort": "-change"}),
    ("/peringkat/", "table", {"jenis": "kabupaten", "page": "2"}),
]


def tbody(html: str) -> str:
    body = html.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    return re.sub(r">\s+<", "><", body).strip()


def rendered(table, request, template_name) -> str:
    """The table's body as `template_name` writes it (`as_html` restarts the row count, as a page does)."""
    table.template_name = template_name
    return tbody(table.as_html(request))


def shown_table(client, path, name, params):
    response = client.get(path, params)
    return response.context[name], RequestFactory().get(path, params)


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(("path", "name", "params"), PAGES)
def test_the_body_is_django_tables2_s_own(client, published, path, name, params, language):
    client.cookies["django_language"] = language
    table, request = shown_table(client, path, name, params)
    assert len(table.paginated_rows) > 5
    with translation.override(language):
        ours = rendered(table, request, "indices/_table.html")
        theirs = rendered(table, request, "django_tables2/table.html")
    assert ours == theirs and ours.count("<tr") == len(table.paginated_rows)


@pytest.mark.parametrize(("path", "name", "params"), PAGES)
def test_the_download_values_are_django_tables2_s_own(client, published, path, name, params):
    table, _request = shown_table(client, path, name, params)
    assert list(table.as_values()) == list(tables.Table.as_values(table))


def test_an_empty_table_says_so(client, published):
    table, request = shown_table(client, "/peringkat/", "table", {"provinsi": "31", "jenis": "kabupaten"})
    assert len(table.rows) == 0
    ours = rendered(table, request, "indices/_table.html")
    assert ours == rendered(table, request, "django_tables2/table.html") and "<td colspan" in ours


@pytest.mark.parametrize(
    ("path", "name", "first"),
    [
        ("/", "table", ["name", "value", "predicate"]),
        ("/wilayah/64/", "children_table", ["rank", "name", "value", "predicate"]),
        ("/peringkat/", "table", ["rank", "name", "value", "change"]),  # each index with its predicate
    ],
)
def test_the_columns_an_official_reads_first_come_first_and_none_is_hidden(
    client, published, path, name, first
):
    table = client.get(path).context[name]
    assert [column.name for column in table.columns][: len(first)] == first
    html = client.get(path).content.decode()
    assert "hide-narrow" not in html


def test_a_ranking_download_has_the_columns_of_the_page_in_its_order(client, published):
    table = client.get("/peringkat/").context["table"]
    header = next(iter(table.as_values()))
    page = [str(column.header) for column in table.columns]
    assert [name for name in header if name in page] == page
    # Then what only a download shows: the year, where a carried-over value comes from, the table and row.
    assert set(header) - set(page) == {"Tahun", "dibawa dari", "letak dalam sumber"}


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        ({"Meta": type("Meta", (), {"row_attrs": {"class": "row"}})}, "row_attrs"),
        ({"note": tables.TemplateColumn("{{ value }}")}, "note is a TemplateColumn"),
        (
            {"note": tables.Column(attrs={"td": {"class": lambda record: "x"}})},
            "attributes computed per record",
        ),
        ({"note": tables.Column(footer="Jumlah")}, "note has a footer"),
        ({"note": tables.Column(localize=False)}, "note sets localize"),
    ],
)
def test_the_compiled_table_refuses_loudly_what_it_does_not_write(extra, problem):
    from indices.tables import CompiledTable

    table_class = type("Table", (CompiledTable,), {"code": tables.Column()} | extra)
    with pytest.raises(TypeError, match=problem):
        table_class([{"code": "62", "note": "x"}])
