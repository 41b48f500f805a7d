"""Interface strings of django-auditlog, which ships no Indonesian catalogue: listed here so that
`make messages` puts them in ours (the project's catalogue translates any app's strings)."""

from django.utils.translation import gettext_noop as _

AUDITLOG = [
    _("Action"),
    _("Audit log"),
    _("Audit log: %s"),
    _("Changes"),
    _("Click to filter by records with this correlation id"),
    _("Correlation ID"),
    _("Created"),
    _("Field"),
    _("From"),
    _("Resource Type"),
    _("Resource"),
    _("To"),
    _("User"),
    _("View"),
    _("access"),
    _("action"),
    _("actor"),
    _("additional data"),
    _("change message"),
    _("content type"),
    _("create"),
    _("delete"),
    _("log entries"),
    _("log entry"),
    _("object representation"),
    _("remote address"),
    _("timestamp"),
    _("update"),
    _("No field changes"),
    _("No log entries found."),
    _("system"),
]
