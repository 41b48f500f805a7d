"""The table base every table of the portal stands on: django-tables2 tables whose body and export are
written one column at a time (`CompiledTable`), with the shared columns and attributes."""

import django_tables2 as tables
from django.core.paginator import Paginator
from django.utils.encoding import force_str
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django_tables2.utils import Accessor, signature

from indices.columns import KIND_EXPORT
from indices.formatting import badge, format_score, signed
from indices.models import Instance

NUMERIC = {"td": {"class": "num"}, "th": {"class": "num"}}


# Names may wrap on a phone, so that the figures beside them stay in view.
NAME = {"td": {"class": "name"}, "th": {"class": "name"}}


def short_header(column: tables.Column, text: str) -> tables.Column:
    """`column`, its header written `text` on a phone (`templates/indices/_table.html`, static/css/portal.css),
    where the whole words would take the room of the figures; screen readers still hear the whole header."""
    column.short_header = text
    return column


def instance_url(record) -> str:
    return Instance.url_for(record["kind"], record["code"])


def domain_columns(framework) -> list[tuple[str, tables.Column]]:
    """One sortable column per domain (or aspect, where a framework has no domains) of `framework`: D1,
    D2, ... with the full name in the header's title, downloaded as numbers; rows carry them as
    `domain_<number>`."""
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
        if problems := unsupported_features(self):
            raise TypeError(
                f"{type(self).__name__} uses what CompiledTable does not write: {'; '.join(problems)}"
            )
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


def unsupported_features(table) -> list[str]:
    """What `table` asks of django-tables2 that `CompiledTable` would write otherwise, or silently not at all:
    attributes per row or computed per record, template columns, footers, a column's own localisation."""
    problems = []
    if table.row_attrs:
        problems.append("row_attrs")
    for name, column in table.base_columns.items():
        if isinstance(column, tables.TemplateColumn):
            problems.append(f"{name} is a TemplateColumn")
        if any(
            callable(value)
            for part in column.attrs.values()
            if isinstance(part, dict)
            for value in part.values()
        ):
            problems.append(f"{name} has attributes computed per record")
        if column._footer is not None or hasattr(column, "render_footer"):
            problems.append(f"{name} has a footer")
        if column.localize is not None:
            problems.append(f"{name} sets localize")
    return problems


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

    def value(self, value):
        return value


class ScoreColumnsMixin:
    """Rendering shared by the tables whose rows come from `stats.rows_for_year`.

    `render_*` shows figures in the active language; `value_*` gives exports plain numbers, and a figure's
    source as the importer reads it: the title alone (its table and row have their column) and the kind in
    the importer's words (resmi, kompilasi, bawaan).
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

    def value_source(self, value):
        return value

    def value_source_kind(self, value):
        return KIND_EXPORT.get(value, value)
