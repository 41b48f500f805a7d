"""Fixtures the security tests borrow from the apps' own suites: the published record with an English-speaking
admin, and the workspace's people (an operator, a coordinator, a reviewer)."""

from tests.indices.conftest import admin_en, english, ready  # noqa: F401 - fixtures
from tests.workspace.conftest import people  # noqa: F401 - fixture
