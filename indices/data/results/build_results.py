#!/usr/bin/env python3
"""Build the portal's copy of KemenPANRB's national SPBE results from the transcribed report tables.

    python indices/data/results/build_results.py ../shared/data

The argument is the folder holding `hasil-evaluasi/spbe-2023.csv`, `hasil-evaluasi/spbe-2024.csv` (one row per
evaluated instance, as printed) and `indeks-nasional.csv`. Every row is matched to its instance through the
reviewed name tables beside this script (`region_names.csv` for regional governments, `agencies.csv` for
central agencies); `check_names.py` proves each table first, and a row that matches nothing stops the build
with its name. Writes `hasil-evaluasi.csv` and `indeks-nasional.csv` here (the national index as transcribed,
its source column reduced to where in the 2024 report each figure stands). Standard library only.
"""

import csv
import sys
from pathlib import Path

import check_names

HERE = Path(__file__).resolve().parent
YEARS = (2023, 2024)
# The importer's columns (manage.py import_scores reads this file as it is), plus what the report printed
# that the portal does not take from it: the name as printed and the predicate as printed (the portal
# derives its own from the bands; tests compare the two).
COLUMNS = [
    "tahun", "kode", "jenis_instansi", "kelompok", "nama_laporan", "indeks", "d1", "d2", "d3", "d4",
    "predikat_laporan", "sumber", "rincian_sumber", "catatan",
]  # fmt: skip
REPORTS = {
    "2023": "Laporan Pelaksanaan Evaluasi SPBE Tahun 2023",
    "2024": "Laporan Pelaksanaan Evaluasi SPBE Tahun 2024",
}
DOMAINS = ["d1_kebijakan", "d2_tata_kelola", "d3_manajemen", "d4_layanan"]


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    data = Path(argv[1])
    if check_names.main(["check_names.py", str(data / "hasil-evaluasi")]) != 0:
        return 1
    regional = {
        (row["nama_instansi"], row["kelompok"], row["jenis"]): row["kode"]
        for row in check_names.read(HERE / "region_names.csv")
    }
    central = {
        (row["nama_instansi"], row["tahun"], row["jenis"]): row["id"]
        for row in check_names.read(HERE / "agencies.csv")
    }
    rows, unmatched = [], []
    for year in YEARS:
        for row in check_names.read(data / "hasil-evaluasi" / f"spbe-{year}.csv"):
            if row["jenis"] in check_names.REGIONAL:
                code = regional.get((row["nama_instansi"], row["kelompok"], row["jenis"]))
            else:
                code = central.get((row["nama_instansi"], row["tahun"], row["jenis"]))
            if code is None:
                unmatched.append(f"{row['tahun']} {row['nama_instansi']} ({row['kelompok']})")
                continue
            rows.append(
                {
                    "tahun": row["tahun"],
                    "kode": code,
                    "jenis_instansi": row["jenis"],
                    "kelompok": row["kelompok"],
                    "nama_laporan": row["nama_instansi"],
                    "indeks": row["indeks"],
                    **{f"d{i}": row[column] for i, column in enumerate(DOMAINS, start=1)},
                    "predikat_laporan": row["predikat"],
                    "sumber": REPORTS[row["tahun"]],
                    "rincian_sumber": f"Tabel {row['tabel']}, no. {row['no']}",
                    "catatan": row["catatan"],
                }
            )
    if unmatched:
        print("No match in the name tables for:", *unmatched, sep="\n  ")
        return 1
    with (HERE / "hasil-evaluasi.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    national = check_names.read(data / "indeks-nasional.csv")
    report = "KemenPANRB, Laporan Pelaksanaan Evaluasi SPBE 2024, "
    for row in national:
        # Every row cites the 2024 report; the portal names the report once and keeps where in it.
        if not row["sumber"].startswith(report):
            print(f"Unexpected source for {row['tahun']}: {row['sumber']}")
            return 1
        row["rincian_sumber"] = row.pop("sumber").removeprefix(report)
    with (HERE / "indeks-nasional.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, list(national[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(national)
    print(f"hasil-evaluasi.csv: {len(rows)} rows; indeks-nasional.csv: {len(national)} years.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
