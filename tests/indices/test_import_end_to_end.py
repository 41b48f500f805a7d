"""An official's path: import a file of published results, then find them ranked and exported."""

import csv
import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

EXAMPLE = "indices/data/examples/contoh-impor-skor.csv"


def test_imported_results_show_in_the_rankings_and_the_export_with_derived_predicates(client, no_results):
    call_command("import_scores", EXAMPLE, stdout=io.StringIO())

    rows = {
        row.record["code"]: row for row in client.get("/peringkat/", {"tahun": "2022"}).context["table"].rows
    }
    # Paser 2022 is 2.83, Baik by the bands (never as typed by the press); Kotawaringin Timur 2.38 is Cukup.
    assert (rows["64.01"].get_cell("value"), rows["64.01"].record["predicate"]) == ("2,83", "Baik")
    assert (rows["62.02"].get_cell("value"), rows["62.02"].record["predicate"]) == ("2,38", "Cukup")

    exported = list(csv.DictReader(io.StringIO(client.get("/unduh/data.csv").content.decode("utf-8-sig"))))
    predicates = {(r["kode"], r["tahun"]): r["predikat"] for r in exported if r["jenis"] == "skor"}
    assert predicates[("64.01", "2019")] == "Kurang"  # 1.69, under the 2018 framework
    assert predicates[("64.01", "2018")] == "Cukup"  # 1.85
    assert predicates[("62.02", "2021")] == "Kurang"  # 1.66
