import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

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
