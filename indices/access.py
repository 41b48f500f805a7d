"""What a signed-in person may read and write: the one place that decides it.

- A national administrator (a Django superuser) reads and writes everything.
- An instance operator writes the targets of their instance, its self-assessments (status "mandiri") and
  the note of its published scores, and adds sources; never KemenPANRB's published results themselves.
  A source they change or delete must be one they added, cited by their instance's records only.
- An instance operator also writes their instance's evaluation workspace (indicator levels, evidence,
  recommendations).
- A provincial coordinator reads the workspace of every instance in their province; writes nothing but,
  acting as internal assessor, the verdicts on its evidence items.
- A reviewer reads everything; writes nothing but the verdicts on evidence items.
- Verdicts on evidence items (diterima, revisi) are an assessor's: national administrators, reviewers and
  the provincial coordinator; never the instance's own operators.
- An internal assessor reads their instance's workspace and reviews it (verdicts on items and indicators);
  writes none of its values.
- An indicator owner (penanggung jawab) reads their instance's workspace and writes their indicator only.
- A submitted assessment is locked: its values are written again only where a reviewer returned an
  indicator (by its operators and owner), or by a national administrator (`indices.workspace.review`).

The admin, the importer, exports of private data and the evaluation workspace all ask an `Access`.
"""

from functools import cached_property

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from indices.models import (
    OFFICIAL_STATUSES,
    Assignment,
    Instance,
    NationalIndex,
    Score,
    ScoreValue,
    Source,
    Target,
)

# What an operator may touch, and the one field they may change on their instance's published score.
OPERATOR_MODELS = (Target, Score, ScoreValue, Source)
OFFICIAL_SCORE_FIELDS_FOR_OPERATORS = frozenset({"note"})


class Access:
    """One person's rights, read once from their role assignments."""

    def __init__(self, user):
        self.user = user
        active = bool(user and user.is_authenticated and user.is_active)
        self.national = active and user.is_superuser
        rows = (
            list(user.assignments.values_list("role", "instance_id", "instance__region__code", "node_id"))
            if active and not self.national
            else []
        )
        Role = Assignment.Role
        self.operated = frozenset(pk for role, pk, *_ in rows if role == Role.OPERATOR)
        self.provinces = frozenset(code for role, _, code, _ in rows if role == Role.COORDINATOR)
        self.reviewer = any(role == Role.REVIEWER for role, *_ in rows)
        self.assessed = frozenset(pk for role, pk, *_ in rows if role == Role.ASSESSOR)
        # An indicator owner's indicators, per instance.
        self.owned: dict[str, frozenset[int]] = {}
        for role, pk, _code, node in rows:
            if role == Role.RESPONSIBLE:
                self.owned[pk] = self.owned.get(pk, frozenset()) | {node}
        self.staff = active and user.is_staff and (self.national or bool(rows))

    # Reading

    def visible(self, queryset: QuerySet, path: str = "instance") -> QuerySet:
        """The records of `queryset` this person sees in the admin (`path` leads to their instance)."""
        if not self.staff:
            return queryset.none()
        if self.national or self.reviewer:
            return queryset
        prefix = f"{path}__" if path else ""
        return queryset.filter(self._instances_q(prefix)).distinct()

    @property
    def can_audit(self) -> bool:
        """The audit trail of everyone's changes: national administrators and reviewers."""
        return self.staff and (self.national or self.reviewer)

    def can_read_workspace(self, instance: Instance) -> bool:
        """An instance's own working data (self-assessment, indicator levels, evidence)."""
        if not self.staff:
            return False
        if self.national or self.reviewer or instance.pk in self.operated | self.assessed:
            return True
        return instance.pk in self.owned or self._province_of(instance) in self.provinces

    def can_read_province(self, code: str) -> bool:
        """Every workspace of a province at once (the province's view): its provincial coordinator, national
        administrators and reviewers."""
        return self.staff and (self.national or self.reviewer or code in self.provinces)

    def workspaces(self) -> QuerySet:
        """The instances whose workspace this person reads, by name."""
        instances = Instance.objects.select_related("region").order_by("name")
        if not self.staff:
            return instances.none()
        if self.national or self.reviewer:
            return instances
        return instances.filter(self._instances_q(""))

    # Writing

    def can_write_workspace(self, instance: Instance) -> bool:
        """An instance's levels, evidence and recommendations: its own operators and national administrators
        (a provincial coordinator and a reviewer read them only)."""
        return self.national or (self.staff and instance.pk in self.operated)

    def can_write_indicator(self, instance: Instance, node_id: int) -> bool:
        """One indicator's level, explanation and evidence: who writes the workspace, and its owner
        (whether the assessment is open for it is `indices.workspace.review`'s to say)."""
        return self.can_write_workspace(instance) or (
            self.staff and node_id in self.owned.get(instance.pk, ())
        )

    def writes_some_indicator(self, instance: Instance) -> bool:
        return self.can_write_workspace(instance) or (self.staff and instance.pk in self.owned)

    def can_submit(self, instance: Instance) -> bool:
        """Sending an assessment to review: its operators (the instance's SPBE team) and national
        administrators."""
        return self.can_write_workspace(instance)

    def can_finalise(self) -> bool:
        """Recording that the external result is in, and opening a locked assessment again."""
        return self.national

    def can_assess_workspace(self, instance: Instance) -> bool:
        """Marking an instance's evidence items accepted (diterima) or to revise (revisi): national
        administrators, reviewers, the provincial coordinator of its province and its internal assessors. An
        instance's operators and indicator owners never judge their own work, whatever other role they hold.
        The same people review its indicators."""
        if self.national:
            return True
        if not self.staff or instance.pk in self.operated or instance.pk in self.owned:
            return False
        return self.reviewer or instance.pk in self.assessed or self._province_of(instance) in self.provinces

    def can_add(self, model: type[Model]) -> bool:
        return self.national or (
            bool(self.operated) and (model in OPERATOR_MODELS or getattr(model, "in_workspace", False))
        )

    def can_change(self, record: Model) -> bool:
        if self.national:
            return True
        if isinstance(record, Score):
            return record.instance_id in self.operated
        return self.can_write(record)

    def can_delete(self, record: Model) -> bool:
        return self.can_write(record)

    def can_write(self, record: Model) -> bool:
        """Whether this person may create, change in full or delete `record`."""
        if self.national:
            return True
        if not (self.operated or self.owned):
            return False
        if isinstance(record, Target):
            return record.instance_id in self.operated
        if isinstance(record, Score):
            return record.instance_id in self.operated and record.status not in OFFICIAL_STATUSES
        if isinstance(record, ScoreValue):
            return self.can_write(record.score)
        if isinstance(record, Source):
            return record.pk is None or (record.added_by_id == self.user.pk and self._cites_only_own(record))
        if getattr(record, "in_workspace", False):
            instance_id = record.workspace_instance_id()
            node_id = getattr(record, "workspace_node_id", lambda: None)()
            mine = instance_id in self.operated or (
                node_id is not None and node_id in self.owned.get(instance_id, ())
            )
            # A submitted assessment's values are locked but where a reviewer returned them.
            return mine and getattr(record, "open_to_operators", lambda: True)()
        return False

    def can_save(self, record: Model, stored: Model | None) -> bool:
        """Whether this person may save `record` as it now stands, coming from `stored`: the same record as
        the database holds it (None for a new one). Both ends must be theirs to write, so that no change of
        status or instance turns a record they may write into one they may not (a self-assessment into a
        published result); on a record they may change in part, nothing but those fields may differ."""
        if self.national:
            return True
        if stored is None:
            return self.can_write(record)
        if self.can_write(stored) and self.can_write(record):
            return True
        editable = self.editable_fields(stored)
        return editable is not None and not (changed_fields(stored, record) - editable)

    def editable_fields(self, record: Model) -> frozenset[str] | None:
        """The only fields this person may change on `record`, or None for all of them."""
        if isinstance(record, Score) and record.pk and not self.can_write(record) and self.can_change(record):
            return OFFICIAL_SCORE_FIELDS_FOR_OPERATORS
        return None

    def refusal(self, record: Model) -> str:
        """Why `record` may not be written by this person, in words for a form or an import line."""
        if isinstance(record, Score) and record.instance_id in self.operated:
            return _(
                "Only national administrators enter KemenPANRB's published results; as an operator you "
                "enter self-assessments (status mandiri) and the note of a published score."
            )
        if isinstance(record, (Score, Target)) and record.instance_id:
            return _("%(instance)s is outside your assignment (%(yours)s).") % {
                "instance": record.instance,
                "yours": self.describe or _("none"),
            }
        return _("You may not change this record.")

    @cached_property
    def describe(self) -> str:
        """The instances this person writes for, by name (read once: an import asks for every row it refuses)."""
        names = Instance.objects.filter(pk__in=self.operated).order_by("name").values_list("name", flat=True)
        return ", ".join(names)

    # Internals

    def _instances_q(self, prefix: str) -> Q:
        q = Q(**{f"{prefix}pk__in": self.operated | self.assessed | set(self.owned)})
        for province in self.provinces:
            q |= Q(**{f"{prefix}region__code": province}) | Q(**{f"{prefix}region__province__code": province})
        return q

    def _province_of(self, instance: Instance) -> str | None:
        region = instance.region
        if region is None:
            return None
        return region.code if region.province_id is None else region.province_id

    def _cites_only_own(self, source: Source) -> bool:
        """A source only this person's records cite: never a published result or the national index."""
        outside = ~Q(instance__in=self.operated)
        return not (
            Target.objects.filter(Q(source=source) & outside).exists()
            or Score.objects.filter(Q(source=source) & (outside | Q(status__in=OFFICIAL_STATUSES))).exists()
            or NationalIndex.objects.filter(source=source).exists()
        )


def changed_fields(before: Model, after: Model) -> set[str]:
    """The names of the concrete fields whose values differ between two states of one record."""
    return {
        field.name
        for field in before._meta.concrete_fields
        if field.value_from_object(before) != field.value_from_object(after)
    }


def stored_version(record: Model) -> Model | None:
    """`record` as the database holds it now (None when it is new or gone): what a save moves from."""
    if record.pk is None:
        return None
    return type(record)._default_manager.filter(pk=record.pk).first()


def access_for(user) -> Access:
    """The `Access` of `user`, read once per request (the admin asks many times)."""
    cached = getattr(user, "_portal_access", None)
    if cached is None:
        cached = Access(user)
        if user is not None:
            user._portal_access = cached
    return cached
