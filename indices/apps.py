from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicesConfig(AppConfig):
    name = "indices"
    verbose_name = _("SPBE index")

    def import_models(self):
        # The workspace keeps its records in its own folder (`indices.workspace.models`); they are the app's
        # models all the same, registered with the rest before any app is ready.
        super().import_models()
        import_module("indices.workspace.models")

    def ready(self):
        from django.contrib.admin.models import LogEntry
        from django.db.models.signals import post_save

        from indices.changes import admin_action_logged, record_saved, shown_by_pages
        from regions.signals import register_changed

        # The workspace registers its records with the admin from its own folder.
        import_module("indices.workspace.admin")

        # The signals that are changes of the published data (`indices.changes`).
        for app_label in ("regions", "indices"):
            for model in self.apps.get_app_config(app_label).get_models():
                if shown_by_pages(model):
                    post_save.connect(record_saved, sender=model, dispatch_uid=f"version-{model._meta.label}")
        post_save.connect(admin_action_logged, sender=LogEntry, dispatch_uid="version-admin-log")
        register_changed.connect(record_saved, dispatch_uid="version-register")
