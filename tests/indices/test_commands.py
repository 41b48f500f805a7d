import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from indices.management.commands import load_shipped_data
from indices.models import DataVersion

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_ensure_admin_creates_one_superuser_with_a_generated_password():
    output = run("ensure_admin")
    password = re.search(r"password: (\S+)", output).group(1)
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password(password)
    assert len(password) >= 16


def test_ensure_admin_never_prints_a_password_twice():
    run("ensure_admin")
    output = run("ensure_admin")
    assert "password" not in output
    assert get_user_model().objects.count() == 1


def test_two_fresh_installs_get_different_passwords(django_user_model):
    first = re.search(r"password: (\S+)", run("ensure_admin")).group(1)
    django_user_model.objects.all().delete()
    second = re.search(r"password: (\S+)", run("ensure_admin")).group(1)
    assert first != second


def test_setup_commands_are_idempotent():
    for _ in range(2):
        run("load_regions")
        run("load_frameworks")
        output = run("load_results")
    assert "Instances: 0 created" in output and "Published record: 0 created" in output


def test_shipped_data_is_loaded_again_only_when_it_changed(monkeypatch):
    first = run("load_shipped_data", "--if-changed")  # loaded by the test session, but not by this command
    assert "Loading the region register" in first and "Regions: 0 created" in first
    assert "nothing to load" in run("load_shipped_data", "--if-changed")
    monkeypatch.setattr(load_shipped_data, "shipped_version", lambda: 1)  # a data file changed
    assert "Loading the region register" in run("load_shipped_data", "--if-changed")


def test_shipped_data_is_loaded_into_an_empty_database_whatever_its_version_row_says(no_regions):
    DataVersion.objects.create(pk=load_shipped_data.SHIPPED, number=load_shipped_data.shipped_version())
    assert "Regions: 552 created" in run("load_shipped_data", "--if-changed")


def test_the_shipped_version_follows_the_data_files_and_their_loaders(monkeypatch):
    from regions.services import REGISTER

    version = load_shipped_data.shipped_version()
    assert load_shipped_data.shipped_version() == version
    assert {"loading.py", "services.py"} <= {path.name for path in load_shipped_data.loader_sources()}
    read = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda path: read(path) + (b"\n" if path == REGISTER else b""))
    assert load_shipped_data.shipped_version() != version
