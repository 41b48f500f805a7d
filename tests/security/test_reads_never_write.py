"""Reading a page never writes: every workspace page of a year with no assessment yet, opened by each role
that may read it, changes no row (issue 18, finding 11: a coordinator's GET created an assessment and 42
audit entries). The admin's pages write only the signed-in session they slide on."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indices.models import Assignment
from indices.workspace.models import Assessment
from tests.conftest import account

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
PAGES = [
    "/ruang-kerja/",
    "/ruang-kerja/62.03/{year}/",
    "/ruang-kerja/62.03/{year}/aspek/1/",
    "/ruang-kerja/62.03/{year}/bukti/",
    "/ruang-kerja/62.03/{year}/indikator/1/bukti/",
    "/ruang-kerja/62.03/rekomendasi/",
    "/ruang-kerja/62.03/rekomendasi/baru/?tahun={year}",
    "/ruang-kerja/62.03/rekomendasi/baru/?tahun={year}&indikator=2",
    "/ruang-kerja/62.03/{year}/rapor/",
]
ADMIN_PAGES = ["/admin/", "/admin/indices/score/", "/admin/indices/target/", "/admin/indices/source/"]


def writes(queries) -> list[str]:
    return [q["sql"][:120] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]


@pytest.mark.parametrize("role", ["operator", "coordinator", "reviewer", "national"])
@pytest.mark.parametrize("year", [2025, 2026])
def test_no_workspace_page_writes_for_a_year_without_an_assessment(client, published, role, year):
    users = {
        "operator": lambda: account("operator", Assignment.Role.OPERATOR, "62.03"),
        "coordinator": lambda: account("coordinator", Assignment.Role.COORDINATOR, "62"),
        "reviewer": lambda: account("reviewer", Assignment.Role.REVIEWER),
        "national": lambda: account("national", is_superuser=True),
    }
    client.force_login(users[role]())
    with CaptureQueriesContext(connection) as queries:
        for page in PAGES:
            response = client.get(page.format(year=year))
            assert response.status_code in (200, 302, 403), (page, response.status_code)
    assert writes(queries.captured_queries) == []
    assert not Assessment.objects.filter(year__gte=2025).exists()


def test_the_admins_pages_write_only_the_session(client, published):
    client.force_login(account("operator", Assignment.Role.OPERATOR, "62.03"))
    with CaptureQueriesContext(connection) as queries:
        for page in ADMIN_PAGES:
            assert client.get(page).status_code == 200, page
    assert all("django_session" in sql for sql in writes(queries.captured_queries))


def row_counts() -> dict[str, int]:
    """How many rows each model's table holds, the audit trail and the admin's log among them."""
    from django.apps import apps

    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.fixture
def kapuas_2024(published):
    """Kabupaten Kapuas's 2024 workspace with one level, one piece of evidence and one recommendation."""
    from indices.models import Framework, FrameworkNode
    from indices.workspace.models import Evidence, IndicatorLevel, Recommendation

    framework = Framework.objects.for_year(2024)
    indicator = FrameworkNode.objects.get(framework=framework, level="indicator", number=1)
    assessment = Assessment.objects.create(instance_id="62.03", year=2024, framework=framework)
    level = IndicatorLevel.objects.create(assessment=assessment, node=indicator, self_level=2, final_level=2)
    evidence = Evidence.objects.create(
        level=level, title="SK Tim SPBE", link="https://example.org/sk", supports_level=2
    )
    recommendation = Recommendation.objects.create(assessment=assessment, node=indicator, text="Tetapkan SK.")
    return {"evidence": evidence.pk, "recommendation": recommendation.pk}


@pytest.mark.parametrize("year", range(2018, 2027))
def test_an_operator_reading_every_workspace_page_adds_or_changes_no_row_of_any_model(
    client, kapuas_2024, year
):
    # Issue 21: the probe opened a workspace page and found a new record and an audit entry.
    client.force_login(account("operator", Assignment.Role.OPERATOR, "62.03"))
    pages = [page.format(year=year) for page in PAGES] + [
        f"/ruang-kerja/62.03/{year}/aspek/2/",
        f"/ruang-kerja/62.03/{year}/indikator/2/bukti/",
        f"/ruang-kerja/62.03/{year}/rapor.pdf",
        f"/ruang-kerja/62.03/2024/bukti/{kapuas_2024['evidence']}/",
        f"/ruang-kerja/62.03/rekomendasi/{kapuas_2024['recommendation']}/",
        f"/ruang-kerja/62.03/rekomendasi/?tahun={year}",
        "/ruang-kerja/62.03/rekomendasi/?_export=csv",
        f"/ruang-kerja/62.03/{year}/?i1=3&i2=4",
        "/ruang-kerja/?q=Kapuas",
    ]
    before = row_counts()
    with CaptureQueriesContext(connection) as queries:
        for page in pages:
            for read in (client.get, client.head):
                response = read(page)
                assert response.status_code in (200, 302, 404), (page, response.status_code)
    assert row_counts() == before
    assert [sql for sql in writes(queries.captured_queries) if "django_session" not in sql] == []
