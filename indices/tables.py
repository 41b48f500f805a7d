import django_tables2 as tables
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_tables2.utils import Accessor, signature

from indices.formatting import badge, format_score, signed, web_url
from indices.models import Instance

NUMERIC = {"td": {"class": "num"}, "th": {"class": "num"}}
# Names may wrap on a phone, so that the figures beside them stay in view.
NAME = {"td": {"class": "name"}, "th": {"class": "name"}}


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
                attrs={"th": {"class": "num", "title": node.name}, "td": {"class": "num"}},
            ),
        )
        for node in framework.top
    ]


class BoundedPaginator(Paginator):
    """A paginator whose page size, which a visitor may set with `?per_page=`, stays between 1 and 1000."""

    def __init__(self, object_list, per_page, *args, **kwargs):
        super().__init__(object_list, min(max(int(per_page), 1), 1000), *args, **kwargs)


class CompiledTable(tables.Table):
    """A table whose body and export are produced one column at a time rather than one cell at a time.

    django-tables2 resolves a cell's attributes and inspects its render function's signature for every
    cell, then renders each through the template engine: at national size (600 rows, 13 columns) that
    was most of a page's time. Here each column's attributes, accessor and function are resolved once,
    and the cells are joined in Python. The output is django-tables2's own, row for row (a test compares
    them); it holds for the tables of this portal, whose records are dicts and whose attributes are
    constants, with no `row_attrs`.
    """

    def __init__(self, *args, caption: str = "", caption_visible: bool = False, **kwargs):
        kwargs.setdefault("template_name", "indices/_table.html")
        super().__init__(*args, **kwargs)
        # What the table shows, in words: its <caption>, and the name of its scrolling region. Hidden
        # where a heading right above already says it.
        self.caption, self.caption_visible = caption, caption_visible

    def body_html(self) -> str:
        """The rows of `<tbody>`, as django-tables2's default template would write them."""
        columns = [_Compiled(self, column, export=False) for column in self.columns]
        lines = []
        for number, row in enumerate(self.paginated_rows):
            cells = "".join([f"<td {column.td}>{column.cell(row)}</td>" for column in columns])
            # As django-tables2 when the rows are read once, without its table-wide row counter.
            lines.append(f'<tr class="{"odd" if number % 2 else "even"}">{cells}</tr>')
        # Safe: attributes come from AttributeDict.as_html and every cell from conditional_escape.
        return mark_safe("\n".join(lines))  # noqa: S308

    def as_values(self, exclude_columns=()):
        """The export's header and rows, as `Table.as_values` gives them."""
        columns = [
            _Compiled(self, column, export=True)
            for column in self.columns.iterall()
            if not (column.column.exclude_from_export or column.name in exclude_columns)
        ]
        yield [force_str(column.bound.header, strings_only=True) for column in columns]
        for row in self.rows:
            yield [force_str(column.cell(row), strings_only=True) for column in columns]


class _Compiled:
    """One column of a `CompiledTable`, resolved once: accessor, function and the arguments it takes."""

    def __init__(self, table, bound_column, *, export: bool):
        self.bound = bound_column
        self.table = table
        self.export = export
        self.accessor = Accessor(bound_column.accessor)
        self.empty_values = bound_column.column.empty_values
        self.default = None if export else bound_column.default
        self.function = bound_column.value if export else bound_column.render
        if getattr(self.function, "__func__", None) is tables.Column.value:
            # Column.value only calls render, reflecting on it again for every cell.
            self.function = bound_column.column.render
        self.arguments, catch_all = signature(self.function)
        self.catch_all = bool(catch_all)
        self.link = None if export else bound_column.link
        self.td = "" if export else bound_column.attrs["td"].as_html()

    def cell(self, row):
        record = row.record
        try:
            value = self.accessor.resolve(record)
        except Exception:  # as django-tables2 does: a missing value shows the default
            value = None
        if value in self.empty_values:
            return self.default if self.export else conditional_escape(self.default)
        given = {
            "value": value,
            "record": record,
            "column": self.bound.column,
            "bound_column": self.bound,
            "bound_row": row,
            "table": self.table,
        }
        content = self.function(
            **(given if self.catch_all else {name: given[name] for name in self.arguments})
        )
        if self.export:
            return content
        if self.link:
            content = self.link(content, **given)
        return conditional_escape(localize(content))


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
        attrs={"td": {"class": "wrap"}},
    )
    code = tables.Column(verbose_name=_("Code"), accessor="region__code")

    class Meta:
        attrs = {"class": "data-table", "id": "provinces"}
        order_by = "code"

    def render_predicate(self, value, record):
        return badge(value, record["row"]["colour"])

    def value_source(self, value):
        return value

    def render_source(self, value, record):
        url = web_url(record["row"]["source_url"])
        return format_html('<a href="{}" rel="noopener">{}</a>', url, value) if url else value


class RankingTable(ScoreColumnsMixin, CompiledTable):
    """Every instance of a year ranked among its kind. Rank, name, index and predicate first (what fits a
    phone's width); changes, kind, province, code and domain values after them."""

    rank = tables.Column(verbose_name=_("Rank"), attrs=NUMERIC)
    name = tables.Column(verbose_name=_("Instance"), linkify=instance_url, attrs=NAME)
    value = tables.Column(verbose_name=_("Index"), attrs=NUMERIC)
    predicate = tables.Column(verbose_name=_("Predicate"), order_by=("value",))
    change = tables.Column(verbose_name=_("Change since previous"), default="—", attrs=NUMERIC)
    rank_change = tables.Column(verbose_name=_("Rank change"), default="—", attrs=NUMERIC)
    kind = tables.Column(verbose_name=_("Kind"))
    # Never empty for the table (empty_values=()): a ministry or agency has its group in this column.
    province = tables.Column(
        verbose_name=_("Province or group"),
        empty_values=(),
        order_by=("province", "group"),
        attrs={"td": {"class": "wrap"}},
    )
    code = tables.Column(verbose_name=_("Code"))

    class Meta:
        attrs = {"class": "data-table", "id": "ranking"}
        per_page = 100  # a national table is about 600 rows
        empty_text = _("No instance matches these filters.")

    def __init__(self, *args, provinces: dict[str, str], framework=None, **kwargs):
        super().__init__(*args, extra_columns=domain_columns(framework), **kwargs)
        self.provinces = provinces

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

    class Meta:
        attrs = {"class": "data-table", "id": "children"}
        order_by = "rank"

    def __init__(self, *args, framework=None, **kwargs):
        super().__init__(*args, extra_columns=domain_columns(framework), **kwargs)

    def render_target(self, value):
        return format_score(value)

    def render_gap(self, value):
        return signed(value)
