import pytest

from regions.models import Region
from regions.services import register_load

pytestmark = pytest.mark.django_db


def test_register_has_38_provinces_and_514_regencies_and_cities(register):
    assert Region.objects.provinces().count() == 38
    assert Region.objects.regencies_and_cities().count() == 514
    assert Region.objects.filter(kind=Region.Kind.KABUPATEN).count() == 416
    assert Region.objects.filter(kind=Region.Kind.KOTA).count() == 98


@pytest.mark.parametrize(
    ("code", "name", "province"),
    [
        ("63.11", "Kabupaten Balangan", "63"),
        ("62.71", "Kota Palangkaraya", "62"),
        ("96.71", "Kota Sorong", "96"),
        ("93.01", "Kabupaten Merauke", "93"),
        ("64.01", "Kabupaten Paser", "64"),
    ],
)
def test_register_puts_each_regency_under_its_province(register, code, name, province):
    region = Region.objects.get(code=code)
    assert (region.name, region.province_id) == (name, province)


def test_every_regency_code_starts_with_its_province_code(register):
    for code, province in Region.objects.regencies_and_cities().values_list("code", "province_id"):
        assert code.split(".")[0] == province


def test_papua_provinces_formed_in_2022_use_codes_93_to_96(register):
    names = dict(Region.objects.filter(code__in=["93", "94", "95", "96"]).values_list("code", "name"))
    assert names == {
        "93": "Papua Selatan",
        "94": "Papua Tengah",
        "95": "Papua Pegunungan",
        "96": "Papua Barat Daya",
    }


def test_only_jakartas_administrative_areas_are_not_evaluated(register):
    not_evaluated = set(Region.objects.filter(is_evaluated=False).values_list("code", flat=True))
    assert not_evaluated == {"31.01", "31.71", "31.72", "31.73", "31.74", "31.75"}
    assert Region.objects.evaluated().regencies_and_cities().count() == 508


def test_loading_the_register_twice_changes_nothing(register):
    before = list(Region.objects.values_list("code", "name", "kind", "province_id", "is_evaluated"))
    result = register_load()
    assert (result.created, result.updated) == (0, 552)
    assert list(Region.objects.values_list("code", "name", "kind", "province_id", "is_evaluated")) == before


def test_loading_the_register_restores_a_renamed_region(register):
    Region.objects.filter(code="62").update(name="Wrong name")
    register_load()
    assert Region.objects.get(code="62").name == "Kalimantan Tengah"
