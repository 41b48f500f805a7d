"""An official's path: import a file of published results, then find them ranked and exported; import the
press's figures, then find them in the export beside the results, never ranked."""

import csv
import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

EXAMPLE = "indices/data/examples/contoh-impor-skor.csv"


def test_imported_results_show_in_the_rankings_and_the_export_with_derived_predicates(
    client, no_results, tmp_path
):
    results = tmp_path / "hasil.csv"
    results.write_text(
        "kode,tahun,indeks,sumber,jenis_sumber\n"
        "64.01,2022,2.83,Keputusan Menteri PANRB (uji),resmi\n"
        "62.02,2022,2.38,Keputusan Menteri PANRB (uji),resmi\n",
        encoding="utf-8",
    )
    call_command("import_scores", str(results), stdout=io.StringIO())
    rows = {
        row.record["code"]: row for row in client.get("/peringkat/", {"tahun": "2022"}).context["table"].rows
    }
    # 2.83 is Baik by the bands (never as a press article typed it); 2.38 is Cukup.
    assert rows["64.01"].get_cell("value").startswith("2,83 ") and rows["64.01"].record["predicate"] == "Baik"
    assert (
        rows["62.02"].get_cell("value").startswith("2,38 ") and rows["62.02"].record["predicate"] == "Cukup"
    )


def test_imported_press_figures_are_exported_as_such_and_never_ranked(client, no_results):
    call_command("import_scores", EXAMPLE, stdout=io.StringIO())
    assert "table" not in client.get("/peringkat/", {"tahun": "2022"}).context  # only press figures: no table
    download = client.get("/unduh/data.csv").content.decode("utf-8-sig")
    exported = list(csv.DictReader(io.StringIO(download), delimiter=";"))
    scores = {(r["kode"], r["tahun"]): r for r in exported if r["jenis"] == "skor"}
    assert scores[("64.01", "2019")]["predikat"] == "Kurang"  # 1.69, under the 2018 framework
    assert scores[("64.01", "2018")]["predikat"] == "Cukup"  # 1.85
    assert scores[("62.02", "2021")]["predikat"] == "Kurang"  # 1.66
    assert {r["jenis_sumber"] for r in scores.values()} == {"berita"}
