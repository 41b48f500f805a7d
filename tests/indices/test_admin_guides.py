"""An admin that guides (issue 21, item 5): the instance picker puts the instance meant first and names each
option so that two alike names cannot be confused, and a score's domain values offer and accept only the
nodes of the score's own framework."""

import pytest
from django.urls import reverse

from indices.models import Instance
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
