from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indices.models import Band, Framework, FrameworkNode, Instance, Score
from tests.conftest import audit_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_results")]


NO_DOMAINS = {"node_values-TOTAL_FORMS": 0, "node_values-INITIAL_FORMS": 0}


def add_score(client, **data):
    return client.post(reverse("admin:indices_score_add"), {"status": "final", **NO_DOMAINS, **data})


def test_admin_adds_a_score_typed_with_a_decimal_comma(admin_client_id, balangan, frameworks, source):
    response = add_score(admin_client_id, instance="63.11", year="2024", value="3,34", source=source.pk)
    assert response.status_code == 302
    score = Score.objects.get()
    assert (score.value, score.framework.slug, score.predicate) == (Decimal("3.34"), "spbe-2020", "Baik")


def test_admin_refuses_a_score_above_5_and_says_why(admin_client_id, balangan, frameworks, source):
    response = add_score(admin_client_id, instance="63.11", year="2024", value="5,01", source=source.pk)
    assert response.status_code == 200
    assert "Skor harus antara 1,00 dan 5,00." in response.content.decode()
    assert not Score.objects.exists()


def test_admin_refuses_a_second_final_score_and_names_the_region(
    admin_client_id, balangan, make_score, source
):
    make_score(balangan, 2024, "3.34")
    response = add_score(admin_client_id, instance="63.11", year="2024", value="3,40", source=source.pk)
    assert "Kabupaten Balangan sudah memiliki skor final untuk tahun 2024." in response.content.decode()
    assert Score.objects.count() == 1


@pytest.mark.parametrize("year", ["2017", "2100", "20255", "32768", "99999"])
def test_admin_refuses_a_year_out_of_range(admin_client_id, balangan, frameworks, source, year):
    response = add_score(admin_client_id, instance="63.11", year=year, value="2,00", source=source.pk)
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "Tahun harus antara 2018 (evaluasi SPBE pertama) dan 2045." in page
        or "kurang dari atau sama dengan" in page
    )
    assert f'value="{year}"' in page  # what was typed stays in the form
    assert not Score.objects.exists()


def test_score_list_shows_the_predicate_badge_and_decimal_comma(admin_client_id, balangan, make_score):
    make_score(balangan, 2024, "3.34")
    page = admin_client_id.get(reverse("admin:indices_score_changelist")).content.decode()
    assert "3,34" in page
    assert 'class="predicate-badge predicate-fee08b">Baik</span>' in page


def test_score_list_filters_by_predicate_and_province(admin_client_id, kalteng, balangan, make_score):
    make_score(balangan, 2024, "3.34")
    make_score(kalteng, 2024, "2.87")
    make_score(kalteng, 2022, "1.90")
    url = reverse("admin:indices_score_changelist")
    baik = admin_client_id.get(url, {"predicate": "Baik"}).context["cl"].queryset
    assert sorted(baik.values_list("instance_id", "year")) == [("62", 2024), ("63.11", 2024)]
    in_kalsel = admin_client_id.get(url, {"province": "63"}).context["cl"].queryset
    assert list(in_kalsel.values_list("instance_id", flat=True)) == ["63.11"]


def test_score_list_queries_do_not_grow_with_the_rows(
    admin_client_id, register, make_score, django_assert_num_queries
):
    url = reverse("admin:indices_score_changelist")
    regions = list(Instance.objects.filter(kind="kabupaten")[:40])
    for region in regions[:4]:
        make_score(region, 2024, "2.50")
    with CaptureQueriesContext(connection) as few:
        admin_client_id.get(url)
    for region in regions[4:]:
        make_score(region, 2024, "3.10")
        make_score(region, 2023, "2.10")
    with django_assert_num_queries(len(few.captured_queries)):
        admin_client_id.get(url)


def test_instance_autocomplete_finds_balangan_and_an_agency_by_an_earlier_name(admin_client_id, balangan):
    url = reverse("admin:autocomplete")
    query = {"app_label": "indices", "model_name": "score", "field_name": "instance"}
    response = admin_client_id.get(url, query | {"term": "balangan"})
    assert [item["id"] for item in response.json()["results"]] == ["63.11"]
    response = admin_client_id.get(url, query | {"term": "Bidang Kemaritiman"})
    assert [item["id"] for item in response.json()["results"]] == ["kemenko-marves"]


def test_region_admin_lists_and_searches_by_code(admin_client_id, register):
    response = admin_client_id.get(reverse("admin:regions_region_changelist"), {"q": "63.11"})
    assert [r.code for r in response.context["cl"].result_list] == ["63.11"]


def test_instance_change_page_shows_names_scores_and_targets_inline(admin_client_id, balangan, make_score):
    make_score(balangan, 2024, "3.34")
    page = admin_client_id.get(reverse("admin:indices_instance_change", args=["63.11"])).content.decode()
    assert "3,34" in page
    assert "Target" in page


def band_form(framework, bands):
    data = {
        "slug": framework.slug,
        "name": framework.name,
        "legal_basis": framework.legal_basis,
        "first_year": framework.first_year,
        "last_year": framework.last_year or "",
        "note": "",
        "scale_min": "1,00",
        "scale_max": "5,00",
        "nodes-TOTAL_FORMS": 0,
        "nodes-INITIAL_FORMS": 0,
        "nodes-MIN_NUM_FORMS": 0,
        "nodes-MAX_NUM_FORMS": 1000,
        "bands-TOTAL_FORMS": len(bands),
        "bands-INITIAL_FORMS": len(bands),
        "bands-MIN_NUM_FORMS": 0,
        "bands-MAX_NUM_FORMS": 1000,
    }
    for i, band in enumerate(bands):
        data |= {
            f"bands-{i}-id": band.pk,
            f"bands-{i}-framework": framework.pk,
            f"bands-{i}-predicate": band.predicate,
            f"bands-{i}-lower": band.lower,
            f"bands-{i}-upper": band.upper,
            f"bands-{i}-colour": band.colour,
            f"bands-{i}-order": band.order,
        }
    return data


def test_admin_refuses_bands_with_a_gap_and_keeps_the_old_bands(admin_client_id, frameworks):
    framework = Framework.objects.get(slug="spbe-2020")
    bands = list(framework.bands.all())
    data = band_form(framework, bands)
    data["bands-1-lower"] = "1,90"  # Cukup now starts at 1.90: 1.80-1.90 has no predicate
    response = admin_client_id.post(reverse("admin:indices_framework_change", args=[framework.pk]), data)
    assert "Rentang predikat menyisakan celah dari 1,80 sampai 1,90." in response.content.decode()
    assert Band.objects.get(framework=framework, predicate="Cukup").lower == Decimal("1.80")


def test_admin_saves_unchanged_bands(admin_client_id, frameworks):
    framework = Framework.objects.get(slug="spbe-2020")
    data = band_form(framework, list(framework.bands.all()))
    response = admin_client_id.post(reverse("admin:indices_framework_change", args=[framework.pk]), data)
    assert response.status_code == 302


DOMAINS_INLINE = {
    "node_values-TOTAL_FORMS": 0, "node_values-INITIAL_FORMS": 0, "node_values-MIN_NUM_FORMS": 0,
    "node_values-MAX_NUM_FORMS": 1000,
}  # fmt: skip


def score_form(source, **changes) -> dict:
    """The score change form as an admin submits it for Balangan 2024."""
    fields = {
        "instance": "63.11",
        "year": "2024",
        "value": "3,34",
        "status": "final",
        "source": source.pk,
        "note": "",
    }
    return fields | changes


def test_a_hand_edit_keeps_the_old_value_on_record(admin_client_id, balangan, make_score, source):
    score = make_score(balangan, 2024, "3.34")
    url = reverse("admin:indices_score_change", args=[score.pk])
    data = score_form(source, value="3,40")
    data |= DOMAINS_INLINE
    assert admin_client_id.post(url, data).status_code == 302
    score.refresh_from_db()
    latest = audit_of(score)[0]
    assert score.value == Decimal("3.40")
    assert (latest.action, latest.actor.username, latest.changes_dict) == (
        LogEntry.Action.UPDATE,
        "admin",
        {"value": ["3.34", "3.40"]},
    )


def test_saving_without_changes_records_nothing(admin_client_id, balangan, make_score, source):
    score = make_score(balangan, 2024, "3.34")
    url = reverse("admin:indices_score_change", args=[score.pk])
    data = score_form(source, value="3,34")
    data |= DOMAINS_INLINE
    admin_client_id.post(url, data)
    assert [entry.action for entry in audit_of(score)] == [LogEntry.Action.CREATE]


def test_an_inline_edit_on_the_instance_keeps_the_old_value(admin_client_id, balangan, make_score, source):
    score = make_score(balangan, 2024, "3.34")
    url = reverse("admin:indices_instance_change", args=["63.11"])
    data = {
        "name": "Kabupaten Balangan", "kind": "kabupaten", "region": "63.11", "group": "",
        "names-TOTAL_FORMS": 0, "names-INITIAL_FORMS": 0, "names-MIN_NUM_FORMS": 0, "names-MAX_NUM_FORMS": 1000,
        "aliases-TOTAL_FORMS": 0, "aliases-INITIAL_FORMS": 0, "aliases-MIN_NUM_FORMS": 0,
        "aliases-MAX_NUM_FORMS": 1000,
        "scores-TOTAL_FORMS": 1, "scores-INITIAL_FORMS": 1, "scores-MIN_NUM_FORMS": 0, "scores-MAX_NUM_FORMS": 1000,
        "scores-0-id": score.pk, "scores-0-instance": "63.11", "scores-0-year": 2024, "scores-0-value": "3,50",
        "scores-0-status": "final", "scores-0-source": source.pk, "scores-0-source_detail": "", "scores-0-note": "",
        "targets-TOTAL_FORMS": 0, "targets-INITIAL_FORMS": 0, "targets-MIN_NUM_FORMS": 0, "targets-MAX_NUM_FORMS": 1000,
    }  # fmt: skip
    response = admin_client_id.post(url, data)
    assert response.status_code == 302
    latest = audit_of(score)[0]
    assert (latest.changes_dict["value"], latest.actor.username) == (["3.34", "3.50"], "admin")


def domain_forms(values: dict, score=None) -> dict:
    """The score form's domain inline with `values` (domain number -> text typed)."""
    nodes = dict(
        FrameworkNode.objects.filter(framework__slug="spbe-2020", level="domain").values_list("number", "pk")
    )
    data = {"node_values-TOTAL_FORMS": len(values), "node_values-INITIAL_FORMS": 0,
            "node_values-MIN_NUM_FORMS": 0, "node_values-MAX_NUM_FORMS": 1000}  # fmt: skip
    for i, (number, value) in enumerate(values.items()):
        data |= {f"node_values-{i}-node": nodes[number], f"node_values-{i}-value": value}
    return data


def test_admin_enters_domain_values_that_give_the_index(admin_client_id, balangan, source):
    data = {"instance": "63.11", "year": "2024", "value": "3,34", "status": "final", "source": source.pk}
    data |= domain_forms({1: "4,00", 2: "2,80", 3: "1,64", 4: "4,07"})
    assert admin_client_id.post(reverse("admin:indices_score_add"), data).status_code == 302
    assert Score.objects.get().node_values.count() == 4


def test_admin_refuses_domain_values_that_do_not_give_the_index(admin_client_id, balangan, source):
    data = {"instance": "63.11", "year": "2024", "value": "3,34", "status": "final", "source": source.pk}
    data |= domain_forms({1: "4,00", 2: "2,80", 3: "1,64", 4: "3,07"})  # 2,88745, rounded half up
    response = admin_client_id.post(reverse("admin:indices_score_add"), data)
    assert "Nilai-nilai ini menghasilkan indeks 2,89, bukan 3,34." in response.content.decode()
    assert not Score.objects.exists()


def test_a_hand_edit_of_a_domain_value_keeps_the_old_values_on_record(
    admin_client_id, balangan, make_score, source
):
    score = make_score(balangan, 2024, "3.34")
    url = reverse("admin:indices_score_change", args=[score.pk])
    data = score_form(source, value="3,34")
    data |= DOMAINS_INLINE | domain_forms({1: "4,00", 2: "2,80", 3: "1,64", 4: "4,07"})
    assert admin_client_id.post(url, data).status_code == 302
    assert score.node_values.count() == 4
    added = [entry for value in score.node_values.all() for entry in audit_of(value)]
    assert sorted(entry.changes_dict["value"][1] for entry in added) == ["1.64", "2.80", "4.00", "4.07"]
    assert {(entry.action, entry.actor.username) for entry in added} == {(LogEntry.Action.CREATE, "admin")}


def test_admin_refuses_a_framework_tree_whose_weights_stop_adding_up(admin_client_id, frameworks):
    framework = Framework.objects.get(slug="pemdi-2026")
    data = band_form(framework, list(framework.bands.all()))
    nodes = list(framework.nodes.order_by("pk"))
    data |= {"nodes-TOTAL_FORMS": len(nodes), "nodes-INITIAL_FORMS": len(nodes), "nodes-MIN_NUM_FORMS": 0,
             "nodes-MAX_NUM_FORMS": 1000, "scale_min": "1,00", "scale_max": "5,00"}  # fmt: skip
    for i, node in enumerate(nodes):
        weight = "11" if (node.level, node.number) == ("aspect", 1) else str(node.weight).replace(".", ",")
        data |= {f"nodes-{i}-id": node.pk, f"nodes-{i}-framework": framework.pk, f"nodes-{i}-level": node.level,
                 f"nodes-{i}-number": node.number, f"nodes-{i}-name": node.name, f"nodes-{i}-weight": weight,
                 f"nodes-{i}-parent": node.parent_id or ""}  # fmt: skip
    response = admin_client_id.post(reverse("admin:indices_framework_change", args=[framework.pk]), data)
    page = response.content.decode()
    assert "Jumlah bobot bagian-bagian seluruh indeks adalah 101,00, bukan 100,00." in page
    assert FrameworkNode.objects.get(framework=framework, level="aspect", number=1).weight == Decimal("10")
