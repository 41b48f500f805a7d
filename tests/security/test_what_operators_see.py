"""What an operator sees of others (issue 18, finding 13), what a public download holds (finding 15), and an
export that never cuts text silently (finding 14)."""

import io
from decimal import Decimal

import pytest
from auditlog.context import set_actor
from django.urls import reverse

from indices.models import Assignment, Score, Source, Target
from indices.reads.dataset import dataset_export
from indices.spreadsheets import csv_bytes, xlsx_bytes
from tests.conftest import account

OWN, OTHER = "62.03", "63.11"


@pytest.fixture
def people(published):
    return {
        "operator": account("operator@kapuas.go.id", Assignment.Role.OPERATOR, OWN),
        "other": account("operator@balangan.go.id", Assignment.Role.OPERATOR, OTHER),
        "national": account("national", is_superuser=True),
        "reviewer": account("reviewer", Assignment.Role.REVIEWER),
    }


def test_a_shared_records_history_shows_an_operator_only_their_own_changes(client, people):
    source = Source.objects.create(title="Perda RPJMD", document="Perda 3/2025", added_by=people["other"])
    with set_actor(people["other"]):
        source.note = "Catatan rahasia Balangan"
        source.save()
    client.force_login(people["operator"])
    client.cookies["django_language"] = "en"
    page = client.get(reverse("admin:indices_source_history", args=[source.pk])).content.decode()
    assert "operator@balangan.go.id" not in page and "Catatan rahasia Balangan" not in page
    assert "2 changes by other accounts are not shown" in page  # its creation and the change above
    client.force_login(people["reviewer"])
    page = client.get(reverse("admin:indices_source_history", args=[source.pk])).content.decode()
    assert "operator@balangan.go.id" in page and "Catatan rahasia Balangan" in page


def test_on_their_own_instances_records_others_changes_show_without_their_name(client, people):
    score = Score.objects.official().get(instance_id=OWN, year=2024)
    with set_actor(people["national"]):
        score.note = "Dikoreksi administrator"
        score.save()
    client.force_login(people["operator"])
    page = client.get(reverse("admin:indices_score_history", args=[score.pk])).content.decode()
    assert "Dikoreksi administrator" in page and ">national<" not in page
    assert "another account" in page or "akun lain" in page


@pytest.mark.parametrize("pk", ["999999", "other"])
def test_the_history_of_a_missing_or_out_of_scope_record_is_not_found(client, people, pk):
    if pk == "other":
        pk = Score.objects.official().get(instance_id=OTHER, year=2024).pk
    client.force_login(people["operator"])
    assert client.get(reverse("admin:indices_score_history", args=[pk])).status_code == 404
    assert client.get(reverse("admin:indices_target_history", args=[999999])).status_code == 404


def test_an_operator_cannot_change_or_delete_a_source_another_operator_added(client, people):
    source = Source.objects.create(title="RPJMD Balangan", document="Perda 1/2021", added_by=people["other"])
    client.force_login(people["operator"])
    form = {"title": "Diubah", "document": "Perda 1/2021", "kind": "official"}
    assert client.post(reverse("admin:indices_source_change", args=[source.pk]), form).status_code == 403
    delete = reverse("admin:indices_source_delete", args=[source.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    source.refresh_from_db()
    assert source.title == "RPJMD Balangan"


def test_a_source_an_operator_adds_is_theirs(client, people):
    client.force_login(people["operator"])
    response = client.post(
        reverse("admin:indices_source_add"),
        {"title": "RPJMD Kapuas", "document": "Perda 3", "kind": "official"},
    )
    assert response.status_code == 302
    assert Source.objects.get(title="RPJMD Kapuas").added_by == people["operator"]


@pytest.mark.parametrize("model", ["assessment", "evidence", "recommendation"])
def test_workspace_records_in_the_admin_are_closed_to_operators(client, people, model):
    client.force_login(people["operator"])
    assert client.get(reverse(f"admin:indices_{model}_changelist")).status_code == 403
    assert client.get(reverse(f"admin:indices_{model}_add")).status_code == 403
    client.force_login(people["reviewer"])
    assert client.get(reverse(f"admin:indices_{model}_changelist")).status_code == 200


def test_the_public_download_holds_published_figures_only(client, people):
    source = Source.objects.create(title="Penilaian mandiri", document="Nota 1")
    Score.objects.create(
        instance_id=OWN,
        year=2025,
        value=Decimal("1.23"),
        status="self_assessed",
        source=source,
        note="Draf rahasia",
    )
    Target.objects.create(instance_id=OWN, year=2026, value=Decimal("3.10"), document="rpjmd", source=source)
    public = client.get("/unduh/data.csv").content.decode()
    assert "Penilaian mandiri" in public  # the target's source: targets are published planning figures
    assert "Draf rahasia" not in public and ",mandiri," not in public
    assert "Draf rahasia" in dataset_export(file_format="csv", drafts=True).decode()  # the administrator's


def test_an_xlsx_cell_longer_than_a_spreadsheet_holds_is_refused_not_cut():
    with pytest.raises(ValueError, match="does not fit an XLSX cell"):
        xlsx_bytes(["catatan"], [["x" * 32_768]])
    assert len(csv_bytes(["catatan"], [["x" * 40_000]])) > 40_000
    assert xlsx_bytes(["catatan"], [["x" * 32_767]]).startswith(b"PK")
    assert io.BytesIO  # the XLSX above is a zip
