"""The province's view as a table: one row per instance of the province, sortable, and downloadable as
filtered and sorted through the portal's formula-safe exports, one plain value per column (numbers as
numbers, the draft index apart from its predicate)."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from indices.formatting import badge, format_score, rounded, signed
from indices.tables import NAME, NUMERIC, CompiledTable


class ProvinceTable(CompiledTable):
    """Rows of `province_data.cycle`."""

    name = tables.Column(verbose_name=_("Instance"), attrs=NAME)
    code = tables.Column(verbose_name=_("Code"))
    state = tables.Column(verbose_name=_("State"), accessor="state_words")
    filled = tables.Column(verbose_name=_("Indicators filled"), attrs=NUMERIC)
    indicator_count = tables.Column(verbose_name=_("Indicators"), visible=False)
    accepted = tables.Column(verbose_name=_("Evidence accepted"), attrs=NUMERIC)
    revisi = tables.Column(verbose_name=_("Items to revise"), attrs=NUMERIC)
    index = tables.Column(verbose_name=_("Draft index"), attrs=NUMERIC, default="—")
    predicate = tables.Column(verbose_name=_("Draft predicate"), default="—")
    target = tables.Column(verbose_name=_("Target"), attrs=NUMERIC, default="—")
    gap = tables.Column(verbose_name=_("Gap to target"), attrs=NUMERIC, default="—")
    open = tables.Column(verbose_name=_("Open recommendations"), attrs=NUMERIC)
    overdue = tables.Column(verbose_name=_("Overdue recommendations"), attrs=NUMERIC)

    class Meta:
        attrs = {"class": "data-table", "id": "province"}
        empty_text = _("No instance matches these filters.")

    def render_name(self, value, record):
        return format_html('<a href="{}">{}</a>', record["url"], value)

    def value_name(self, value):
        return value

    def render_filled(self, value, record):
        return _("%(filled)s of %(total)s") % {"filled": value, "total": record["indicator_count"]}

    def value_filled(self, value):
        return value

    def render_index(self, value, record):
        # The tag under the figure keeps the column narrow enough for the table to fit a desktop's width.
        basis = _("draft, final") if record["basis"] == "final" else _("draft, self")
        return format_html('{}<br><span class="draft-tag">{}</span>', format_score(value), basis)

    def value_index(self, value):
        return rounded(value)

    def render_predicate(self, value, record):
        return badge(value, record["colour"])

    def value_predicate(self, value):
        return value

    def render_target(self, value):
        return format_score(value)

    def value_target(self, value):
        return value

    def render_gap(self, value):
        return format_html('<span class="{}">{}</span>', "down" if value < 0 else "up", signed(value))

    def value_gap(self, value):
        return rounded(value)

    def render_overdue(self, value):
        return format_html('<strong class="overdue down">{}</strong>', value) if value else value

    def value_overdue(self, value):
        return value
