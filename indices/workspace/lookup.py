"""The one lookup every workspace view starts with: the instance and year asked for, refused unless the
signed-in person may read (or, for a write, write) that instance's workspace."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from indices.access import access_for
from indices.models import Framework, Instance
from indices.models.frameworks import FIRST_YEAR
from indices.workspace.models import Assessment


def instance_or_404(request, code: str, *, write: bool = False) -> Instance:
    """The instance `code`, if this person may read its workspace (and write it, when `write`)."""
    instance = Instance.objects.select_related("region").filter(code=code).first()
    if instance is None:
        raise Http404(_("No instance has the code %(code)s.") % {"code": code})
    access = access_for(request.user)
    if not access.can_read_workspace(instance):
        raise PermissionDenied(_("You may not read the workspace of %(instance)s.") % {"instance": instance})
    if write and not access.can_write_workspace(instance):
        raise PermissionDenied(
            _("You may read but not change the workspace of %(instance)s.") % {"instance": instance}
        )
    return instance


def assessment_or_404(request, code: str, year: int, *, write: bool = False) -> Assessment:
    """The workspace of instance `code` for evaluation `year`. A year with none yet is shown empty, unsaved,
    under the framework in force that year (reading a page never writes); the first valid write stores it
    (`saved`)."""
    instance = instance_or_404(request, code, write=write)
    # The cycle under way, and the next one prepared ahead, but no year further out.
    if not FIRST_YEAR <= year <= timezone.localdate().year + 1:
        raise Http404(_("There is no workspace for %(year)s.") % {"year": year})
    assessment = Assessment.objects.of(instance, year).first()
    if assessment is not None:
        return assessment
    framework = Framework.objects.scoring_levels().for_year(year)
    if framework is None:
        raise Http404(_("No framework with weights covers %(year)s.") % {"year": year})
    return Assessment(instance=instance, year=year, framework=framework)


def saved(assessment: Assessment) -> Assessment:
    """`assessment`, stored if it was not yet: called by a write, inside its transaction, once what was sent
    is valid (a refused form stores nothing, not even an empty workspace)."""
    if assessment.pk is None:
        assessment.pk = Assessment.objects.get_or_create(
            instance=assessment.instance, year=assessment.year, defaults={"framework": assessment.framework}
        )[0].pk
        assessment._state.adding = False
    return assessment


def province_or_404(request, code: str, year: int) -> Instance:
    """The government of province `code` (its instance), if this person may read every workspace of the
    province, for an evaluation `year` the workspace knows."""
    province = (
        Instance.objects.select_related("region").filter(code=code, kind=Instance.Kind.PROVINSI).first()
    )
    if province is None:
        raise Http404(_("No province has the code %(code)s.") % {"code": code})
    if not access_for(request.user).can_read_province(code):
        raise PermissionDenied(
            _("You may not read the workspaces of %(province)s.") % {"province": province.name}
        )
    if not FIRST_YEAR <= year <= timezone.localdate().year + 1:
        raise Http404(_("There is no workspace for %(year)s.") % {"year": year})
    return province
