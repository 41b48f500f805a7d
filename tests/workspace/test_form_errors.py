"""A failed submit in the workspace (issue 24): a summary of what went wrong above the form, first on the
page, each line a link to its field; and every `aria-describedby` of a form points at help that is there."""

import re

import pytest

from tests.workspace.test_evidence import OWN, YEAR, form, in_english
from tests.workspace.test_levels import aspect_post, spbe_2020
from tests.workspace.test_recommendations import node, signed_in

pytestmark = pytest.mark.usefixtures("published")


def summary_of(page: str) -> str:
    found = re.search(r'<div class="error-summary".*?</div>', page, re.S)
    assert found, "the page has no error summary"
    return found.group(0)


def described_but_missing(page: str) -> list[str]:
    ids = set(re.findall(r'\sid="([^"]+)"', page))
    wanted = {i for value in re.findall(r'aria-describedby="([^"]+)"', page) for i in value.split()}
    return sorted(wanted - ids)


def test_a_refused_aspect_leads_with_a_summary_naming_the_indicator_and_linking_its_field(client, people):
    signed_in(client, people["operator"])
    response = client.post(
        "/ruang-kerja/62.03/2024/aspek/2/", aspect_post(spbe_2020(), 2, **{"i12-self_level": "6"})
    )
    assert response.status_code == 400
    page = response.text
    summary = summary_of(page)
    assert 'tabindex="-1"' in summary and "data-error-summary" in summary and "autofocus" in summary
    assert "Nothing was saved: 1 problem to fix" in summary
    assert '<a href="#id_i12-self_level">Indicator 12 · Self-assessed level: A level runs from' in summary
    # First in the form, before the first indicator's card.
    assert page.index('class="error-summary"') < page.index('class="indicator-card"')


def test_refused_evidence_leads_with_its_summary(client, people, evidence_root):
    in_english(client, people["operator"])
    response = client.post(f"/ruang-kerja/{OWN}/{YEAR}/indikator/4/bukti/", form(title=""))
    assert response.status_code == 400
    summary = summary_of(response.text)
    assert re.search(r'<a href="#id_title">[^<]+: This field is required.</a>', summary)
    assert response.text.count("data-error-summary") == 1


def test_a_refused_recommendation_leads_with_a_summary_of_both_reasons(client, people):
    signed_in(client, people["operator"])
    response = client.post("/ruang-kerja/62.03/rekomendasi/baru/?tahun=2024", {"text": "", "status": "belum"})
    summary = summary_of(response.text)
    assert "Nothing was saved: 2 problems to fix" in summary
    assert "Write the recommendation as the evaluators gave it." in summary
    assert "Choose the indicator or aspect the recommendation is on." in summary


def test_a_page_opened_without_a_submit_has_no_summary(client, people):
    signed_in(client, people["operator"])
    for path in ("/ruang-kerja/62.03/2024/aspek/2/", "/ruang-kerja/62.03/rekomendasi/baru/?tahun=2024"):
        assert "error-summary" not in client.get(path).text


@pytest.mark.parametrize("refused", [False, True])
def test_every_described_field_of_the_aspect_form_points_at_rendered_help(client, people, refused):
    signed_in(client, people["operator"])
    if refused:
        page = client.post(
            "/ruang-kerja/62.03/2024/aspek/5/", aspect_post(spbe_2020(), 5, **{"i23-self_level": "9"})
        ).text
    else:
        page = client.get("/ruang-kerja/62.03/2024/aspek/5/").text
    assert "aria-describedby" in page
    assert described_but_missing(page) == []


def test_every_described_field_of_the_evidence_and_recommendation_forms_points_at_rendered_help(
    client, people, evidence_root
):
    signed_in(client, people["operator"])
    node(2024, 23)  # the framework of 2024 is there
    for path in (
        f"/ruang-kerja/{OWN}/{YEAR}/indikator/4/bukti/",
        "/ruang-kerja/62.03/rekomendasi/baru/?tahun=2024",
    ):
        assert described_but_missing(client.get(path).text) == [], path
