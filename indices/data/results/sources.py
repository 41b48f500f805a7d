"""What each shared results file is, and its rows in one shape.

The shared data folder (`../shared/data`) holds one file per year and kind of source (see its
`hasil-evaluasi/README.md`). `rows(data)` reads them all into dicts with the columns as printed plus:

- `jenis_sumber`: resmi (an official publication), kompilasi (compiled from indicator levels), bawaan (a 2021
  value counted in the 2022 national figures, never a 2022 evaluation) or berita (press, regional statement);
- `tahun_asal`: the year a carried-over value was evaluated in (empty otherwise);
- `tahun_lembar`: the year whose sheet printed the row's name and KemenPANRB code (its own year, or the year
  it was carried over from);
- `grup`: the group as the report prints it: the `kelompok` column, or for the 2018 rows that leave it empty,
  the title of the table they stand in (read from `lokasi_sumber`, where the transcription names it);
- `tabel`, `no`: the report's table and row (2018 rows that leave them empty: read from `lokasi_sumber`);
- `rincian`: where in its source a row stands: "Tabel 3, no. 1" or "sheet '2021', row 2";
- `sumber_judul`: the title of the source document.

Standard library only.
"""

import csv
import re
from pathlib import Path

# file -> (year, kind of source, year carried over from)
FILES = {
    "spbe-2018.csv": ("2018", "resmi", ""),
    "spbe-2021.csv": ("2021", "kompilasi", ""),
    "spbe-2022.csv": ("2022", "kompilasi", ""),
    "spbe-2022-bawaan-2021.csv": ("2022", "bawaan", "2021"),
    "spbe-2023.csv": ("2023", "resmi", ""),
    "spbe-2024.csv": ("2024", "resmi", ""),
    "spbe-2025-berita.csv": ("2025", "berita", ""),
}
KINDS_OF_SOURCE = ("resmi", "kompilasi", "bawaan", "berita")
INDICATOR_FILES = {"2021": "spbe-2021.csv", "2022": "spbe-2022.csv"}
INDICATORS = [f"I{number}" for number in range(1, 48)]
REGIONAL = ("provinsi", "kabupaten", "kota")
CENTRAL = ("kementerian", "lembaga")
DOMAINS = ["d1_kebijakan", "d2_tata_kelola", "d3_manajemen", "d4_layanan"]

COMPILED = "Data Evaluasi SPBE Tahun 2021-2022 (kompilasi tingkat indikator)"
TITLES = {
    "2018": "Hasil Evaluasi SPBE Tahun 2018",
    "2021": COMPILED,
    "2022": COMPILED,
    "2023": "Laporan Pelaksanaan Evaluasi SPBE Tahun 2023",
    "2024": "Laporan Pelaksanaan Evaluasi SPBE Tahun 2024",
}

# "... Tabel 4 (Hasil Evaluasi SPBE Lembaga Pemerintah Non Kementerian (LPNK)), No. 7"
TABLE_IN_LOCATOR = re.compile(r"Tabel (\d+) \(Hasil Evaluasi SPBE (.+)\), No\. (\d+)")
SHEET_IN_LOCATOR = re.compile(r"sheet '(\d{4})', row (\d+)")


def read(path: Path, columns: list[str] | None = None) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if columns is not None and reader.fieldnames != columns:
            raise SystemExit(f"{path}: columns {reader.fieldnames}, expected {columns}")
        return list(reader)


def data_root(folder: Path) -> Path:
    """The shared data folder, given it or its `hasil-evaluasi` folder (the older form of the argument)."""
    for root in (folder, folder.parent):
        if (root / "hasil-evaluasi" / "spbe-2024.csv").is_file():
            return root
    raise SystemExit(f"{folder}: not the shared data folder (no hasil-evaluasi/spbe-2024.csv in it)")


def label(row: dict) -> str:
    """How a problem names a row: year, file, locator and name."""
    return f"{row['tahun']} {row['berkas']} [{row['rincian']}] {row['nama_instansi']!r}"


def rows(data: Path) -> list[dict]:
    """Every row of every results file, in file order, in one shape (see the module docstring)."""
    out = []
    for name, (year, kind, carried_from) in FILES.items():
        for row in read(data / "hasil-evaluasi" / name):
            if row["tahun"] != year:
                raise SystemExit(f"{name}: a row of {row['tahun']} in the file of {year}")
            row.setdefault("kode_kemenpanrb", "")
            row.setdefault("lokasi_sumber", "")
            row.update(berkas=name, jenis_sumber=kind, tahun_asal=carried_from)
            row["tahun_lembar"] = carried_from or year
            row["grup"], row["tabel"], row["no"] = _table_of(row)
            row["rincian"] = _detail(row)
            row["sumber_judul"] = TITLES.get(year, "")
            out.append(row)
    return out


def _table_of(row: dict) -> tuple[str, str, str]:
    if row["tabel"] or row["jenis_sumber"] != "resmi" or not row["lokasi_sumber"]:
        return row["kelompok"], row["tabel"], row["no"]
    match = TABLE_IN_LOCATOR.search(row["lokasi_sumber"])
    if match is None:
        raise SystemExit(f"{row['berkas']}: no table in the locator of {row['nama_instansi']!r}")
    return row["kelompok"] or match[2], match[1], match[3]


def _detail(row: dict) -> str:
    if row["tabel"]:
        return f"Tabel {row['tabel']}, no. {row['no']}"
    match = SHEET_IN_LOCATOR.search(row["lokasi_sumber"])
    return f"sheet '{match[1]}', row {match[2]}" if match else ""


def indicator_rows(data: Path) -> dict[str, list[dict]]:
    """The indicator levels of 2021 and 2022 per year, as the shared files hold them."""
    return {year: read(data / "indikator" / name) for year, name in INDICATOR_FILES.items()}
