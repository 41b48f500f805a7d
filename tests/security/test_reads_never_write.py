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
