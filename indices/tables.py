import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from indices.formatting import badge, format_score, signed
from indices.models import Instance

NUMERIC = {"td": {"class": "num"}, "th": {"class": "num"}}
WIDE_ONLY = {"td": {"class": "hide-narrow"}, "th": {"class": "hide-narrow"}}
NUMERIC_WIDE_ONLY = {"td": {"class": "num hide-narrow"}, "th": {"class": "num hide-narrow"}}


def instance_url(record) -> str:
    return Instance.url_for(record["kind"], record["code"])


def domain_columns(framework) -> list[tuple[str, tables.Column]]:
    """One sortable column per domain (or aspect, where a framework has no domains) of `framework`: D1,
    D2, ... with the full name in the header's title; rows carry them as `domain_<number>`."""
    if framework is None:
        return []
    return [
        (
            f"domain_{node.number}",
            DomainColumn(
                verbose_name=f"{'D' if node.level == 'domain' else 'A'}{node.number}",
                default="—",
                attrs={
                    "th": {"class": "num hide-narrow", "title": node.name},
                    "td": {"class": "num hide-narrow"},
                },
            ),
        )
        for node in framework.top
    ]


class DomainColumn(tables.Column):
    def render(self, value):
        return format_score(value)


class ScoreColumnsMixin:
    """Rendering shared by the tables whose rows come from `stats.rows_for_year`.

    `render_*` shows figures in the active language; `value_*` gives exports plain numbers.
    """

    def render_value(self, value):
        return format_score(value)

    def value_value(self, value):
        return value

    def render_predicate(self, value, record):
        return badge(value, record["colour"])

    def value_predicate(self, value):
        return value

    def render_change(self, value):
        return signed(value)

    def value_change(self, value):
        return value


class ProvinceLatestTable(ScoreColumnsMixin, tables.Table):
    """Every province with its score in the overview's year; rows come from `pages.province_rows`."""

    code = tables.Column(verbose_name=_("Code"), accessor="region__code", attrs=WIDE_ONLY)
    name = tables.Column(
        verbose_name=_("Province"),
        accessor="region__name",
        linkify=lambda record: reverse("indices:region", args=[record["region"].code]),
    )
    value = tables.Column(verbose_name=_("Index"), accessor="row__value", default="—", attrs=NUMERIC)
    predicate = tables.Column(
        verbose_name=_("Predicate"), accessor="row__predicate", default="—", order_by=("row__value",)
    )
    change = tables.Column(
        verbose_name=_("Change since previous"), accessor="row__change", default="—", attrs=NUMERIC
    )
    source = tables.Column(
        verbose_name=_("Source"),
        accessor="row__source_title",
        default="—",
        orderable=False,
        attrs={"td": {"class": "wrap hide-narrow"}, "th": {"class": "hide-narrow"}},
    )

    class Meta:
        attrs = {"class": "data-table", "id": "provinces"}
        order_by = "code"

    def render_predicate(self, value, record):
        return badge(value, record["row"]["colour"])

    def value_source(self, value):
        return value

    def render_source(self, value, record):
        url = record["row"]["source_url"]
        return format_html('<a href="{}" rel="noopener">{}</a>', url, value) if url else value


class RankingTable(ScoreColumnsMixin, tables.Table):
    rank = tables.Column(verbose_name=_("Rank"), attrs=NUMERIC)
    rank_change = tables.Column(verbose_name=_("Rank change"), default="—", attrs=NUMERIC)
    code = tables.Column(verbose_name=_("Code"), attrs=WIDE_ONLY)
    name = tables.Column(verbose_name=_("Instance"), linkify=instance_url)
    kind = tables.Column(verbose_name=_("Kind"), attrs=WIDE_ONLY)
    province = tables.Column(
        verbose_name=_("Province or group"), default="—", attrs=WIDE_ONLY, order_by=("province", "group")
    )
    value = tables.Column(verbose_name=_("Index"), attrs=NUMERIC)
    predicate = tables.Column(verbose_name=_("Predicate"), order_by=("value",))
    change = tables.Column(verbose_name=_("Change since previous"), default="—", attrs=NUMERIC_WIDE_ONLY)

    class Meta:
        attrs = {"class": "data-table"}

    def __init__(self, *args, provinces: dict[str, str], framework=None, **kwargs):
        super().__init__(*args, extra_columns=domain_columns(framework), **kwargs)
        self.provinces = provinces

    def render_rank_change(self, value):
        # The arrows are for the eye; screen readers hear "naik 2" / "turun 3" / "tetap".
        if value == 0:
            return format_html('=<span class="visually-hidden"> {}</span>', _("unchanged"))
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

    def render_province(self, value, record):
        # A regency's or city's province; a ministry's or agency's group; nothing for a province.
        return self.provinces.get(value) or record["group"] or "—"

    def value_province(self, value, record):
        return self.provinces.get(value) or record["group"]


class ChildrenTable(ScoreColumnsMixin, tables.Table):
    """A province's regencies and cities in one year, ranked within the province."""

    rank = tables.Column(verbose_name=_("Rank in province"), attrs=NUMERIC)
    name = tables.Column(verbose_name=_("Regency/city"), linkify=instance_url)
    value = tables.Column(verbose_name=_("Index"), attrs=NUMERIC)
    predicate = tables.Column(verbose_name=_("Predicate"), order_by=("value",))
    change = tables.Column(verbose_name=_("Change since previous"), default="—", attrs=NUMERIC)
    target = tables.Column(verbose_name=_("Target"), default="—", attrs=NUMERIC)
    gap = tables.Column(verbose_name=_("Gap to target"), default="—", attrs=NUMERIC)

    class Meta:
        attrs = {"class": "data-table"}
        order_by = "rank"

    def __init__(self, *args, framework=None, **kwargs):
        super().__init__(*args, extra_columns=domain_columns(framework), **kwargs)

    def render_target(self, value):
        return format_score(value)

    def render_gap(self, value):
        return signed(value)
