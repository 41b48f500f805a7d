"""The data version: one number that every write advances, so that cached pages know when they are stale."""

from django.db import InterfaceError, OperationalError, connection, models
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """A single row counting the writes to the published data (any server, any process, one database).

    A second row (`manage.py load_shipped_data`) holds the version of the shipped data files last loaded into
    this database, so that `make run` loads them again only when they changed."""

    number = models.BigIntegerField(_("version"), default=0)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data version")

    def __str__(self):
        return str(self.number)

    @classmethod
    def current(cls) -> int:
        """The version pages are cached under: one indexed query, on every public request.

        Written in SQL because building it through the ORM cost more than the rest of serving a cached
        page. The first query of a public request, so it also stands in for Django's connection health
        check: a connection kept from an earlier request that the database has since closed (a restart)
        is opened again here instead of failing the request.
        """
        try:
            return cls._read()
        except (InterfaceError, OperationalError):
            if connection.in_atomic_block:
                raise
            connection.close()
            return cls._read()

    @classmethod
    def _read(cls) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT number FROM {cls._meta.db_table} WHERE id = 1")  # noqa: S608 (no input)
            row = cursor.fetchone()
        return row[0] if row else 0

    @classmethod
    def advance(cls) -> None:
        """Mark the published data as changed (inside the writer's transaction, so it commits with it)."""
        if not cls.objects.filter(pk=1).update(number=F("number") + 1):
            cls.objects.get_or_create(pk=1, defaults={"number": 1})


class PendingImport(models.Model):
    """An uploaded file waiting between the admin's preview and its confirmation.

    Kept in the database, not on one server's disk, so that any server behind the load balancer confirms
    what another previewed; the confirmation reads and checks this copy again and never trusts the browser.
    """

    LIFETIME_HOURS = 24

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="+")
    model_name = models.CharField(max_length=50)
    filename = models.CharField(max_length=255)
    data = models.BinaryField()
    # What the database held of each record the file touches when the preview was shown: the confirmation
    # is refused if any of it changed meanwhile (`services.stored_state`).
    previewed = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pending import")
        verbose_name_plural = _("pending imports")

    def __str__(self):
        return self.filename
