import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _one_region_at_a_time(no_regions):
    """Each test builds the few regions it needs."""


@pytest.fixture
def kalsel(db):
    return Region.objects.create(code="63", name="Kalimantan Selatan", kind=Region.Kind.PROVINSI)


def refused_by_database(**fields):
    """Try to insert a region, return whether the database refused it, and prove nothing was written."""
    before = Region.objects.count()
    try:
        with transaction.atomic():
            Region.objects.create(**fields)
    except IntegrityError:
        assert Region.objects.count() == before
        return True
    return False


def messages_of(region):
    with translation.override("id"), pytest.raises(ValidationError) as error:
        region.full_clean()
    return error.value.message_dict


def test_database_refuses_a_regency_without_province(db):
    assert refused_by_database(code="63.11", name="Kabupaten Balangan", kind=Region.Kind.KABUPATEN)


def test_database_refuses_a_province_with_a_parent(kalsel):
    assert refused_by_database(
        code="62", name="Kalimantan Tengah", kind=Region.Kind.PROVINSI, province=kalsel
    )


def test_database_refuses_a_code_outside_its_province(kalsel):
    assert refused_by_database(
        code="62.71", name="Kota Palangka Raya", kind=Region.Kind.KOTA, province=kalsel
    )


def test_database_refuses_a_malformed_code(kalsel):
    assert refused_by_database(
        code="63.1", name="Kabupaten Balangan", kind=Region.Kind.KABUPATEN, province=kalsel
    )
    assert refused_by_database(code="6", name="Nowhere", kind=Region.Kind.PROVINSI)


def test_database_refuses_a_duplicate_code(kalsel):
    assert refused_by_database(code="63", name="Kalimantan Selatan again", kind=Region.Kind.PROVINSI)


def test_database_accepts_a_regency_under_its_province(kalsel):
    assert not refused_by_database(
        code="63.11", name="Kabupaten Balangan", kind=Region.Kind.KABUPATEN, province=kalsel
    )


def test_validation_explains_a_missing_province_in_indonesian(db):
    region = Region(code="63.11", name="Kabupaten Balangan", kind=Region.Kind.KABUPATEN)
    assert messages_of(region)["province"] == ["Kabupaten atau kota harus memiliki provinsi."]


def test_validation_explains_a_code_outside_its_province(kalsel):
    region = Region(code="62.71", name="Kota Palangka Raya", kind=Region.Kind.KOTA, province=kalsel)
    assert messages_of(region)["code"] == ["Kode 62.71 tidak diawali kode provinsinya 63."]


def test_validation_refuses_a_city_with_a_regency_number(kalsel):
    region = Region(code="63.11", name="Kota Balangan", kind=Region.Kind.KOTA, province=kalsel)
    assert "kind" in messages_of(region)


def test_validation_refuses_a_duplicate_code(kalsel):
    region = Region(code="63", name="Kalimantan Selatan", kind=Region.Kind.PROVINSI)
    assert "code" in messages_of(region)


def test_region_str_is_its_name(kalsel):
    assert str(kalsel) == "Kalimantan Selatan"
