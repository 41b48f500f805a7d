"""The public pages' tables: provinces of the overview, the rankings, a province's regencies and cities.

Each downloads as shown (sorted, filtered), with numbers as numbers, and with what every figure stands on:
its year, kind of source (and the year a carried-over value comes from), source and table and row; the
columns only a download needs are hidden on the page."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from indices.formatting import badge, format_score, target_gap, web_url
from indices.models import Instance, kind_short
from indices.tables import (
    NAME,
    NUMERIC,
    CompiledTable,
    ScoreColumnsMixin,
    domain_columns,
    instance_url,
    short_header,
)

WRAP = {"td": {"class": "wrap"}}


def download_only(verbose_name, accessor: str | None = None) -> tables.Column:
    """A column that only the download shows."""
    return tables.Column(verbose_name=verbose_name, accessor=accessor, visible=False, orderable=False)


class ProvinceLatestTable(ScoreColumnsMixin, CompiledTable):
    """Every province with its score in the overview's year; rows come from `pages.province_rows`.

    On a phone and in a download alike, the columns an official reads first come first: name, index,
    predicate; the rest scroll into view."""

    name = tables.Column(
        verbose_name=_("Province"),
        accessor="region__name",
        linkify=lambda record: reverse("indices:region", args=[record["region"].code]),
        attrs=NAME,
    )
    value = tables.Column(verbose_name=_("Index"), accessor="row__value", default="—", attrs=NUMERIC)
    predicate = tables.Column(
        verbose_name=_("Predicate"),
        accessor="row__predicate",
        default="—",
        order_by=("row__value",),
    )
    change = tables.Column(
        verbose_name=_("Change since previous"), accessor="row__change", default="—", attrs=NUMERIC
    )
    year = download_only(_("Year"), "row__year")
    source_kind = download_only(_("Kind of source"), "row__source_kind")
    carried_from = download_only(_("carried over from"), "row__carried_from")
    source = tables.Column(
        verbose_name=_("Source"),
        accessor="row__source_title",
        default="—",
        orderable=False,
        attrs=WRAP,
    )
    source_detail = download_only(_("where in the source"), "row__source_detail")
    code = tables.Column(verbose_name=_("Code"), accessor="region__code")

    class Meta:
        attrs = {"class": "data-table", "id": "provinces"}
        order_by = "code"

    def render_predicate(self, value, record):
        return badge(value, record["row"]["colour"])

    def render_source(self, value, record):
        url = web_url(record["row"]["source_url"])
        return format_html('<a href="{}" rel="noopener">{}</a>', url, value) if url else value


class RankingTable(ScoreColumnsMixin, CompiledTable):
    """Every instance of a year ranked among its kind. Rank, name, index and predicate first (what fits a
    phone's width); changes, kind, province, code, source and domain values after them.

    `predicate_in_index`: each index's cell carries its predicate, for the compact view, whose four
    columns (rank, name, index, change) then fit a phone of 320 px."""

    rank = short_header(tables.Column(verbose_name=_("Rank"), attrs=NUMERIC), "#")
    name = tables.Column(verbose_name=_("Instance"), linkify=instance_url, attrs=NAME)
    value = tables.Column(verbose_name=_("Index"), attrs=NUMERIC)
    predicate = tables.Column(verbose_name=_("Predicate"), order_by=("value",))
    change = short_header(
        tables.Column(verbose_name=_("Change since previous"), default="—", attrs=NUMERIC), "±"
    )
    rank_change = tables.Column(verbose_name=_("Rank change"), default="—", attrs=NUMERIC)
    source_kind = tables.Column(verbose_name=_("Kind of source"))
    carried_from = download_only(_("carried over from"))
    kind = tables.Column(verbose_name=_("Kind"))
    # Never empty for the table (empty_values=()): a ministry or agency has its group in this column.
    province = tables.Column(
        verbose_name=_("Province or group"),
        empty_values=(),
        order_by=("province", "group"),
        attrs=WRAP,
    )
    code = tables.Column(verbose_name=_("Code"))
    year = download_only(_("Year"))
    source = tables.Column(
        verbose_name=_("Source"),
        accessor="source_title",
        orderable=False,
        default="—",
        attrs=WRAP,
    )
    source_detail = download_only(_("where in the source"))

    class Meta:
        attrs = {"class": "data-table", "id": "ranking"}
        per_page = 100  # a national table is about 600 rows
        empty_text = _("No instance matches these filters.")

    def __init__(self, *args, provinces: dict[str, str], framework=None, predicate_in_index=False, **kwargs):
        super().__init__(*args, extra_columns=domain_columns(framework), **kwargs)
        self.provinces = provinces
        self.predicate_in_index = predicate_in_index
        if predicate_in_index:
            self.attrs["class"] += " ranking-compact"

    def render_value(self, value, record):
        if not self.predicate_in_index:
            return format_score(value)
        return format_html("{} {}", format_score(value), badge(record["predicate"], record["colour"]))

    def render_rank_change(self, value):
        # The arrows are for the eye; screen readers hear "naik 2" / "turun 3" / "tetap".
        if value == 0:
            return format_html(
                '<span aria-hidden="true">=</span><span class="visually-hidden">{}</span>', _("unchanged")
            )
        up = value > 0
        words = (_("up %(n)s") if up else _("down %(n)s")) % {"n": abs(value)}
        return format_html(
            '<span class="{}" aria-hidden="true">{}{}</span><span class="visually-hidden">{}</span>',
            "up" if up else "down",
            "▲" if up else "▼",
            abs(value),
            words,
        )

    def value_rank_change(self, value):
        return value

    def render_kind(self, value):
        return Instance.Kind(value).label

    def render_source_kind(self, value, record):
        return kind_short(value, record["carried_from"])

    def render_source(self, value, record):
        where = f"{value}, {record['source_detail']}" if record["source_detail"] else value
        url = web_url(record["source_url"])
        return format_html('<a href="{}" rel="noopener">{}</a>', url, where) if url else where

    def render_province(self, value, record):
        # A regency's or city's province; a ministry's or agency's group; nothing for a province.
        return self.provinces.get(value) or record["group"] or "—"

    def value_province(self, value, record):
        return self.provinces.get(value) or record["group"]


class ChildrenTable(ScoreColumnsMixin, CompiledTable):
    """A province's regencies and cities in one year, ranked within the province."""

    rank = tables.Column(verbose_name=_("Rank in province"), attrs=NUMERIC)
    name = tables.Column(verbose_name=_("Regency/city"), linkify=instance_url, attrs=NAME)
    value = tables.Column(verbose_name=_("Index"), attrs=NUMERIC)
    predicate = tables.Column(verbose_name=_("Predicate"), order_by=("value",))
    change = tables.Column(verbose_name=_("Change since previous"), default="—", attrs=NUMERIC)
    target = tables.Column(verbose_name=_("Target"), default="—", attrs=NUMERIC)
    gap = tables.Column(verbose_name=_("Gap to target"), default="—", attrs=NUMERIC)
    code = download_only(_("Code"))
    year = download_only(_("Year"))
    source_kind = download_only(_("Kind of source"))
    carried_from = download_only(_("carried over from"))
    source = download_only(_("Source"), "source_title")
    source_detail = download_only(_("where in the source"))

    class Meta:
        attrs = {"class": "data-table", "id": "children"}
        order_by = "rank"

    def __init__(self, *args, framework=None, **kwargs):
        super().__init__(*args, extra_columns=domain_columns(framework), **kwargs)

    def render_target(self, value):
        return format_score(value)

    def value_target(self, value):
        return value

    def render_gap(self, value):
        return target_gap(value)

    def value_gap(self, value):
        return value
