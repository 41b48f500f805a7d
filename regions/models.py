import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

PROVINCE_CODE = r"^[0-9]{2}$"
REGENCY_CODE = r"^[0-9]{2}\.[0-9]{2}$"


class RegionQuerySet(models.QuerySet):
    def provinces(self):
        return self.filter(kind=Region.Kind.PROVINSI)

    def regencies_and_cities(self):
        return self.exclude(kind=Region.Kind.PROVINSI)

    def evaluated(self):
        """Regions that KemenPANRB evaluates (not Jakarta's administrative areas)."""
        return self.filter(is_evaluated=True)

    def in_province(self, code: str):
        """The province `code` and every regency and city in it."""
        return self.filter(Q(code=code) | Q(province_id=code))


class Region(models.Model):
    """A province, regency (kabupaten) or city (kota), keyed by its Kemendagri code."""

    class Kind(models.TextChoices):
        PROVINSI = "provinsi", _("Province")
        KABUPATEN = "kabupaten", _("Regency")
        KOTA = "kota", _("City")

    code = models.CharField(
        _("Kemendagri code"),
        max_length=5,
        primary_key=True,
        help_text=_('"62" for a province, "62.71" for a regency or city.'),
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    province = models.ForeignKey(
        "self",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        limit_choices_to={"kind": Kind.PROVINSI},
    )
    is_evaluated = models.BooleanField(
        _("evaluated"),
        default=True,
        help_text=_("Off for administrative areas that are not evaluated (Jakarta's)."),
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="provinsi", province__isnull=True, code__regex=PROVINCE_CODE)
                    | (
                        Q(kind__in=["kabupaten", "kota"], province__isnull=False)
                        & Q(code__regex=REGENCY_CODE)
                        & Q(code__startswith=models.F("province_id"))
                    )
                ),
                name="region_code_matches_kind_and_province",
                violation_error_message=_(
                    "A province has a two-digit code and no parent; a regency or city has a "
                    "code PP.KK under its province PP."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("indices:region", args=[self.code])

    @property
    def is_province(self) -> bool:
        return self.kind == self.Kind.PROVINSI

    def clean(self):
        # Field-specific messages; the check constraint above is the database's last word.
        if self.is_province:
            if self.province_id:
                raise ValidationError({"province": _("A province cannot have a parent province.")})
            if not _matches(PROVINCE_CODE, self.code):
                raise ValidationError({"code": _('A province code has two digits, e.g. "62".')})
            return
        if not self.province_id:
            raise ValidationError({"province": _("A regency or city needs its province.")})
        if not _matches(REGENCY_CODE, self.code):
            raise ValidationError({"code": _('A regency or city code looks like "62.71".')})
        if not self.code.startswith(f"{self.province_id}."):
            raise ValidationError(
                {
                    "code": _("Code %(code)s does not start with its province code %(province)s.")
                    % {"code": self.code, "province": self.province_id}
                }
            )
        number = int(self.code[3:])
        if self.kind == self.Kind.KOTA and number < 71 or self.kind == self.Kind.KABUPATEN and number > 69:
            raise ValidationError(
                {
                    "kind": _(
                        "Codes 01-69 are regencies and 71 onward are cities; %(code)s is not a %(kind)s."
                    )
                    % {"code": self.code, "kind": self.get_kind_display().lower()}
                }
            )


def _matches(pattern: str, value: str) -> bool:
    return bool(re.fullmatch(pattern, value or ""))
