"""Submit and review: an assessment moves draft → submitted → in review → returned or accepted → final.
Submitting locks the operators' values; a returned indicator opens again for its operators and owner alone;
every move is audited and on the timeline; who may make which move is the permission matrix below, for every
role, on the instance itself, a neighbour in its province and an instance elsewhere."""

import pytest

from indices.access import Access
from indices.models import Framework, FrameworkNode, Instance
from indices.workspace import review
from indices.workspace.models import Assessment, IndicatorLevel
from indices.workspace.review_models import Transition
from tests.conftest import audit_of
from tests.indices.test_access import ELSEWHERE, NEIGHBOUR, OWN, PROVINCE
from tests.workspace.test_levels import aspect_post

pytestmark = pytest.mark.usefixtures("published")
State = Assessment.State
PAGE = "/ruang-kerja/62.03/2024/tinjauan/"


def spbe_2020():
    return Framework.objects.get(slug="spbe-2020")


def filled(instance=OWN, year=2024, level="3") -> Assessment:
    """An assessment of `instance` with every one of SPBE 2020's 47 indicators at `level`."""
    framework = spbe_2020()
    assessment = Assessment.objects.create(instance_id=instance, year=year, framework=framework)
    IndicatorLevel.objects.bulk_create(
        IndicatorLevel(assessment=assessment, node=node, self_level=level)
        for node in framework.nodes.filter(level=FrameworkNode.Level.INDICATOR)
    )
    return assessment


def post(client, user, **data):
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client.post(PAGE, data)


def test_a_whole_review_submit_return_fix_resubmit_accept_and_final(client, team):
    assessment = filled()
    assert post(client, team["operator"], action="submit", note="Ready").status_code == 302
    assessment.refresh_from_db()
    assert assessment.state == State.SUBMITTED
    # Locked: the operator's aspect form saves nothing and says why.
    response = post_aspect(client, team["operator"], 5, "4")
    assert response.status_code == 403
    assert IndicatorLevel.objects.get(assessment=assessment, node__number=23).self_level == 3

    # The coordinator returns two indicators with notes, accepts the rest, and ends the review.
    for number in (23, 24):
        post(
            client,
            team["coordinator"],
            action="judge",
            indicator=number,
            verdict="returned",
            note=f"Fix {number}",
        )
    for number in range(1, 48):
        if number not in (23, 24):
            post(client, team["coordinator"], action="judge", indicator=number, verdict="accepted")
    assert post(client, team["coordinator"], action="conclude").status_code == 302
    assessment.refresh_from_db()
    assert assessment.state == State.RETURNED

    # Only the returned indicators open again: 23 and 24 save, 21 (same aspect) keeps its value.
    response = post_aspect(client, team["operator"], 5, "4")
    assert response.status_code == 302
    levels = dict(
        IndicatorLevel.objects.filter(assessment=assessment, node__number__in=(21, 23, 24)).values_list(
            "node__number", "self_level"
        )
    )
    assert levels == {21: 3, 23: 4, 24: 4}

    assert post(client, team["operator"], action="submit").status_code == 302
    assessment.refresh_from_db()
    assert assessment.state == State.SUBMITTED
    assert not IndicatorLevel.objects.filter(assessment=assessment, review="returned").exists()
    for number in (23, 24):
        post(client, team["coordinator"], action="judge", indicator=number, verdict="accepted")
    post(client, team["coordinator"], action="conclude")
    assessment.refresh_from_db()
    assert assessment.state == State.ACCEPTED
    post(client, team["national"], action="finalise", note="Hasil evaluasi diterima")
    assessment.refresh_from_db()
    assert assessment.state == State.FINAL

    actions = list(assessment.transitions.values_list("action", flat=True))
    assert actions[:2] == ["submitted", "review_started"]
    assert actions.count("returned") == 2 and actions.count("accepted") == 47
    assert actions[-4:] == ["accepted", "accepted", "review_accepted", "finalised"]
    assert actions.count("review_returned") == 1 and actions.count("submitted") == 2
    assert audit_of(assessment), "each move of the state is in the audit trail"

    # The timeline shows each move, who made it and the notes, in the operator's language.
    client.force_login(team["operator"])
    page = client.get(PAGE).content.decode()
    assert "Fix 23" in page and "Hasil evaluasi diterima" in page and "coordinator" in page
    assert "Final" in page


def post_aspect(client, user, number, level):
    client.force_login(user)
    return client.post(f"/ruang-kerja/62.03/2024/aspek/{number}/", aspect_post(spbe_2020(), number, level))


def test_submitting_needs_every_indicator_and_returning_needs_a_note(client, team):
    assessment = filled()
    IndicatorLevel.objects.filter(assessment=assessment, node__number__in=(3, 40)).update(self_level=None)
    response = client_follow(client, team["operator"], action="submit")
    assert "missing: 3, 40" in response
    assert Assessment.objects.get(pk=assessment.pk).state == State.DRAFT
    IndicatorLevel.objects.filter(assessment=assessment).update(self_level=2)
    post(client, team["operator"], action="submit")
    response = client_follow(
        client, team["assessor"], action="judge", indicator=5, verdict="returned", note=" "
    )
    assert "what to fix" in response
    assert IndicatorLevel.objects.get(assessment=assessment, node__number=5).review == ""
    response = client_follow(client, team["assessor"], action="conclude")
    assert "47 indicators have no verdict yet" in response
    assert (
        Assessment.objects.get(pk=assessment.pk).state == State.SUBMITTED
    )  # a refused verdict moves nothing


def client_follow(client, user, **data) -> str:
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client.post(PAGE, data, follow=True).content.decode()


def test_the_owner_of_an_indicator_writes_it_and_nothing_else(client, team):
    assessment = filled()
    response = post_aspect(client, team["owner of 23"], 5, "5")
    assert response.status_code == 302
    levels = dict(
        IndicatorLevel.objects.filter(assessment=assessment, node__number__in=(22, 23)).values_list(
            "node__number", "self_level"
        )
    )
    assert levels == {22: 3, 23: 5}
    # They read the workspace, but no other aspect of it is theirs.
    assert post_aspect(client, team["owner of 23"], 1, "5").status_code == 403
    assert client.get("/ruang-kerja/62.03/2024/").status_code == 200


# The permission matrix: each move by each role on Kapuas (its own), Kotawaringin Barat (a neighbour in the
# province) and Paser (elsewhere), from the state the move starts from.
MOVES = {
    "submit": (State.DRAFT, {"national", "operator"}),
    "judge": (State.SUBMITTED, {"national", "coordinator", "reviewer", "assessor"}),
    "conclude": (State.IN_REVIEW, {"national", "coordinator", "reviewer", "assessor"}),
    "finalise": (State.ACCEPTED, {"national"}),
    "reopen": (State.SUBMITTED, {"national"}),
}
ROLES = (
    "national",
    "operator",
    "other operator",
    "coordinator",
    "reviewer",
    "assessor",
    "assessor elsewhere",
    "owner of 23",
    "no role",
    "not staff",
)


def test_the_permission_matrix_of_every_move(team):
    """Who moves whom, through the review's own functions (the page calls the same ones)."""
    made = []
    framework = spbe_2020()
    for code in (OWN, NEIGHBOUR, ELSEWHERE):
        for move, (start, allowed_on_own) in MOVES.items():
            for role in ROLES:
                Assessment.objects.filter(instance_id=code, year=2024).delete()
                assessment = filled(code)
                Assessment.objects.filter(pk=assessment.pk).update(state=start)
                assessment.refresh_from_db()
                if move == "conclude":
                    IndicatorLevel.objects.filter(assessment=assessment).update(review="accepted")
                access = Access(team[role])
                level = IndicatorLevel.objects.filter(assessment=assessment).first()
                try:
                    _make(move, assessment, access, level)
                except review.ReviewRefused:
                    moved = False
                else:
                    moved = True
                made.append((code, move, role, moved))
                expected = KIND.get(role, role) in allowed_on_own and _reaches(role, code)
                assert moved == expected, (code, move, role)
    assert len(made) == 3 * len(MOVES) * len(ROLES)
    assert framework.pk  # the framework stayed, every assessment removed with its own levels


def _reaches(role: str, code: str) -> bool:
    """Whether the role's scope holds the instance `code`."""
    if role in ("national", "reviewer"):
        return True
    if role == "coordinator":  # the province's government and its regencies and cities
        return code == PROVINCE or code.startswith(PROVINCE + ".")
    return SCOPE.get(role) == code


SCOPE = {"operator": OWN, "assessor": OWN, "other operator": ELSEWHERE, "assessor elsewhere": ELSEWHERE}
# Who may make each move within their scope, by kind of role.
KIND = {"other operator": "operator", "assessor elsewhere": "assessor"}


def _make(move, assessment, access, level):
    if move == "submit":
        review.submit(assessment, access)
    elif move == "judge":
        review.judge(assessment, access, level, "accepted", "")
    elif move == "conclude":
        review.conclude(assessment, access)
    elif move == "finalise":
        review.finalise(assessment, access)
    else:
        review.reopen(assessment, access, "A mistake in the final levels")


def test_a_locked_level_is_refused_on_every_write_path_but_a_national_administrators(team):
    assessment = filled()
    Assessment.objects.filter(pk=assessment.pk).update(state=State.SUBMITTED)
    level = IndicatorLevel.objects.select_related("assessment").get(assessment=assessment, node__number=23)
    for role in ("operator", "owner of 23"):
        assert not Access(team[role]).can_write(level), role
    assert Access(team["national"]).can_write(level)
    IndicatorLevel.objects.filter(pk=level.pk).update(review="returned")
    Assessment.objects.filter(pk=assessment.pk).update(state=State.RETURNED)
    level = IndicatorLevel.objects.select_related("assessment").get(pk=level.pk)
    for role in ("operator", "owner of 23"):
        assert Access(team[role]).can_write(level), role
    other = IndicatorLevel.objects.select_related("assessment").get(assessment=assessment, node__number=24)
    assert Access(team["operator"]).can_write(other) is False
    assert Access(team["owner of 23"]).can_write(other) is False


def test_the_review_page_is_private_and_reading_it_writes_nothing(client, team):
    assessment = filled()
    states = Assessment.objects.filter(pk=assessment.pk).values_list("state", flat=True)
    before = Transition.objects.count(), states.get()
    client.force_login(team["other operator"])
    assert client.get(PAGE).status_code == 403
    client.logout()
    assert client.get(PAGE).status_code == 302  # to the sign-in
    client.force_login(team["coordinator"])
    assert client.get(PAGE).status_code == 200
    assert (Transition.objects.count(), states.get()) == before


def test_who_may_make_each_move_on_every_instance_of_the_register(team):
    """The rules the moves ask (`Access`), for every role on each of the register's instances: a
    submission is its operators', a verdict its assessors' (never its own operators' or owner's), the
    external result a national administrator's, and an indicator is written by its operators and its owner
    only, in bulk or by form."""
    node_23 = spbe_2020().nodes.get(level="indicator", number=23)
    node_24 = spbe_2020().nodes.get(level="indicator", number=24)
    instances = list(Instance.objects.select_related("region"))
    assert len(instances) > 600
    checked = 0
    for role in ROLES:
        access = Access(team[role])
        kind = KIND.get(role, role)
        for instance in instances:
            mine = _reaches(role, instance.code)
            expected = {
                "submit": kind in ("national", "operator") and mine,
                "review": kind in ("national", "coordinator", "reviewer", "assessor") and mine,
                "finalise": kind == "national",
                "write 23": (kind in ("national", "operator") or role == "owner of 23") and mine,
                "write 24": kind in ("national", "operator") and mine,
            }
            if role == "owner of 23":
                expected["write 23"] = instance.code == OWN
            actual = {
                "submit": access.can_submit(instance),
                "review": access.can_assess_workspace(instance),
                "finalise": access.can_finalise(),
                "write 23": access.can_write_indicator(instance, node_23.pk),
                "write 24": access.can_write_indicator(instance, node_24.pk),
            }
            assert actual == expected, (role, instance.code)
            checked += len(actual)
    assert checked == len(ROLES) * len(instances) * 5


def test_the_aspect_form_reads_each_indicators_lock_without_a_query_each(
    client, team, django_assert_max_num_queries
):
    """The lock is read per indicator from the assessment the page already holds (33 queries before: one per
    indicator's assessment)."""
    filled()
    client.force_login(team["operator"])
    with django_assert_max_num_queries(17):
        assert client.get("/ruang-kerja/62.03/2024/aspek/5/").status_code == 200
