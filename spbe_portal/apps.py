from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project itself, as an app: it registers the project-wide system checks."""

    name = "spbe_portal"
    verbose_name = "SPBE portal"

    def ready(self):
        from spbe_portal import security  # noqa: F401 (registers the checks)
