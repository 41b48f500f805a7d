"""The people of the workspace's tests: one account per role, around Kabupaten Kapuas (62.03)."""

import pytest

from indices.models import Assignment
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
