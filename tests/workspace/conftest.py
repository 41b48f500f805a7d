"""The people of the workspace's tests: one account per role, around Kabupaten Kapuas (62.03)."""

import pytest

from indices.models import Assignment, Framework
from tests.conftest import account
from tests.indices.test_access import ELSEWHERE, OWN, PROVINCE


@pytest.fixture
def people(register, frameworks):
    return {
        "national": account("national", is_superuser=True),
        "operator": account("operator", Assignment.Role.OPERATOR, OWN),
        "other operator": account("other-operator", Assignment.Role.OPERATOR, ELSEWHERE),
        "coordinator": account("coordinator", Assignment.Role.COORDINATOR, PROVINCE),
        "reviewer": account("reviewer", Assignment.Role.REVIEWER),
        "no role": account("staff-without-role"),
        "not staff": account("citizen", Assignment.Role.OPERATOR, OWN, is_staff=False),
    }


@pytest.fixture
def people_aceh(register, frameworks):
    """Around Kabupaten Aceh Tengah (11.04), the instance of the one real 2026 result: every role, and an
    operator of Aceh Tengah who also coordinates the province of Aceh."""
    both = account("operator-and-coordinator", Assignment.Role.OPERATOR, "11.04")
    Assignment.objects.create(user=both, role=Assignment.Role.COORDINATOR, instance_id="11")
    return {
        "national": account("national", is_superuser=True),
        "operator": account("operator", Assignment.Role.OPERATOR, "11.04"),
        "other operator": account("other-operator", Assignment.Role.OPERATOR, "62.03"),
        "coordinator": account("coordinator", Assignment.Role.COORDINATOR, "11"),
        "coordinator elsewhere": account("coordinator-elsewhere", Assignment.Role.COORDINATOR, "62"),
        "reviewer": account("reviewer", Assignment.Role.REVIEWER),
        "operator and coordinator": both,
        "no role": account("staff-without-role"),
        "not staff": account("citizen", Assignment.Role.OPERATOR, "11.04", is_staff=False),
    }


@pytest.fixture
def team(people):
    """The workspace's people, with an internal assessor of Kapuas and the owner of its indicator 23."""
    node_23 = Framework.objects.get(slug="spbe-2020").nodes.get(level="indicator", number=23)
    owner = account("owner-23")
    Assignment.objects.create(user=owner, role=Assignment.Role.RESPONSIBLE, instance_id=OWN, node=node_23)
    return people | {
        "assessor": account("assessor", Assignment.Role.ASSESSOR, OWN),
        "assessor elsewhere": account("assessor-elsewhere", Assignment.Role.ASSESSOR, ELSEWHERE),
        "owner of 23": owner,
    }
