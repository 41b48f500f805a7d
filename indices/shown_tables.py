"""A table of a page as a download, read from the page as rendered: the download holds exactly the rows and
cells shown (what a screen reader hears, not the arrows beside it), numbers as numbers, and the source of
its figures. For the tables a template writes by hand and the charts' data tables, on the public pages and
in the workspace alike; the django-tables2 tables have their own export (`indices.spreadsheets.table_download`).

A table offers itself for download with an `id` and, where it has no column of sources, a `data-source`
saying where its figures come from; a table marked `data-numbers` reads every cell that is a number as one,
the others only their `num` cells and the years heading their rows. The page's view answers with
`shown_download`, and a template offers the links with `indices/_shown_downloads.html`."""

import re
from decimal import Decimal
from html.parser import HTMLParser

from django.http import Http404
from django.utils.translation import gettext as _

from indices import spreadsheets

NUMBER = re.compile(r"^([+−\-±]?)(\d+)(?:[.,](\d+))?$")
YEAR = re.compile(r"^(?:19|20)\d\d$")


class _Reader(HTMLParser):
    def __init__(self, table_id: str):
        super().__init__(convert_charrefs=True)
        self.table_id, self.depth, self.hidden = table_id, 0, 0
        self.source, self.numbers = None, False
        self.headers, self.rows, self.cell, self.row, self.section = [], [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and (self.depth or attrs.get("id") == self.table_id):
            if not self.depth:
                self.source, self.numbers = attrs.get("data-source"), "data-numbers" in attrs
            self.depth += 1
        if self.depth != 1:
            return
        if self.hidden or attrs.get("aria-hidden") == "true":
            self.hidden += 1
        elif tag in ("thead", "tbody", "tfoot"):
            self.section = tag
        elif tag == "tr":
            self.row = []
        elif tag in ("th", "td"):
            self.cell = {"text": "", "num": "num" in (attrs.get("class") or "").split(), "head": tag == "th"}

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if self.hidden:
            self.hidden -= 1
            return
        if tag == "table":
            self.depth -= 1
        elif self.depth == 1 and tag in ("th", "td") and self.cell is not None:
            self.row.append(self.cell | {"text": " ".join(self.cell["text"].split())})
            self.cell = None
        elif self.depth == 1 and tag == "tr" and self.row is not None:
            (self.headers if self.section == "thead" else self.rows).append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.depth == 1 and not self.hidden and self.cell is not None:
            self.cell["text"] += data


def _value(cell: dict, numbers: bool):
    text = cell["text"]
    if text in ("", "—"):
        return None
    if cell["head"] and YEAR.match(text):
        return int(text)
    match = NUMBER.match(text)
    if match and (cell["num"] or numbers):
        sign, whole, decimals = match.groups()
        value = Decimal(f"{whole}.{decimals}") if decimals else int(whole)
        return -value if sign in ("−", "-") else value
    return text


def shown_table(html: str, table_id: str, source_header: str) -> tuple[list[str], list[list]] | None:
    """The headers and rows of the table `table_id` in `html`, a column `source_header` added with its
    `data-source` where it has one; None if the page has no such table."""
    reader = _Reader(table_id)
    reader.feed(html)
    if not reader.headers and not reader.rows:
        return None
    headers = [cell["text"] for cell in reader.headers[0]] if reader.headers else []
    rows = [[_value(cell, reader.numbers) for cell in row] for row in reader.rows]
    if reader.source:
        headers.append(source_header)
        rows = [[*row, reader.source] for row in rows]
    return headers, rows


def shown_download(request, response, name: str):
    """`response`, or one of its tables as a download when `?tabel=<id>&_export=csv|xlsx` asks for it:
    exactly the rows the page shows, in a file named `name` and the table's id. A page without that table
    is not found."""
    file_format, table_id = request.GET.get("_export"), request.GET.get("tabel")
    if file_format not in spreadsheets.WRITERS or not table_id or response.status_code != 200:
        return response
    found = shown_table(response.content.decode(), table_id, _("Source"))
    if found is None:
        raise Http404(_("This page has no such table."))
    headers, rows = found
    decimal = spreadsheets.convention(request.GET.get("desimal"))
    data = spreadsheets.WRITERS[file_format](headers, rows, decimal=decimal)
    return spreadsheets.download(data, file_format, f"{name}-{table_id}", decimal)
