import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_the_suite_runs_on_the_database_named_by_database_url():
    url = os.getenv("DATABASE_URL", "sqlite://")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected


def test_a_fresh_checkout_defaults_to_sqlite_in_the_project_folder(settings):
    if os.getenv("DATABASE_URL"):
        pytest.skip("DATABASE_URL chooses another database for this run")
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
