"""The audit trail: who changed what, when, from which value to which, for hand edits, imports and
deletions; and a form or an import preview opened before someone else's change is refused with the newer
value instead of silently putting back an older one."""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indices.models import ChangeSet, Score, Target
from indices.transfer.services import targets_import
from tests.conftest import audit_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_results")]

RPJMD = "Perda RPJMD Kabupaten Balangan 2021-2026"


@pytest.fixture
def target(balangan, source):
    return Target.objects.create(
        instance=balangan, year=2026, value=Decimal("3.00"), document="rpjmd", source=source
    )


def target_form(target, **changes):
    fields = {
        "instance": target.instance_id,
        "year": str(target.year),
        "value": "3,00",
        "document": target.document,
        "source": target.source_id,
        "source_detail": "",
        "note": "",
    }
    return fields | changes


def test_a_target_edited_by_hand_is_on_record_with_its_user(admin_client, target):
    url = reverse("admin:indices_target_change", args=[target.pk])
    assert (
        admin_client.post(url, target_form(target, value="3,25", note="RPJMD perubahan")).status_code == 302
    )
    entry = audit_of(target)[0]
    assert (entry.action, entry.actor.username) == (LogEntry.Action.UPDATE, "admin")
    assert entry.changes_dict == {"value": ["3.00", "3.25"], "note": ["", "RPJMD perubahan"]}


def test_a_deleted_score_keeps_its_history_and_its_deletion(admin_client, balangan, make_score):
    score = make_score(balangan, 2024, "3.34")
    pk = score.pk
    response = admin_client.post(reverse("admin:indices_score_delete", args=[pk]), {"post": "yes"})
    assert response.status_code == 302 and not Score.objects.filter(pk=pk).exists()
    actions = list(LogEntry.objects.filter(object_pk=str(pk), content_type__model="score").order_by("pk"))
    assert [(e.action, e.actor.username if e.actor else None) for e in actions] == [
        (LogEntry.Action.CREATE, None),
        (LogEntry.Action.DELETE, "admin"),
    ]
    assert actions[-1].changes_dict["value"] == ["3.34", "None"]


def test_an_import_is_one_change_set_with_its_file_user_and_an_admin_log_entry(balangan, source, admin_user):
    data = (
        f'kode,tahun,target,dokumen,sumber\n63.11,2026,"3,10",rpjmd,{RPJMD}\n62,2026,"3,20",rpjmd,{RPJMD}\n'
    )
    result = targets_import(data=data.encode(), filename="target-2026.csv", by=admin_user)
    assert result.applied
    change_set = ChangeSet.objects.get()
    assert (change_set.kind, change_set.filename, change_set.user, change_set.created) == (
        "import",
        "target-2026.csv",
        admin_user,
        2,
    )
    entries = LogEntry.objects.filter(cid=change_set.cid)
    assert sorted(e.content_type.model for e in entries) == ["source", "target", "target"]
    assert {e.actor for e in entries} == {admin_user}
    logged = AdminLogEntry.objects.get(user=admin_user)
    assert "target-2026.csv" in logged.get_change_message() and "2" in logged.get_change_message()


def test_the_change_sets_and_the_log_are_for_administrators_and_reviewers(client, admin_client, target):
    from indices.models import Assignment

    assert admin_client.get(reverse("admin:auditlog_logentry_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:indices_changeset_changelist")).status_code == 200
    User = get_user_model()
    operator = User.objects.create_user("op", password="a-long-test-passphrase", is_staff=True)
    Assignment.objects.create(user=operator, role="operator", instance_id="63.11")
    client.force_login(operator)
    assert client.get(reverse("admin:auditlog_logentry_changelist")).status_code == 403
    reviewer = User.objects.create_user("rev", password="a-long-test-passphrase", is_staff=True)
    Assignment.objects.create(user=reviewer, role="reviewer")
    client.force_login(reviewer)
    assert client.get(reverse("admin:auditlog_logentry_changelist")).status_code == 200


def test_the_record_history_page_shows_who_changed_what(admin_client, target):
    admin_client.post(
        reverse("admin:indices_target_change", args=[target.pk]), target_form(target, value="3,25")
    )
    page = admin_client.get(reverse("admin:indices_target_history", args=[target.pk])).content.decode()
    assert "admin" in page and "3.25" in page


# A stale form: the probe's 2,87 put back over 3,00 while only the note changed


def test_a_form_opened_before_someone_elses_change_is_refused_with_the_newer_value(
    admin_client, target, balangan
):
    url = reverse("admin:indices_target_change", args=[target.pk])
    opened = admin_client.get(url).context["record_version"]
    # Meanwhile another admin raises the target to 3,40.
    other = get_user_model().objects.create_superuser("kepala-bidang", password="a-long-test-passphrase")
    from django.test import Client

    second = Client()
    second.force_login(other)
    assert second.post(url, target_form(target, value="3,40", _version=opened)).status_code == 302
    # The first admin, on the page opened before, changes only the note and saves.
    response = admin_client.post(url, target_form(target, note="catatan baru", _version=opened))
    assert response.status_code == 200
    page = response.content.decode()
    assert "kepala-bidang" in page and "3,00 → 3,40" in page
    assert "catatan baru" in page  # what was typed is kept in the refused form
    target.refresh_from_db()
    assert (target.value, target.note) == (Decimal("3.40"), "")
    # Saving again from the refused form (which now carries the newer version) is deliberate and goes through.
    newer = response.context["record_version"]
    assert (
        admin_client.post(
            url, target_form(target, value="3,40", note="catatan baru", _version=newer)
        ).status_code
        == 302
    )
    target.refresh_from_db()
    assert target.note == "catatan baru"


def test_a_form_opened_on_a_record_with_no_history_yet_is_still_checked(admin_client, balangan, source):
    target = Target.objects.bulk_create(
        [Target(instance=balangan, year=2026, value=Decimal("3.00"), document="rpjmd", source=source)]
    )[0]  # no log entry yet, as after a bulk load
    url = reverse("admin:indices_target_change", args=[target.pk])
    opened = admin_client.get(url).context["record_version"]
    assert opened == 0
    Target.objects.get(pk=target.pk).save()  # any later save logs an entry... if anything changed
    obj = Target.objects.get(pk=target.pk)
    obj.value = Decimal("3.50")
    obj.save()
    response = admin_client.post(url, target_form(target, note="x", _version=opened))
    assert response.status_code == 200 and "3,00 → 3,50" in response.content.decode()


def test_an_import_confirmed_after_someone_changed_a_previewed_record_is_refused(
    admin_client, balangan, make_score
):
    score = make_score(balangan, 2024, "2.87")
    data = b"kode;tahun;indeks;sumber\r\n63.11;2024;2,95;Laporan\r\n"
    url = "/admin/indices/score/impor/"
    preview = admin_client.post(url, {"file": SimpleUploadedFile("hasil.csv", data)})
    token = preview.context["token"]
    score.value = Decimal("3.00")  # someone else, between the preview and the confirmation
    score.save()
    response = admin_client.post(url, {"token": token, "update": "1"})
    page = response.content.decode()
    assert "berubah setelah pratinjau" in page and "3,00" in page and "2,87" in page
    score.refresh_from_db()
    assert score.value == Decimal("3.00")


def test_the_log_lists_each_change_from_which_value_to_which_in_indonesian(admin_client, target):
    url = reverse("admin:indices_target_change", args=[target.pk])
    admin_client.post(url, target_form(target, value="3,25"))
    page = admin_client.get(reverse("admin:auditlog_logentry_changelist")).content.decode()
    assert "target: 3,00 → 3,25" in page
    assert "1 change" not in page and "changes:" not in page


def test_the_log_shows_identifiers_and_years_as_written_and_only_figures_with_a_decimal_comma(
    admin_client, balangan, source
):
    # The probe read "instansi: 62,07; tahun evaluasi: 2025,00": a code and a year shown as decimals.
    url = reverse("admin:indices_target_add")
    fields = target_form(Target(instance=balangan, year=2026, document="rpjmd", source=source))
    assert admin_client.post(url, fields | {"value": "3,25"}).status_code == 302
    page = admin_client.get(reverse("admin:auditlog_logentry_changelist")).content.decode()
    changes = " ".join(page.split())
    assert "instansi: 63.11" in changes and "63,11" not in changes
    assert "2026,00" not in changes
    assert ": 2026" in changes and "target: 3,25" in changes
