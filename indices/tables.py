import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from indices.models import format_score


class ProvinceLatestTable(tables.Table):
    """Provinces with their latest official score; rows are dicts built by the view."""

    code = tables.Column(
        verbose_name=_("Code"), attrs={"td": {"class": "hide-narrow"}, "th": {"class": "hide-narrow"}}
    )
    name = tables.Column(verbose_name=_("Province"))
    year = tables.Column(verbose_name=_("Year"), default="—")
    value = tables.Column(
        verbose_name=_("Index"), default="—", attrs={"td": {"class": "num"}, "th": {"class": "num"}}
    )
    predicate = tables.Column(verbose_name=_("Predicate"), default="—", order_by=("predicate_order", "value"))
    source = tables.Column(
        verbose_name=_("Source"),
        default="—",
        orderable=False,
        attrs={"td": {"class": "wrap hide-narrow"}, "th": {"class": "hide-narrow"}},
    )

    class Meta:
        attrs = {"class": "data-table"}
        order_by = "code"

    def render_value(self, value):
        return format_score(value)

    def render_predicate(self, value, record):
        return format_html(
            '<span class="predicate-badge" style="background:{}">{}</span>', record["colour"], value
        )

    def render_source(self, value, record):
        if record["source_url"]:
            return format_html('<a href="{}" rel="noopener">{}</a>', record["source_url"], value)
        return value
