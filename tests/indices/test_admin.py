from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indices.models import Band, Framework, Score
from regions.models import Region

pytestmark = pytest.mark.django_db


def add_score(client, **data):
    return client.post(reverse("admin:indices_score_add"), {"status": "final", **data})


def test_admin_adds_a_score_typed_with_a_decimal_comma(admin_client_id, balangan, frameworks, source):
    response = add_score(admin_client_id, region="63.11", year="2024", value="3,34", source=source.pk)
    assert response.status_code == 302
    score = Score.objects.get()
    assert (score.value, score.framework.slug, score.predicate) == (Decimal("3.34"), "spbe-2020", "Baik")


def test_admin_refuses_a_score_above_5_and_says_why(admin_client_id, balangan, frameworks, source):
    response = add_score(admin_client_id, region="63.11", year="2024", value="5,01", source=source.pk)
    assert response.status_code == 200
    assert "Skor harus antara 0,00 dan 5,00." in response.content.decode()
    assert not Score.objects.exists()


def test_admin_refuses_a_second_final_score_and_names_the_region(
    admin_client_id, balangan, make_score, source
):
    make_score(balangan, 2024, "3.34")
    response = add_score(admin_client_id, region="63.11", year="2024", value="3,40", source=source.pk)
    assert "Kabupaten Balangan sudah memiliki skor final untuk tahun 2024." in response.content.decode()
    assert Score.objects.count() == 1


def test_admin_refuses_a_year_without_framework(admin_client_id, balangan, frameworks, source):
    response = add_score(admin_client_id, region="63.11", year="2020", value="2,00", source=source.pk)
    assert "Tidak ada kerangka evaluasi untuk tahun 2020." in response.content.decode()
    assert not Score.objects.exists()


def test_score_list_shows_the_predicate_badge_and_decimal_comma(admin_client_id, balangan, make_score):
    make_score(balangan, 2024, "3.34")
    page = admin_client_id.get(reverse("admin:indices_score_changelist")).content.decode()
    assert "3,34" in page
    assert 'class="predicate-badge" style="background:#fee08b;color:#1b1b1b">Baik</span>' in page


def test_score_list_filters_by_predicate_and_province(admin_client_id, kalteng, balangan, make_score):
    make_score(balangan, 2024, "3.34")
    make_score(kalteng, 2024, "2.87")
    make_score(kalteng, 2022, "1.90")
    url = reverse("admin:indices_score_changelist")
    baik = admin_client_id.get(url, {"predicate": "Baik"}).context["cl"].queryset
    assert sorted(baik.values_list("region_id", "year")) == [("62", 2024), ("63.11", 2024)]
    in_kalsel = admin_client_id.get(url, {"province": "63"}).context["cl"].queryset
    assert list(in_kalsel.values_list("region_id", flat=True)) == ["63.11"]


def test_score_list_queries_do_not_grow_with_the_rows(
    admin_client_id, register, make_score, django_assert_num_queries
):
    url = reverse("admin:indices_score_changelist")
    regions = list(Region.objects.regencies_and_cities()[:40])
    for region in regions[:4]:
        make_score(region, 2024, "2.50")
    with CaptureQueriesContext(connection) as few:
        admin_client_id.get(url)
    for region in regions[4:]:
        make_score(region, 2024, "3.10")
        make_score(region, 2023, "2.10")
    with django_assert_num_queries(len(few.captured_queries)):
        admin_client_id.get(url)


def test_region_autocomplete_finds_balangan(admin_client_id, balangan):
    response = admin_client_id.get(
        reverse("admin:autocomplete"),
        {"app_label": "indices", "model_name": "score", "field_name": "region", "term": "balangan"},
    )
    assert [item["id"] for item in response.json()["results"]] == ["63.11"]


def test_region_admin_lists_and_searches_by_code(admin_client_id, register):
    response = admin_client_id.get(reverse("admin:regions_region_changelist"), {"q": "63.11"})
    assert [r.code for r in response.context["cl"].result_list] == ["63.11"]


def test_region_change_page_shows_scores_and_targets_inline(admin_client_id, balangan, make_score):
    make_score(balangan, 2024, "3.34")
    page = admin_client_id.get(reverse("admin:regions_region_change", args=["63.11"])).content.decode()
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


REVISIONS_INLINE = {
    "revisions-TOTAL_FORMS": 0, "revisions-INITIAL_FORMS": 0, "revisions-MIN_NUM_FORMS": 0, "revisions-MAX_NUM_FORMS": 0,
}  # fmt: skip


def test_a_hand_edit_keeps_the_old_value_on_record(admin_client_id, balangan, make_score, source):
    score = make_score(balangan, 2024, "3.34")
    url = reverse("admin:indices_score_change", args=[score.pk])
    data = {
        "region": "63.11",
        "year": "2024",
        "value": "3,40",
        "status": "final",
        "source": source.pk,
        "note": "",
    }
    data |= REVISIONS_INLINE
    assert admin_client_id.post(url, data).status_code == 302
    score.refresh_from_db()
    (revision,) = score.revisions.all()
    assert (score.value, revision.value) == (Decimal("3.40"), Decimal("3.34"))
    assert "admin" in revision.reason


def test_saving_without_changes_records_no_revision(admin_client_id, balangan, make_score, source):
    score = make_score(balangan, 2024, "3.34")
    url = reverse("admin:indices_score_change", args=[score.pk])
    data = {
        "region": "63.11",
        "year": "2024",
        "value": "3,34",
        "status": "final",
        "source": source.pk,
        "note": "",
    }
    data |= REVISIONS_INLINE
    admin_client_id.post(url, data)
    assert not score.revisions.exists()


def test_an_inline_edit_on_the_region_keeps_the_old_value(admin_client_id, balangan, make_score, source):
    score = make_score(balangan, 2024, "3.34")
    url = reverse("admin:regions_region_change", args=["63.11"])
    data = {
        "name": "Kabupaten Balangan", "kind": "kabupaten", "province": "63", "is_evaluated": "on",
        "scores-TOTAL_FORMS": 1, "scores-INITIAL_FORMS": 1, "scores-MIN_NUM_FORMS": 0, "scores-MAX_NUM_FORMS": 1000,
        "scores-0-id": score.pk, "scores-0-region": "63.11", "scores-0-year": 2024, "scores-0-value": "3,50",
        "scores-0-status": "final", "scores-0-source": source.pk, "scores-0-note": "",
        "targets-TOTAL_FORMS": 0, "targets-INITIAL_FORMS": 0, "targets-MIN_NUM_FORMS": 0, "targets-MAX_NUM_FORMS": 1000,
    }  # fmt: skip
    response = admin_client_id.post(url, data)
    assert response.status_code == 302
    assert [r.value for r in score.revisions.all()] == [Decimal("3.34")]
