#!/usr/bin/env python3
"""Build the portal's copy of the national SPBE results from the shared results files.

    python indices/data/results/build_results.py ../shared/data

The argument is the shared data folder: `hasil-evaluasi/` (one row per evaluated instance and year, see
`sources.py` for what each file is), `indikator/` (the 2021 and 2022 indicator levels) and
`indeks-nasional.csv`. `check_names.py` proves the reviewed tables first; every row is then matched to its
instance through them (`matching.py`), and a row that matches nothing stops the build with its name.

Writes here:
- `hasil-evaluasi.csv`: every row of 2018, 2021, 2022 (the 554 evaluated and the 66 carried over from 2021),
  2023 and 2024, in the importer's columns, with the name and predicate as printed, the kind of source
  (`jenis_sumber`), the year a carried-over value comes from (`tahun_asal`) and KemenPANRB's code. The 2025
  press figures are not here: they live in `../published_scores.json` with their publishers (README).
- `tingkat-indikator.csv`: the 47 indicator levels of each instance evaluated in 2021 and 2022.
- `indeks-nasional.csv`: the national index as transcribed, its source reduced to where in the 2024 report
  each figure stands.
Standard library only.
"""

import csv
import sys
from pathlib import Path

import check_names
import sources
from matching import Tables, match

HERE = Path(__file__).resolve().parent
# The importer's columns (manage.py import_scores reads them), then what the sources printed that the
# portal does not take as it is: the name and predicate as printed (the portal derives its own predicate;
# tests compare the two), and the three columns that say what kind of figure a row is.
COLUMNS = [
    "tahun", "kode", "jenis_instansi", "kelompok", "nama_laporan", "indeks", "d1", "d2", "d3", "d4",
    "predikat_laporan", "sumber", "rincian_sumber", "catatan", "jenis_sumber", "tahun_asal", "kode_kemenpanrb",
]  # fmt: skip
INDICATOR_COLUMNS = ["tahun", "kode", "kode_kemenpanrb", *sources.INDICATORS, "rincian_sumber"]
IN_THE_RECORD = ("resmi", "kompilasi", "bawaan")  # the press rows: ../published_scores.json


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    data = sources.data_root(Path(argv[1]))
    if check_names.main(["check_names.py", str(data)]) != 0:
        return 1
    rows = sources.rows(data)
    matches = match(rows, Tables.load())
    unmatched = [sources.label(row) for row, code in zip(rows, matches.codes, strict=True) if code is None]
    if unmatched:
        print("No match in the name tables for:", *unmatched, sep="\n  ")
        return 1
    record = [
        result_row(row, code)
        for row, code in zip(rows, matches.codes, strict=True)
        if row["jenis_sumber"] in IN_THE_RECORD
    ]
    write(HERE / "hasil-evaluasi.csv", COLUMNS, record)
    codes = {
        (row["tahun"], row["lokasi_sumber"]): code
        for row, code in zip(rows, matches.codes, strict=True)
        if row["jenis_sumber"] == "kompilasi"
    }
    levels = [
        {
            "tahun": year,
            "kode": codes[(year, level["source_locator"])],
            "kode_kemenpanrb": level["kode"],
            **{column: level[column] for column in sources.INDICATORS},
            "rincian_sumber": sources.SHEET_IN_LOCATOR.search(level["source_locator"])[0],
        }
        for year, year_levels in sources.indicator_rows(data).items()
        for level in year_levels
    ]
    write(HERE / "tingkat-indikator.csv", INDICATOR_COLUMNS, levels)
    national = national_rows(data)
    if national is None:
        return 1
    # 2018 prints its instances in the report's tables, not in Pedoman 3/2024: count the rows of the table.
    evaluated_2018 = sum(1 for row in record if row["tahun"] == "2018")
    for row in national:
        if row["tahun"] == "2018" and not row["instansi_dievaluasi"]:
            row["instansi_dievaluasi"] = str(evaluated_2018)
            row["rincian_sumber"] += "; jumlah instansi: Hasil Evaluasi SPBE Tahun 2018, Tabel 3-43"
    write(HERE / "indeks-nasional.csv", list(national[0]), national)
    print(
        f"hasil-evaluasi.csv: {len(record)} rows; tingkat-indikator.csv: {len(levels)} rows; "
        f"indeks-nasional.csv: {len(national)} years."
    )
    return 0


def result_row(row: dict, code: str) -> dict:
    return {
        "tahun": row["tahun"],
        "kode": code,
        "jenis_instansi": row["jenis"],
        "kelompok": row["grup"],
        "nama_laporan": row["nama_instansi"],
        "indeks": row["indeks"],
        **{f"d{i}": row[column] for i, column in enumerate(sources.DOMAINS, start=1)},
        "predikat_laporan": row["predikat"],
        "sumber": row["sumber_judul"],
        "rincian_sumber": row["rincian"],
        "catatan": row["catatan"],
        "jenis_sumber": row["jenis_sumber"],
        "tahun_asal": row["tahun_asal"],
        "kode_kemenpanrb": row["kode_kemenpanrb"],
    }


def national_rows(data: Path) -> list[dict] | None:
    national = sources.read(data / "indeks-nasional.csv")
    report = "KemenPANRB, Laporan Pelaksanaan Evaluasi SPBE 2024, "
    for row in national:
        # Every row cites the 2024 report; the portal names the report once and keeps where in it.
        if not row["sumber"].startswith(report):
            print(f"Unexpected source for {row['tahun']}: {row['sumber']}")
            return None
        row["rincian_sumber"] = row.pop("sumber").removeprefix(report)
        # A target is cited apart from the index: Tabel 4 holds the indices, not the targets (issue 21).
        row["rincian_target"] = TARGET_CITATIONS.get(row["tahun"], "")
        row["rincian_sumber"] = row["rincian_sumber"].removesuffix(" dan bab Analisis Capaian (target 2,85)")
    columns = list(national[0])
    columns.insert(columns.index("target") + 1, columns.pop(columns.index("rincian_target")))
    return [{column: row[column] for column in columns} for row in national]


# Where each national target is published. The 2024 report's Tabel 4 holds no target; its chapter on what
# was achieved names 2,85 for 2024. No file here holds the document that set 2023's 2,60: said in words.
TARGET_CITATIONS = {
    "2023": "tidak tercatat: dokumen yang menetapkan target 2,60 tidak ada di berkas portal "
    "(Tabel 4 laporan 2024 tidak memuatnya)",
    "2024": "Laporan Pelaksanaan Evaluasi SPBE 2024, bab Analisis Capaian",
}


def write(path: Path, columns: list[str], rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
