"""Names people use (issue 21, item 6): the official abbreviations and other names of agencies, kept in one
table administered (and audited) in the admin, seeded from `indices/data/results/agency_aliases.csv`, and
recognised by the importer and the place search; a name in the `kode` column is accepted, as the README says.
Before, "Kementerian BUMN", "PANRB", "PPPA" and "Komdigi" were refused or not found."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from indices.models import InstanceAlias, Score
from indices.transfer.services import scores_import

DECREE = "Keputusan Menteri PANRB Nomor 100 Tahun 2025"
HEADER = ["kode", "tahun", "indeks", "sumber"]


def imported(csv_file, rows, header=HEADER):
    result = scores_import(data=csv_file([header, *rows]).read_bytes(), filename="data.csv")
    return result, sorted(Score.objects.values_list("instance_id", flat=True))


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Kementerian BUMN", "kemenbumn"),
        ("PANRB", "kemenpanrb"),
        ("KemenPAN-RB", "kemenpanrb"),
        ("PPPA", "kemenpppa"),
        ("Komdigi", "kemenkominfo"),
        ("komdigi", "kemenkominfo"),
        ("Kominfo", "kemenkominfo"),
    ],
)
def test_the_importer_knows_the_abbreviations_people_write(ready, csv_file, written, code):
    result, found = imported(csv_file, [[written, "2024", "3,50", DECREE]])
    assert result.errors == [] and result.applied
    assert found == [code]


def test_an_abbreviation_in_the_name_column_finds_its_agency_too(ready, csv_file):
    header = ["nama", "tahun", "indeks", "sumber"]
    result, found = imported(csv_file, [["Kementerian PPPA", "2024", "3,50", DECREE]], header)
    assert result.applied and found == ["kemenpppa"]


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Kementerian Keuangan", "kemenkeu"),
        ("Kementerian Koordinator Bidang Politik, Hukum dan Keamanan", "kemenko-polhukam"),
        ("Kabupaten Balangan", "63.11"),
        ("Kab. Balangan", "63.11"),
        ("Provinsi Kalimantan Tengah", "62"),
    ],
)
def test_a_full_name_in_the_code_column_is_accepted(ready, csv_file, written, code):
    result, found = imported(csv_file, [[written, "2024", "3,50", DECREE]])
    assert result.errors == [] and found == [code]


def test_a_name_in_the_code_column_that_names_two_places_asks_for_the_kind(ready, csv_file, english):
    result, found = imported(
        csv_file, [["Kapuas Hulu", "2024", "3,50", DECREE], ["Bandung", "2024", "3,50", DECREE]]
    )
    assert [(error.column, error.message) for error in result.errors] == [
        ("kode", "“Bandung” matches several instances; write Kabupaten or Kota, or give the code.")
    ]
    assert found == []


def test_an_unknown_code_is_still_called_a_code(ready, csv_file, english):
    result, _found = imported(csv_file, [["99.99", "2024", "3,50", DECREE]])
    assert "Unknown code 99.99" in result.errors[0].message


def test_the_place_search_finds_komdigi(client, published):
    response = client.get("/cari/", {"q": "Komdigi"})
    assert (response.status_code, response["Location"]) == (302, "/instansi/kemenkominfo/")
    places = {place["code"]: place for place in client.get("/cari/tempat.json").json()["places"]}
    assert {"komdigi", "kominfo", "panrb"} <= set(places["kemenkominfo"]["keys"]) | set(
        places["kemenpanrb"]["keys"]
    )


def test_the_well_known_aliases_are_loaded_with_the_instances(db):
    names = dict(InstanceAlias.objects.values_list("name", "instance_id"))
    assert names["Kementerian BUMN"] == "kemenbumn"
    assert names["Komdigi"] == "kemenkominfo"
    assert names["Kementerian Komunikasi dan Digital"] == "kemenkominfo"
    assert names["Lembaga Sandi Negara"] == "bssn"
    assert len(names) >= 50


def test_an_alias_is_added_in_the_admin_and_audited(admin_client, register):
    response = admin_client.post(
        "/admin/indices/instancealias/add/",
        {"instance": "kemenkeu", "name": "Kemenkeu RI", "kind": "singkatan"},
    )
    assert response.status_code == 302
    alias = InstanceAlias.objects.get(name="Kemenkeu RI")
    entry = LogEntry.objects.get_for_object(alias).get()
    assert (entry.action, entry.actor.username) == (LogEntry.Action.CREATE, "admin")


def test_an_alias_cannot_be_another_instances_name(register, english):
    alias = InstanceAlias(instance_id="kemenbumn", name="kementerian keuangan", kind="singkatan")
    with pytest.raises(ValidationError, match="already names Kementerian Keuangan"):
        alias.full_clean()


def test_an_alias_names_one_instance_only(admin_client, register):
    response = admin_client.post(
        "/admin/indices/instancealias/add/", {"instance": "kemenkeu", "name": "komdigi", "kind": "singkatan"}
    )
    assert response.status_code == 200 and not InstanceAlias.objects.filter(instance_id="kemenkeu").exists()


def test_an_operator_cannot_add_an_alias(client, register):
    from indices.models import Assignment
    from tests.conftest import account

    client.force_login(account("operator", Assignment.Role.OPERATOR, "62.03"))
    assert client.get("/admin/indices/instancealias/add/").status_code == 403


def test_every_shipped_alias_names_one_instance_only(register):
    from indices.transfer.cells import name_key
    from indices.transfer.checks import Checker

    by_name = Checker(table=None).by_name
    for alias in InstanceAlias.objects.select_related("instance"):
        alias.full_clean()
        assert by_name[name_key(alias.name)] == {alias.instance_id}, alias.name
