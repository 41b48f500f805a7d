import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection


@pytest.mark.django_db
def test_the_suite_runs_on_the_database_named_by_database_url():
    url = os.getenv("DATABASE_URL", "sqlite://")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected


PRODUCTION = {
    "DEBUG": "False",
    "ALLOWED_HOSTS": "spbe.example.go.id",
    "HTTPS": "True",
    "DATABASE_URL": "sqlite:////tmp/unused.sqlite3",
}


def manage(*args, **env):
    """Run manage.py in a fresh process with only the given environment (settings are read at start)."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=Path(__file__).resolve().parents[1],
        env={"PATH": os.environ.get("PATH", ""), **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_the_deployment_checks():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=secrets.token_urlsafe(50), **PRODUCTION
    )
    assert result.returncode == 0, result.stderr


def test_a_portal_serving_other_hosts_refuses_to_start_without_a_secret_key():
    result = manage("check", **PRODUCTION)
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr
    assert "spbe.example.go.id" in result.stderr


def test_the_deployment_checks_fail_on_the_public_development_key():
    # Serving only this machine starts with the development key, but `check --deploy` refuses it.
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", **(PRODUCTION | {"ALLOWED_HOSTS": "localhost"})
    )
    assert result.returncode != 0
    assert "spbe.E001" in result.stderr


def test_a_blank_secret_key_counts_as_unset():
    result = manage("check", SECRET_KEY="   ", **PRODUCTION)
    assert "SECRET_KEY is not set" in result.stderr
