"""Fixtures the security tests borrow from the apps' own test packages."""

from tests.indices.conftest import admin_en, english, ready  # noqa: F401 - fixtures
from tests.workspace.conftest import people  # noqa: F401 - fixture
