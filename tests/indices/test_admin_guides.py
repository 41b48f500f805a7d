"""An admin that guides (issue 21, item 5): the instance picker puts the instance meant first and names each
option so that two alike names cannot be confused, and a score's domain values offer and accept only the
nodes of the score's own framework."""

import re

import pytest
from django.urls import reverse

from indices.models import Framework, FrameworkNode, Instance
from tests.conftest import account

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_results")]

PICKER = "/admin/indices/instance/autocomplete/"
SITE = "/admin/autocomplete/"
FOR_SCORES = {"app_label": "indices", "model_name": "score", "field_name": "instance"}


def options(client, term: str, url=PICKER) -> list[dict]:
    response = client.get(url, FOR_SCORES | {"term": term})
    assert response.status_code == 200
    return response.json()["results"]


def test_the_picker_puts_kabupaten_kapuas_before_kapuas_hulu(admin_client_id, register):
    # The probe saved a score to Kapuas Hulu (61.06) this way: it came first, ordered by code.
    assert [option["id"] for option in options(admin_client_id, "Kapuas", SITE)] == ["62.03", "61.06"]
    # The instance picker's own view ranks the same way.
    assert [option["id"] for option in options(admin_client_id, "Kapuas")] == ["62.03", "61.06"]


def test_each_option_names_the_code_kind_and_province(admin_client_id, register):
    first = options(admin_client_id, "Kapuas")[0]
    assert first == {"id": "62.03", "text": "Kabupaten Kapuas — 62.03 · kabupaten · Kalimantan Tengah"}
    province = options(admin_client_id, "Kalimantan Tengah")[0]
    assert province == {"id": "62", "text": "Kalimantan Tengah — 62 · provinsi"}


def test_an_agencys_option_names_its_identifier_and_group(admin_client_id, register):
    assert options(admin_client_id, "Badan Intelijen Negara")[0]["text"] == (
        "Badan Intelijen Negara — bin · lembaga · Alat Negara"
    )


def test_an_exact_code_comes_first(admin_client_id, register):
    # "bin" is inside Kota Binjai, Kabupaten Bintan and Badan Pembinaan Ideologi Pancasila too.
    assert options(admin_client_id, "bin", SITE)[0]["id"] == "bin"
    assert options(admin_client_id, "62.03")[0]["id"] == "62.03"


def test_names_that_start_with_the_text_come_before_those_that_contain_it(admin_client_id, register):
    found = [option["id"] for option in options(admin_client_id, "Hulu", SITE)]
    # Kabupaten Hulu Sungai Selatan, Tengah, Utara; then Indragiri Hulu, Kapuas Hulu, Rokan Hulu by name.
    assert found == ["63.06", "63.07", "63.08", "14.02", "61.06", "14.06"]


def test_the_picker_offers_an_operator_only_their_instance(client, register):
    client.force_login(account("operator-kapuas", "operator", "62.03"))
    assert [option["id"] for option in options(client, "Kapuas", SITE)] == ["62.03"]


def test_the_score_form_names_its_chosen_instance_the_same_way(admin_client_id, register, make_score):
    score = make_score(Instance.objects.get(code="62.03"), 2024, "2.50")
    page = admin_client_id.get(reverse("admin:indices_score_change", args=[score.pk])).content.decode()
    assert "Kabupaten Kapuas — 62.03 · kabupaten · Kalimantan Tengah" in page
    assert f'data-ajax--url="{PICKER}"' in page


# The domain dropdown of a score's values


def node_options(page_html: str) -> list[str]:
    """The option labels of the first domain-value row's node select (the empty extra form's)."""
    select = re.search(r'<select name="node_values-__prefix__-node".*?</select>', page_html, re.S).group(0)
    return re.findall(r"<option value=\"\d+\"[^>]*>([^<]*)</option>", select)


def test_an_existing_scores_domain_choices_are_those_of_its_framework(admin_client_id, make_score):
    score = make_score(Instance.objects.get(code="62.03"), 2024, "2.50")
    page = admin_client_id.get(reverse("admin:indices_score_change", args=[score.pk])).content.decode()
    offered = node_options(page)
    expected = FrameworkNode.objects.filter(framework__slug="spbe-2020").exclude(level="indicator")
    assert len(offered) == expected.count() == 12
    assert "Domain 1 Kebijakan Internal SPBE" in offered


def test_a_new_scores_domain_choices_are_grouped_and_named_by_framework(admin_client_id, frameworks):
    page = admin_client_id.get(reverse("admin:indices_score_add")).content.decode()
    select = page[page.index('name="node_values-__prefix__-node"') :]
    select = select[: select.index("</select>")]
    for framework in Framework.objects.all():
        assert f'<optgroup label="{framework}">' in select
    assert all(" · " in label for label in node_options(page))
    assert "Domain 1 Kebijakan Internal SPBE · SPBE 2020 (2021–2025)" in node_options(page)


def test_a_value_of_another_frameworks_domain_is_refused_on_its_field(admin_en, make_score, source):
    score = make_score(Instance.objects.get(code="62.03"), 2024, "2.50")
    elsewhere = FrameworkNode.objects.get(framework__slug="spbe-2018", level="domain", number=1)
    data = {
        "instance": "62.03", "year": "2024", "value": "2,50", "status": "final", "source": source.pk, "note": "",
        "node_values-TOTAL_FORMS": 1, "node_values-INITIAL_FORMS": 0,
        "node_values-MIN_NUM_FORMS": 0, "node_values-MAX_NUM_FORMS": 1000,
        "node_values-0-node": elsewhere.pk, "node_values-0-value": "2,50",
    }  # fmt: skip
    response = admin_en.post(reverse("admin:indices_score_change", args=[score.pk]), data)
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.forms[0].errors
    assert errors["node"] == [
        "Domain 1 Kebijakan SPBE belongs to SPBE 2018; a score of 2024 is evaluated under SPBE 2020: choose one "
        "of its domains or aspects."
    ]
    assert not score.node_values.exists()
