"""The recommendations list: its rows in the order that matters (overdue first), its counts, and the table
that shows them and downloads them, as filtered and sorted, through the portal's formula-safe exports."""

import datetime

import django_tables2 as tables
from django.db.models import F
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from indices.tables import CompiledTable
from indices.workspace.recommendation_forms import node_label

WRAP = {"td": {"class": "wrap"}}


def overdue_words(days: int) -> str:
    return ngettext("Overdue by %(days)s day", "Overdue by %(days)s days", days) % {"days": days}


class RecommendationTable(CompiledTable):
    """An instance's recommendations across its evaluation years.

    On screen a row reads like a to-do: the deadline (and how late it is), the status, the year, then what
    was recommended on which indicator or aspect, and its follow-up (action, unit, progress) in one cell
    each, so the table fits a page's width. The download holds one plain value per column instead: the
    deadline as an ISO date, the days overdue as a number, no links.
    """

    deadline = tables.Column(verbose_name=_("Deadline"), default="—")
    status = tables.Column(verbose_name=_("Status"), order_by=("status", "deadline"))
    overdue = tables.Column(verbose_name=_("Days overdue"), accessor="pk", visible=False)
    year = tables.Column(verbose_name=_("Year"), accessor="assessment__year")
    recommendation = tables.Column(
        verbose_name=_("Indicator or aspect, recommendation"),
        accessor="text",
        order_by=("node__level", "node__number", "assessment__year"),
        exclude_from_export=True,
        attrs=WRAP,
    )
    node = tables.Column(verbose_name=_("Indicator or aspect"), visible=False)
    text = tables.Column(verbose_name=_("Recommendation"), visible=False)
    follow_up = tables.Column(
        verbose_name=_("Follow-up"), accessor="pk", orderable=False, exclude_from_export=True, attrs=WRAP
    )
    action = tables.Column(verbose_name=_("Follow-up action"), visible=False)
    unit = tables.Column(verbose_name=_("Responsible unit (OPD)"), visible=False)
    progress = tables.Column(verbose_name=_("Progress notes"), visible=False)
    edit = tables.Column(verbose_name=_("Edit"), accessor="pk", orderable=False, exclude_from_export=True)

    class Meta:
        attrs = {"class": "data-table", "id": "recommendations"}
        empty_text = _("No recommendation matches these filters.")

    def __init__(self, *args, today: datetime.date, code: str, may_write: bool, **kwargs):
        super().__init__(*args, exclude=() if may_write else ("edit",), **kwargs)
        self.today, self.code = today, code

    def order_deadline(self, queryset, is_descending):
        deadline = (
            F("deadline").desc(nulls_last=True) if is_descending else F("deadline").asc(nulls_last=True)
        )
        return queryset.order_by(deadline, "pk"), True

    def render_deadline(self, value, record):
        shown = date_format(value, "DATE_FORMAT")
        days = record.days_overdue(self.today)
        if days is None:
            return shown
        return format_html('{}<br><strong class="overdue down">{}</strong>', shown, overdue_words(days))

    def value_deadline(self, value):
        return value.isoformat()

    def render_status(self, record):
        return record.get_status_display()

    def value_status(self, record):
        return str(record.get_status_display())

    def value_overdue(self, record):
        return record.days_overdue(self.today)

    def render_recommendation(self, record):
        return format_html(
            '<span class="note">{}</span><br>{}', node_label(record.node), linebreaksbr(record.text)
        )

    def value_node(self, value):
        return node_label(value)

    def render_follow_up(self, record):
        lines = [
            linebreaksbr(record.action)
            if record.action
            else format_html('<span class="muted">{}</span>', _("No action yet"))
        ]
        if record.unit:
            lines.append(format_html('<span class="note">{}: {}</span>', _("Unit"), record.unit))
        if record.progress:
            lines.append(
                format_html('<span class="note">{}: {}</span>', _("Progress"), linebreaksbr(record.progress))
            )
        return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))

    def render_edit(self, value, record):
        # The name says which one is edited; an aria-label, as a visually hidden span (absolutely
        # positioned) would stretch a narrow page beyond the table's scrolling box.
        url = reverse("workspace:recommendation_change", args=[self.code, value])
        edit = _("Edit")
        name = f"{edit} {node_label(record.node)}, {record.assessment.year}"
        return format_html('<a href="{}" aria-label="{}">{}</a>', url, name, edit)
