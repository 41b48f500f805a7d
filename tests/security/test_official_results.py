"""An operator never publishes an official result (issue 18, finding 1) and may save the note of a published
score that carries domain values (finding 5)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from indices.models import Assignment, Score, Source
from tests.conftest import account

OWN = "62.03"  # Kabupaten Kapuas


@pytest.fixture
def operator(published):
    return account("operator", Assignment.Role.OPERATOR, OWN)


@pytest.fixture
def source(published):
    return Source.objects.create(title="Penilaian mandiri Kapuas", document="Nota dinas 1/2025")


def score_form(score, **changes):
    return {
        "instance": score.instance_id,
        "year": str(score.year),
        "value": str(score.value).replace(".", ","),
        "status": score.status,
        "source": score.source_id,
        "source_detail": score.source_detail,
        "note": score.note,
        "node_values-TOTAL_FORMS": 0,
        "node_values-INITIAL_FORMS": 0,
    } | changes


def test_an_operator_cannot_turn_their_self_assessment_into_a_final_result(client, operator, source):
    client.force_login(operator)
    score = Score.objects.create(
        instance_id=OWN, year=2025, value=Decimal("4.99"), status="self_assessed", source=source
    )
    url = reverse("admin:indices_score_change", args=[score.pk])
    response = client.post(url, score_form(score, status="final", value="5,00"))
    assert response.status_code in (200, 403)
    score.refresh_from_db()
    assert (score.status, score.value) == ("self_assessed", Decimal("4.99"))
    assert not Score.objects.official().filter(instance_id=OWN, year=2025).exists()


@pytest.mark.parametrize("status", ["final", "carried_over"])
def test_an_operator_cannot_flip_a_self_assessment_to_any_official_status(client, operator, source, status):
    client.force_login(operator)
    score = Score.objects.create(
        instance_id=OWN, year=2025, value=Decimal("3.00"), status="self_assessed", source=source
    )
    client.post(reverse("admin:indices_score_change", args=[score.pk]), score_form(score, status=status))
    score.refresh_from_db()
    assert score.status == "self_assessed"


def test_an_operator_saves_the_note_of_a_published_score_with_domain_values(client, operator):
    client.force_login(operator)
    score = Score.objects.official().get(instance_id=OWN, year=2024)
    values = list(score.node_values.order_by("node_id").values_list("node_id", "value"))
    assert len(values) == 4
    url = reverse("admin:indices_score_change", args=[score.pk])
    form = {
        "note": "Dibahas dalam rapat tim SPBE",
        "node_values-TOTAL_FORMS": len(values),
        "node_values-INITIAL_FORMS": len(values),
    }
    for number, (pk, (node, value)) in enumerate(
        zip(score.node_values.order_by("node_id").values_list("pk", flat=True), values, strict=True)
    ):
        form |= {
            f"node_values-{number}-id": pk,
            f"node_values-{number}-score": score.pk,
            f"node_values-{number}-node": node,
            f"node_values-{number}-value": str(value).replace(".", ","),
        }
    response = client.post(url, form)
    assert response.status_code == 302
    score.refresh_from_db()
    assert score.note == "Dibahas dalam rapat tim SPBE"
    assert list(score.node_values.order_by("node_id").values_list("node_id", "value")) == values


STATUSES = ["self_assessed", "final", "carried_over"]


def test_status_transitions_for_every_role_against_every_instance(published):
    """Every move of a score between statuses, and of a published score's value and note, for every role
    against every instance: only a national administrator ever ends on an official status or changes one,
    and an operator's one granted write on a published score is its note."""
    from indices.access import Access
    from indices.models import Instance

    people = {
        "national": account("national", is_superuser=True),
        "operator": account("operator", Assignment.Role.OPERATOR, OWN),
        "coordinator": account("coordinator", Assignment.Role.COORDINATOR, "62"),
        "reviewer": account("reviewer", Assignment.Role.REVIEWER),
    }
    codes = list(Instance.objects.values_list("code", flat=True))
    assert len(codes) == 687
    checked = 0
    for name, user in people.items():
        access = Access(user)
        for code in codes:
            own = name == "operator" and code == OWN
            for before in STATUSES:
                stored = Score(pk=1, instance_id=code, year=2024, value=Decimal("3.00"), status=before)
                for after in STATUSES:
                    moved = Score(pk=1, instance_id=code, year=2024, value=Decimal("3.00"), status=after)
                    # Saving a published score unchanged writes nothing an operator may not write.
                    allowed = name == "national" or (own and before == after)
                    assert access.can_save(moved, stored) is allowed, (name, code, before, after)
                    checked += 1
                noted = Score(pk=1, instance_id=code, year=2024, value=Decimal("3.00"), status=before)
                noted.note = "Dibahas"
                assert access.can_save(noted, stored) is (name == "national" or own), (name, code, before)
                raised = Score(pk=1, instance_id=code, year=2024, value=Decimal("3.50"), status=before)
                allowed = name == "national" or (own and before == "self_assessed")
                assert access.can_save(raised, stored) is allowed, (name, code, before)
                created = Score(instance_id=code, year=2024, value=Decimal("3.00"), status=before)
                allowed = name == "national" or (own and before == "self_assessed")
                assert access.can_save(created, None) is allowed, (name, code, before)
            # Moving an own self-assessment to another instance is a write outside scope.
            if own:
                stored = Score(pk=1, instance_id=OWN, year=2024, value=Decimal("3"), status="self_assessed")
                moved = Score(
                    pk=1, instance_id="62.01", year=2024, value=Decimal("3"), status="self_assessed"
                )
                assert not access.can_save(moved, stored)
    assert checked == 4 * 687 * 9


def test_an_operators_import_cannot_turn_a_self_assessment_into_a_final_result(operator, source):
    from indices.transfer.services import scores_import

    Score.objects.create(
        instance_id=OWN, year=2025, value=Decimal("4.99"), status="self_assessed", source=source
    )
    for status, origin in (("final", ""), ("dibawa", "2024")):
        data = f'kode,tahun,indeks,status,tahun_asal,sumber\n{OWN},2025,"5,00",{status},{origin},{source.title}\n'
        data = data.encode()
        with translation.override("en"):
            result = scores_import(data=data, filename="naik.csv", update=True, by=operator)
        assert not result.applied
        assert any("Only national administrators" in str(error.message) for error in result.errors), [
            str(error.message) for error in result.errors
        ]
    assert not Score.objects.official().filter(instance_id=OWN, year=2025).exists()
