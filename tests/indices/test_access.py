"""Who may write what: every role against every instance and every write path, zero writes outside scope.

The roles (`indices.access`): a national administrator (superuser) writes everything; an operator writes
their instance's targets, self-assessments, the note of its published scores, and sources only their
instance cites; a provincial coordinator reads its province's workspaces; a reviewer reads everything.
"""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from indices.access import Access
from indices.models import Assignment, Instance, Score, Source, Target
from indices.transfer.services import targets_import
from tests.conftest import account

OWN = "62.03"  # Kabupaten Kapuas, Kalimantan Tengah
NEIGHBOUR = "62.01"  # Kotawaringin Barat: the same province, another instance
PROVINCE = "62"
ELSEWHERE = "64.01"  # Paser, Kalimantan Timur
AGENCY = "kemenkeu"


@pytest.fixture
def people(published):
    return {
        "national": account("national", is_superuser=True),
        "operator": account("operator", Assignment.Role.OPERATOR, OWN),
        "coordinator": account("coordinator", Assignment.Role.COORDINATOR, PROVINCE),
        "reviewer": account("reviewer", Assignment.Role.REVIEWER),
        "no role": account("staff-without-role"),
    }


@pytest.fixture
def cited(published):
    return Source.objects.create(title="Perda RPJMD Kapuas 2025-2029", document="Perda 3/2025")


def signed_in(client, user):
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


# The decision, for every instance of the register and every agency


def test_every_role_against_every_instance_and_record(people):
    from regions.models import Region

    instances = list(Instance.objects.select_related("region"))
    # Every evaluated region of the register (552 less Kepulauan Seribu and Jakarta's five cities, which
    # are not autonomous) and every agency.
    assert len(instances) == Region.objects.filter(is_evaluated=True).count() + 141 == 546 + 141
    for name, user in people.items():
        access = Access(user)
        for instance in instances:
            own = name == "operator" and instance.code == OWN
            records = {
                "target": Target(instance=instance, year=2026, value=Decimal("3.00")),
                "self-assessment": Score(
                    instance=instance, year=2024, value=Decimal("3.00"), status="self_assessed"
                ),
                "published score": Score(instance=instance, year=2024, value=Decimal("3.00"), status="final"),
            }
            expected = {
                "target": name == "national" or own,
                "self-assessment": name == "national" or own,
                "published score": name == "national",
            }
            assert {kind: access.can_write(r) for kind, r in records.items()} == expected, (
                name,
                instance.code,
            )
            in_province = instance.code == PROVINCE or instance.code.startswith(PROVINCE + ".")
            reads = name in ("national", "reviewer") or own or (name == "coordinator" and in_province)
            assert access.can_read_workspace(instance) is reads, (name, instance.code)


def test_only_national_administrators_write_the_frameworks_register_and_national_index(people):
    from indices.models import Band, Framework, NationalIndex
    from regions.models import Region

    for name, user in people.items():
        access = Access(user)
        for model in (Framework, Band, NationalIndex, Instance, Region, Assignment):
            assert access.can_add(model) is (name == "national"), (name, model)


def test_an_inactive_or_anonymous_user_has_no_rights(people):
    from django.contrib.auth.models import AnonymousUser

    operator = people["operator"]
    operator.is_active = False
    assert not Access(operator).can_write(Target(instance_id=OWN, year=2026, value=Decimal("3")))
    assert not Access(AnonymousUser()).staff


# The admin: add, change, delete, bulk delete, inline


def target_form(instance, source, **changes):
    return (
        {"instance": instance, "year": "2027", "value": "3,25", "document": "rpjmd", "source": source.pk}
        | {
            "revisions-TOTAL_FORMS": 0,
            "revisions-INITIAL_FORMS": 0,
        }
        | changes
    )


def test_an_operator_adds_a_target_for_their_instance_and_for_no_other(client, rf, people, cited):
    url = reverse("admin:indices_target_add")
    # Every instance through the form the add view builds for the operator, which is where the admin refuses
    # one (a whole request for each of the 640 took 36 s) ...
    request = rf.post(url)
    request.user = people["operator"]
    target_admin = admin.site._registry[Target]
    fields = flatten_fieldsets(target_admin.get_fieldsets(request))
    form_class = target_admin.get_form(request, None, change=False, fields=fields)
    for code in Instance.objects.values_list("code", flat=True):
        assert form_class(target_form(code, cited)).is_valid() is (code == OWN), code
    # ... and the add view itself for their own instance, one beside it, their province, one elsewhere and an
    # agency: only their own is written.
    signed_in(client, people["operator"])
    before = Target.objects.count()
    for code in (OWN, NEIGHBOUR, PROVINCE, ELSEWHERE, AGENCY):
        response = client.post(url, target_form(code, cited))
        assert response.status_code == (302 if code == OWN else 200), code
    assert Target.objects.count() == before + 1
    assert Target.objects.get(year=2027).instance_id == OWN


@pytest.mark.parametrize("role", ["coordinator", "reviewer", "no role"])
def test_readers_write_nothing_through_the_admin(client, people, cited, role):
    signed_in(client, people[role])
    target = Target.objects.create(
        instance_id=OWN, year=2027, value=Decimal("3.00"), document="rpjmd", source=cited
    )
    assert client.post(reverse("admin:indices_target_add"), target_form(OWN, cited)).status_code == 403
    change = reverse("admin:indices_target_change", args=[target.pk])
    assert client.post(change, target_form(OWN, cited, value="4,00")).status_code == 403
    assert (
        client.post(reverse("admin:indices_target_delete", args=[target.pk]), {"post": "yes"}).status_code
        == 403
    )
    target.refresh_from_db()
    assert target.value == Decimal("3.00")


def test_readers_see_the_admin_but_a_role_less_account_sees_nothing(client, people):
    for role in ("coordinator", "reviewer"):
        signed_in(client, people[role])
        assert client.get(reverse("admin:indices_score_changelist")).status_code == 200
    signed_in(client, people["no role"])
    assert client.get(reverse("admin:indices_score_changelist")).status_code == 403


def test_an_operator_cannot_change_or_delete_another_instances_target(client, people, cited):
    signed_in(client, people["operator"])
    other = Target.objects.create(
        instance_id=NEIGHBOUR, year=2027, value=Decimal("3.00"), document="rpjmd", source=cited
    )
    change = reverse("admin:indices_target_change", args=[other.pk])
    assert client.get(change).status_code == 302  # not in their list: the admin says it does not exist
    assert client.post(change, target_form(NEIGHBOUR, cited, value="1,00")).status_code in (302, 403)
    assert client.post(
        reverse("admin:indices_target_delete", args=[other.pk]), {"post": "yes"}
    ).status_code in (
        302,
        403,
    )
    other.refresh_from_db()
    assert other.value == Decimal("3.00")


def test_an_operator_cannot_move_their_target_to_another_instance(client, people, cited):
    signed_in(client, people["operator"])
    own = Target.objects.create(
        instance_id=OWN, year=2027, value=Decimal("3.00"), document="rpjmd", source=cited
    )
    response = client.post(
        reverse("admin:indices_target_change", args=[own.pk]), target_form(ELSEWHERE, cited)
    )
    assert response.status_code == 200
    own.refresh_from_db()
    assert own.instance_id == OWN


def test_bulk_delete_refuses_a_selection_reaching_outside_the_operators_scope(client, people, cited):
    signed_in(client, people["operator"])
    own = Target.objects.create(
        instance_id=OWN, year=2027, value=Decimal("3.00"), document="rpjmd", source=cited
    )
    other = Target.objects.create(
        instance_id=ELSEWHERE, year=2027, value=Decimal("3.00"), document="rpjmd", source=cited
    )
    client.post(
        reverse("admin:indices_target_changelist"),
        {"action": "delete_selected", "_selected_action": [own.pk, other.pk], "post": "yes"},
    )
    assert Target.objects.filter(pk=other.pk).exists()


def test_an_operator_changes_only_the_note_of_their_published_score(client, people):
    signed_in(client, people["operator"])
    score = Score.objects.official().get(instance_id=OWN, year=2024)
    value = score.value
    page = client.get(reverse("admin:indices_score_change", args=[score.pk])).content.decode()
    assert 'name="note"' in page and 'name="value"' not in page
    data = {
        "note": "Dibahas dalam rapat tim SPBE",
        "value": "5,00",
        "status": "mandiri",
        "node_values-TOTAL_FORMS": 0,
        "node_values-INITIAL_FORMS": 0,
        "revisions-TOTAL_FORMS": 0,
        "revisions-INITIAL_FORMS": 0,
    }
    response = client.post(reverse("admin:indices_score_change", args=[score.pk]), data)
    assert response.status_code == 302
    score.refresh_from_db()
    assert (score.note, score.value, score.status) == ("Dibahas dalam rapat tim SPBE", value, "final")


def test_an_operators_published_score_keeps_its_domain_values(client, people):
    signed_in(client, people["operator"])
    score = Score.objects.official().get(instance_id=OWN, year=2024)
    values = list(score.node_values.values_list("node_id", "value"))
    node, _ = values[0]
    data = {
        "note": "",
        "node_values-TOTAL_FORMS": 1,
        "node_values-INITIAL_FORMS": 0,
        "node_values-0-node": node,
        "node_values-0-value": "0,50",
        "revisions-TOTAL_FORMS": 0,
        "revisions-INITIAL_FORMS": 0,
    }
    client.post(reverse("admin:indices_score_change", args=[score.pk]), data)
    assert list(score.node_values.values_list("node_id", "value")) == values


def test_an_operator_adds_a_self_assessment_but_not_a_published_score(client, people, cited):
    signed_in(client, people["operator"])
    url = reverse("admin:indices_score_add")
    form = {
        "instance": OWN,
        "year": "2025",
        "value": "3,10",
        "source": cited.pk,
        "node_values-TOTAL_FORMS": 0,
    }
    form |= {"node_values-INITIAL_FORMS": 0}
    refused = client.post(url, form | {"status": "final"})
    assert refused.status_code == 200
    assert "Only national administrators enter KemenPANRB" in refused.content.decode()
    assert client.post(url, form | {"status": "self_assessed"}).status_code == 302
    assert (
        Score.objects.filter(instance_id=OWN, year=2025).values_list("status", flat=True).get()
        == "self_assessed"
    )


def test_an_operator_changes_a_source_only_their_instance_cites(client, people, cited):
    signed_in(client, people["operator"])
    Source.objects.filter(pk=cited.pk).update(added_by=people["operator"])
    Target.objects.create(instance_id=OWN, year=2027, value=Decimal("3.00"), document="rpjmd", source=cited)
    form = {
        "title": "Perda RPJMD Kapuas 2025–2029 (perubahan)",
        "document": "Perda 3/2025",
        "kind": "official",
    }
    assert client.post(reverse("admin:indices_source_change", args=[cited.pk]), form).status_code == 302
    report = Score.objects.official().get(instance_id=OWN, year=2024).source
    assert client.post(reverse("admin:indices_source_change", args=[report.pk]), form).status_code == 403
    assert (
        client.post(reverse("admin:indices_source_delete", args=[report.pk]), {"post": "yes"}).status_code
        == 403
    )


def test_the_instance_page_and_its_inlines_are_the_national_administrators(client, people):
    signed_in(client, people["operator"])
    response = client.post(reverse("admin:indices_instance_change", args=[OWN]), {"name": "Kapuas Baru"})
    assert response.status_code == 403
    assert Instance.objects.get(code=OWN).name != "Kapuas Baru"


# The importer


def file_for_every_instance(year=2027) -> bytes:
    rows = [
        f'{code},{year},"3,20",rpjmd,Perda RPJMD,Perda 9/2025'
        for code in Instance.objects.values_list("code", flat=True)
    ]
    return ("kode,tahun,target,dokumen,sumber,dokumen_sumber\n" + "\n".join(rows) + "\n").encode()


def test_an_operators_import_with_rows_outside_their_instance_is_refused_line_by_line(people):
    before = Target.objects.count()
    result = targets_import(data=file_for_every_instance(), filename="semua.csv", by=people["operator"])
    assert not result.applied
    outside = [
        e for e in result.errors if "outside your assignment" in str(e) or "di luar penugasan" in str(e)
    ]
    assert len(outside) == Instance.objects.count() - 1
    assert all(error.line for error in outside)
    assert Target.objects.count() == before and not Source.objects.filter(title="Perda RPJMD").exists()


def test_an_operators_import_of_their_own_rows_is_written(people):
    data = (
        f'kode,tahun,target,dokumen,sumber,dokumen_sumber\n{OWN},2027,"3,20",rpjmd,Perda RPJMD,Perda 9/2025\n'
    )
    result = targets_import(data=data.encode(), filename="kapuas.csv", by=people["operator"])
    assert result.applied, result.errors
    assert Target.objects.get(instance_id=OWN, year=2027).value == Decimal("3.20")


def test_an_operator_cannot_import_published_scores_even_for_their_instance(people):
    from indices.transfer.services import scores_import

    data = f'kode,tahun,indeks,status,sumber\n{OWN},2024,"4,50",final,Laporan\n'.encode()
    result = scores_import(data=data, filename="skor.csv", update=True, by=people["operator"])
    assert not result.applied
    assert any(
        "Only national administrators" in str(e) or "administrator nasional" in str(e) for e in result.errors
    )


@pytest.mark.parametrize("role", ["coordinator", "reviewer", "no role"])
def test_readers_cannot_open_the_import(client, people, role):
    signed_in(client, people[role])
    assert client.get(reverse("admin:indices_target_import")).status_code == 403
    assert client.get(reverse("admin:indices_score_import")).status_code == 403


def test_the_admin_import_refuses_other_instances_rows_in_the_preview(client, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    signed_in(client, people["operator"])
    before = Target.objects.count()
    upload = SimpleUploadedFile("semua.csv", file_for_every_instance(), content_type="text/csv")
    response = client.post(reverse("admin:indices_target_import"), {"file": upload})
    page = response.content.decode()
    assert "Kota Samarinda is outside your assignment (Kabupaten Kapuas)" in page
    assert 'name="token"' not in page  # nothing to confirm
    assert Target.objects.count() == before


def test_the_command_line_import_can_run_as_an_account(people, tmp_path, capsys):
    from django.core.management.base import CommandError

    path = tmp_path / "semua.csv"
    path.write_bytes(file_for_every_instance())
    with pytest.raises(CommandError):
        call_command("import_targets", str(path), "--user", "operator")
    assert not Target.objects.filter(year=2027).exists()


# Accounts in bulk


def test_operators_are_created_in_bulk_from_a_csv(published, tmp_path):
    sheet = tmp_path / "operator.csv"
    sheet.write_text(
        "kode,email,peran\n62.03,diskominfo@kapuaskab.go.id,\n62,spbe@kalteng.go.id,koordinator\n"
    )
    passwords = tmp_path / "passwords.csv"
    call_command("create_operators", str(sheet), "--passwords", str(passwords))
    user = get_user_model().objects.get(username="diskominfo@kapuaskab.go.id")
    assert user.is_staff and not user.is_superuser
    assert Access(user).operated == {OWN}
    assert Access(get_user_model().objects.get(username="spbe@kalteng.go.id")).provinces == {PROVINCE}
    lines = passwords.read_text().splitlines()
    assert len(lines) == 2 and oct(passwords.stat().st_mode)[-3:] == "600"
    call_command("create_operators", str(sheet), "--passwords", str(passwords))  # again: nothing new
    assert Assignment.objects.count() == 2


def test_a_bulk_file_with_a_bad_line_creates_nobody(published, tmp_path):
    from django.core.management.base import CommandError

    sheet = tmp_path / "operator.csv"
    sheet.write_text(
        "kode,email,peran\n62.03,ok@kapuaskab.go.id,\n99.99,bukan-email,\n62.03,x@kapuaskab.go.id,koordinator\n"
    )
    with pytest.raises(CommandError):
        call_command("create_operators", str(sheet), "--passwords", str(tmp_path / "p.csv"))
    assert not get_user_model().objects.filter(username__endswith="kapuaskab.go.id").exists()


def test_who_operates_what_is_for_administrators_and_reviewers_only(client, people):
    url = reverse("admin:indices_assignment_changelist")
    for role, status in (("national", 200), ("reviewer", 200), ("operator", 403), ("coordinator", 403)):
        signed_in(client, people[role])
        assert client.get(url).status_code == status, role
