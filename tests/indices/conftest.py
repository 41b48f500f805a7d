"""Fixtures shared by the tests of the indices app: the data an import checks against, the admin in each
language, and English messages for tests that read them."""

import pytest
from django.utils import translation


@pytest.fixture
def ready(register, frameworks, no_results):
    """The register, frameworks and instances an import checks against, and no published figure yet."""


@pytest.fixture
def english():
    """Messages in English, for tests that compare them word for word."""
    with translation.override("en"):
        yield


@pytest.fixture
def admin_en(admin_client):
    """The admin as an English-speaking admin meets it."""
    admin_client.cookies["django_language"] = "en"
    return admin_client


@pytest.fixture
def admin_client_id(admin_client):
    """The admin as an Indonesian-speaking admin meets it."""
    admin_client.cookies["django_language"] = "id"
    return admin_client
