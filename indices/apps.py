from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicesConfig(AppConfig):
    name = "indices"
    verbose_name = _("SPBE index")

    def ready(self):
        from django.contrib.admin.models import LogEntry
        from django.db.models.signals import post_save

        from indices.caching import UNSEEN_BY_PAGES, admin_action_logged, data_written
        from regions.signals import register_changed

        # What advances the data version: every save of a record the pages show; every admin action (its
        # log entry covers deletions too); the register loaded in bulk. Imports and loaders advance it
        # themselves, since bulk writes send no signals.
        for app_label in ("regions", "indices"):
            for model in self.apps.get_app_config(app_label).get_models():
                if model.__name__ not in UNSEEN_BY_PAGES:
                    post_save.connect(data_written, sender=model, dispatch_uid=f"version-{model._meta.label}")
        post_save.connect(admin_action_logged, sender=LogEntry, dispatch_uid="version-admin-log")
        register_changed.connect(data_written, dispatch_uid="version-register")
