"""The admin's upload -> preview -> confirm flow, on top of the same import service as the command."""

import html
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from indices.models import ChangeSet, PendingImport, Score, Target
from tests.conftest import audit_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_results")]

DECREE = "Keputusan Menteri PANRB tentang Hasil Evaluasi SPBE 2024"
IMPORT_URL = "/admin/indices/score/impor/"


def upload(client, content: bytes, name="hasil.csv", url=IMPORT_URL):
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def confirm(client, response, url=IMPORT_URL):
    return client.post(
        url,
        {
            "token": response.context["token"],
            "update": "1" if response.context["result"].plan.updates else "0",
        },
    )


GOOD = f"kode;tahun;indeks;sumber\r\n63.11;2024;3,34;{DECREE}\r\n62;2024;2,87;{DECREE}\r\n".encode()


def test_the_import_page_is_at_its_url_and_linked_from_the_score_list(admin_en, ready):
    assert reverse("admin:indices_score_import") == IMPORT_URL
    assert admin_en.get(IMPORT_URL).status_code == 200
    assert IMPORT_URL in admin_en.get(reverse("admin:indices_score_changelist")).content.decode()


def test_upload_shows_a_preview_and_writes_nothing_until_confirmed(admin_en, ready, database_state):
    before = database_state()
    response = upload(admin_en, GOOD)
    page = response.content.decode()
    assert 'id="count-create">2<' in page and "Kabupaten Balangan" in page and "Confirm the import" in page
    assert database_state() == before
    response = confirm(admin_en, response)
    assert response.status_code == 302
    assert sorted(Score.objects.values_list("instance_id", "value")) == [
        ("62", Decimal("2.87")),
        ("63.11", Decimal("3.34")),
    ]


def test_a_file_with_errors_lists_them_and_offers_no_confirmation(admin_en, ready, database_state):
    before = database_state()
    content = f"kode;tahun;indeks;sumber\r\n99.99;2024;3,34;{DECREE}\r\n62;2017;7;{DECREE}\r\n".encode()
    page = html.unescape(upload(admin_en, content).content.decode())
    assert "Unknown code 99.99: neither a region's Kemendagri code nor an agency's identifier." in page
    assert "The year must be between 2018 (the first SPBE evaluation) and 2045." in page
    assert "Score must be between 1.00 and 5.00." in page
    assert 'id="import-confirm"' not in page
    assert database_state() == before


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "kosong.csv", "The submitted file is empty."),
        (b"kode,tahun,indeks\r\n", "header.csv", "The file has a header row but no data rows."),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "sk.pdf", "This is not a CSV or XLSX spreadsheet."),
        (
            b"kode,tahun,indeks\n" + b"x" * (50 * 1024 * 1024),
            "besar.csv",
            "The file is 50.0 MB; the limit is 5 MB.",
        ),
    ],
)
def test_a_hostile_upload_gets_a_clear_message_and_no_server_error(
    admin_en, ready, database_state, content, name, message
):
    before = database_state()
    response = upload(admin_en, content, name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert database_state() == before


def test_confirmation_rechecks_the_stored_file_not_the_browser(admin_en, ready, balangan, source):
    response = upload(admin_en, GOOD)
    # Between preview and confirmation someone enters a different 2024 score for Balangan.
    Score.objects.create(instance=balangan, year=2024, value=Decimal("3.00"), source=source)
    page = confirm(admin_en, response).content.decode()
    assert "already has a score of 3.00 for 2024" in page
    assert Score.objects.count() == 1


def test_an_unknown_or_foreign_token_is_refused(admin_en, ready):
    response = admin_en.post(IMPORT_URL, {"token": "../../etc/passwd"}, follow=True)
    assert "This upload has expired; upload the file again." in response.content.decode()
    assert not Score.objects.exists()


def test_a_changed_value_is_previewed_as_an_update_and_kept_on_record_when_confirmed(
    admin_en, ready, balangan, make_score
):
    make_score(balangan, 2024, "3.00")
    response = upload(admin_en, GOOD)
    page = response.content.decode()
    assert 'id="count-update">1<' in page and "Import and replace 1 existing value" in page
    confirm(admin_en, response)
    assert Score.objects.get(instance=balangan).value == Decimal("3.34")
    score = Score.objects.get(instance=balangan)
    latest = audit_of(score)[0]
    assert (latest.changes_dict["value"], latest.actor.username) == (["3.00", "3.34"], "admin")
    change_set = ChangeSet.objects.get(kind="import")
    assert (change_set.user.username, change_set.updated, latest.cid) == ("admin", 1, change_set.cid)
    history_page = admin_en.get(reverse("admin:indices_score_history", args=[score.pk])).content.decode()
    assert "3.00" in history_page and "3.34" in history_page


def test_targets_have_their_own_import_page(admin_en, ready):
    url = reverse("admin:indices_target_import")
    assert url == "/admin/indices/target/impor/"
    response = upload(admin_en, f'kode,tahun,target,sumber\n62,2026,"3,60",{DECREE}\n'.encode(), url=url)
    confirm(admin_en, response, url=url)
    assert Target.objects.get().value == Decimal("3.60")


def test_staff_without_permission_cannot_import(client, django_user_model, ready):
    user = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(IMPORT_URL).status_code == 403


def test_the_waiting_upload_lives_in_the_database_for_its_own_user_only(
    admin_en, ready, django_user_model, client
):
    response = upload(admin_en, GOOD)
    pending = PendingImport.objects.get()
    assert (pending.filename, bytes(pending.data)) == ("hasil.csv", GOOD)
    other = django_user_model.objects.create_superuser("kedua", "kedua@example.invalid", "password")
    client.force_login(other)
    refused = client.post(IMPORT_URL, {"token": response.context["token"], "update": "0"}, follow=True)
    assert "Unggahan ini sudah kedaluwarsa; unggah berkasnya lagi." in refused.content.decode()
    assert not Score.objects.exists()
    assert confirm(admin_en, response).status_code == 302
    assert not PendingImport.objects.exists()


def test_an_upload_waiting_longer_than_a_day_has_expired(admin_en, ready):
    response = upload(admin_en, GOOD)
    PendingImport.objects.update(created_at=timezone.now() - timedelta(hours=25))
    refused = confirm(admin_en, response)
    assert refused.status_code == 302 and not Score.objects.exists()
