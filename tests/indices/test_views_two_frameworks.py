"""An instance evaluated under SPBE and then under Pemerintah Digital: its public page and its report card
show both frameworks' results and compute no change across them (2024 → 2026), and no workspace record
reaches a public page."""

from decimal import Decimal

import pytest

from indices.models import Score, Source
from indices.reads import stats
from indices.workspace.models import IndicatorLevel
from tests.conftest import account
from tests.workspace.test_pemdi_items import attach, review, workspace

pytestmark = pytest.mark.django_db

PAGE = "/wilayah/11.04/"  # Kabupaten Aceh Tengah: 2,48 in 2024 (SPBE 2020)


@pytest.fixture
def result_2026(published):
    """Aceh Tengah's 2026 index as the assessor gave it (1,24), recorded as a final result for the test."""
    source = Source.objects.create(title="Hasil Evaluasi Pemerintah Digital 2026 (uji)", document="uji")
    return Score.objects.create(
        instance_id="11.04", year=2026, value=Decimal("1.24"), status="final", source=source
    )


def test_the_page_shows_the_2026_result_and_no_change_from_2024(client, result_2026):
    context = client.get(PAGE).context
    assert (context["latest"]["year"], context["latest"]["value"], context["latest"]["predicate"]) == (
        2026,
        Decimal("1.24"),
        "Kurang",
    )
    assert (context["change"], context["previous"], context["change_since_first"]) == (None, None, None)
    client.cookies["django_language"] = "en"
    page = client.get(PAGE).content.decode()
    assert "no earlier score under the same framework to compare with" in page
    assert "−1.24" not in page and "−1.2" not in page  # 1,24 − 2,48 is never shown


def test_the_series_keeps_both_frameworks_and_changes_only_within_each(client, result_2026):
    own = list(Score.objects.filter(instance_id="11.04").official().points())
    years = [p["year"] for p in own]
    assert {2024, 2026} <= set(years)
    assert stats.change(own, 2026) is None and stats.previous_in_framework(own, 2026) is None
    assert stats.change(own, 2024) == Decimal("2.48") - Decimal("1.88")


def test_the_report_card_of_2026_shows_no_change_across_frameworks(client, result_2026):
    client.force_login(account("national", is_superuser=True))
    client.cookies["django_language"] = "en"
    response = client.get("/ruang-kerja/11.04/2026/rapor/")
    head = response.context["headline"]
    assert (head["official"], head["value"], head["change"], head["previous"]) == (
        True,
        Decimal("1.24"),
        None,
        None,
    )
    assert "no earlier score under the same framework" in response.content.decode()


def test_no_workspace_record_of_2026_reaches_the_public_page(client, result_2026, evidence_root):
    assessment = workspace()
    attach(assessment, "I12-L1-01", title="SK rahasia tim penanganan insiden")
    review(assessment, "I12-L1-01", "revisi", "Catatan asesor yang privat.")
    IndicatorLevel.objects.filter(assessment=assessment).update(self_level=Decimal("4.37"))
    public = (
        PAGE,
        "/api/v1/instances/11.04/",
        "/api/v1/scores/?year=2026",
        "/api/v1/rankings/?year=2026",
        "/unduh/data.csv",
    )
    for path in public:
        response = client.get(path)
        assert response.status_code == 200, path
        text = response.content.decode()
        assert "SK rahasia" not in text and "Catatan asesor" not in text and "I12-L1-01" not in text, path
        # The operator's value: in the download, other instances' published figures may read 4.37.
        lines = [line for line in text.splitlines() if "11.04" in line] if path.endswith(".csv") else [text]
        assert not any("4.37" in line or "4,37" in line for line in lines), path
