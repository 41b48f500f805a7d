#!/usr/bin/env python3
"""Check the reviewed name tables against the national SPBE results and the region register.

    python indices/data/results/check_names.py /work/shared/data/hasil-evaluasi [regions.csv]

The first argument is the folder holding spbe-2023.csv and spbe-2024.csv (KemenPANRB's national results,
one row per evaluated instance). The two tables checked sit beside this script:

- region_names.csv (nama_instansi, kelompok, jenis, kode, catatan): one entry per distinct regional
  (nama_instansi, kelompok, jenis); kode is the Kemendagri code in regions/data/regions.csv.
- agencies.csv (id, jenis, kelompok, tahun, nama_instansi, catatan): one entry per central row per year.

The register defaults to regions/data/regions.csv of this repository. Standard library only.
Exits 0 when every check passes, 1 with the offending names otherwise.
"""

import csv
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_REGISTER = HERE.parents[2] / "regions" / "data" / "regions.csv"
YEARS = (2023, 2024)
REGIONAL = ("provinsi", "kabupaten", "kota")
CENTRAL = ("kementerian", "lembaga")
CENTRAL_PER_YEAR = 92

# The results' kelompok for regional rows is the province, printed in several ways. Besides the register
# name (compared ignoring case, spacing and punctuation) and a "Pemerintah Daerah " prefix (2024 tables of
# six Sumatra/Java provinces), these spellings occur; each is mapped here by hand, never guessed.
KELOMPOK_ALIASES = {
    "Bangka Belitung": "19",  # register: Kepulauan Bangka Belitung ("Kepulauan" dropped, 2023)
    "D.I Yogyakarta": "34",  # register: Daerah Istimewa Yogyakarta
    "DKI Jakarta": "31",  # register: Daerah Khusus Ibukota Jakarta
    "Nusa Tenggara Tlmur": "53",  # misprint of Nusa Tenggara Timur (2024)
}

REGION_COLUMNS = ["nama_instansi", "kelompok", "jenis", "kode", "catatan"]
AGENCY_COLUMNS = ["id", "jenis", "kelompok", "tahun", "nama_instansi", "catatan"]
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def key(text: str) -> str:
    """Compare names ignoring case, spacing and punctuation."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def read(path: Path, columns: list[str] | None = None) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if columns is not None and reader.fieldnames != columns:
            raise SystemExit(f"{path}: columns {reader.fieldnames}, expected {columns}")
        return list(reader)


def printed_base(name: str, jenis: str) -> str | None:
    """The place name inside a printed regional name, without the government prefix."""
    patterns = {
        "provinsi": r"Pemerintah Provinsi (.+)",  # "Pemerintah Aceh" etc. need a note
        "kabupaten": r"Pemerintah Kab(?:\.|upaten) (.+)",
        "kota": r"Pemerintah Kota (.+)",
    }
    match = re.fullmatch(patterns[jenis], name)
    return match.group(1) if match else None


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__)
        return 2
    data_dir = Path(argv[1])
    register_path = Path(argv[2]) if len(argv) == 3 else DEFAULT_REGISTER
    errors: list[str] = []

    results = {year: read(data_dir / f"spbe-{year}.csv") for year in YEARS}
    register = {row["code"]: row for row in read(register_path)}
    province_by_key = {key(r["name"]): code for code, r in register.items() if r["kind"] == "provinsi"}
    region_names = read(HERE / "region_names.csv", REGION_COLUMNS)
    agencies = read(HERE / "agencies.csv", AGENCY_COLUMNS)

    def province_of(kelompok: str) -> str | None:
        if kelompok in KELOMPOK_ALIASES:
            return KELOMPOK_ALIASES[kelompok]
        return province_by_key.get(key(re.sub(r"^Pemerintah Daerah ", "", kelompok)))

    # ---- regional names -------------------------------------------------------------------------
    entries: dict[tuple, list[dict]] = defaultdict(list)
    for entry in region_names:
        entries[(entry["nama_instansi"], entry["kelompok"], entry["jenis"])].append(entry)
    for triple, found in entries.items():
        if len(found) > 1:
            errors.append(f"region_names: {triple} listed {len(found)} times")

    for entry in region_names:
        name, kelompok, jenis, code = (entry[c] for c in ("nama_instansi", "kelompok", "jenis", "kode"))
        label = f"region_names: {name} ({kelompok}, {jenis}) -> {code}"
        if jenis not in REGIONAL:
            errors.append(f"{label}: jenis is not regional")
            continue
        place = register.get(code)
        if place is None:
            errors.append(f"{label}: code not in the register")
            continue
        if place["kind"] != jenis:
            errors.append(f"{label}: register kind is {place['kind']} ({place['name']})")
        if place["is_evaluated"] != "1":
            errors.append(f"{label}: register marks {place['name']} as not evaluated")
        if jenis != "provinsi":
            number = int(code.split(".")[1])
            if (jenis == "kota") != (number >= 71):
                errors.append(f"{label}: code number {number:02d} does not fit a {jenis}")
        province = province_of(kelompok)
        if province is None:
            errors.append(f"{label}: kelompok {kelompok!r} is no known province")
        else:
            register_province = code if jenis == "provinsi" else place["province_code"]
            if register_province != province:
                errors.append(f"{label}: register province {register_province}, kelompok says {province}")
        # Same name up to prefix, case, spacing, punctuation: catatan carries no register note.
        # Otherwise catatan must name the register entry and say why it is the same place.
        base = printed_base(name, jenis)
        register_base = re.sub(r"^(Kabupaten|Kota) ", "", place["name"])
        plain = base is not None and key(base) == key(register_base)
        note = entry["catatan"]
        if plain and "register:" in note:
            errors.append(f"{label}: plain match but catatan carries a register note")
        if not plain and f"register: {place['name']};" not in note:
            errors.append(
                f"{label}: name differs from {place['name']!r}; catatan must say 'register: "
                f"{place['name']}; <why the same place>'"
            )

    used: set[tuple] = set()
    regional_counts = {}
    for year in YEARS:
        codes = defaultdict(list)
        rows = [r for r in results[year] if r["jenis"] in REGIONAL]
        for row in rows:
            triple = (row["nama_instansi"], row["kelompok"], row["jenis"])
            found = entries.get(triple, [])
            if len(found) != 1:
                errors.append(f"{year}: {triple} maps to {len(found)} region_names entries")
                continue
            used.add(triple)
            codes[found[0]["kode"]].append(row["nama_instansi"])
        for code, names in sorted(codes.items()):
            if len(names) > 1:
                errors.append(f"{year}: code {code} matched by {names}")
        regional_counts[year] = (len(rows), len(codes))
    for triple in sorted(set(entries) - used):
        errors.append(f"region_names: {triple} matches no row of either year")

    # ---- central agencies -----------------------------------------------------------------------
    by_row: dict[tuple, list[dict]] = defaultdict(list)
    for agency in agencies:
        by_row[(agency["tahun"], agency["nama_instansi"], agency["jenis"], agency["kelompok"])].append(agency)
        if not ID_RE.fullmatch(agency["id"]) or len(agency["id"]) > 30:
            errors.append(f"agencies: id {agency['id']!r} is not [a-z0-9-], at most 30 characters")
    central_counts = {}
    used_agencies: set[tuple] = set()
    for year in YEARS:
        rows = [r for r in results[year] if r["jenis"] in CENTRAL]
        central_counts[year] = len(rows)
        if len(rows) != CENTRAL_PER_YEAR:
            errors.append(f"{year}: {len(rows)} central rows, expected {CENTRAL_PER_YEAR}")
        for row in rows:
            row_key = (str(year), row["nama_instansi"], row["jenis"], row["kelompok"])
            found = by_row.get(row_key, [])
            if len(found) != 1:
                errors.append(
                    f"{year}: {row['nama_instansi']} ({row['kelompok']}) maps to {len(found)} agencies rows"
                )
            used_agencies.add(row_key)
    for row_key in sorted(set(by_row) - used_agencies):
        errors.append(f"agencies: {row_key} matches no central row")

    ids_per_year = Counter((a["tahun"], a["id"]) for a in agencies)
    for (year, agency_id), count in sorted(ids_per_year.items()):
        if count > 1:
            names = [a["nama_instansi"] for a in agencies if a["tahun"] == year and a["id"] == agency_id]
            errors.append(f"agencies {year}: id {agency_id} used {count} times: {names}")
    by_id: dict[str, list[dict]] = defaultdict(list)
    for agency in agencies:
        by_id[agency["id"]].append(agency)
    renamed = one_year = 0
    for agency_id, rows in sorted(by_id.items()):
        kinds = {a["jenis"] for a in rows}
        if len(kinds) > 1:
            errors.append(f"agencies: id {agency_id} has jenis {sorted(kinds)}")
        names = {a["nama_instansi"] for a in rows}
        years = {a["tahun"] for a in rows}
        if len(names) > 1:
            renamed += 1
            for a in rows:
                if not a["catatan"]:
                    errors.append(
                        f"agencies {a['tahun']}: {a['nama_instansi']} ({agency_id}) is paired with "
                        f"a different name but catatan is empty"
                    )
        if len(years) < len(YEARS):
            one_year += 1
            for a in rows:
                if "only" not in a["catatan"]:
                    errors.append(
                        f"agencies {a['tahun']}: {a['nama_instansi']} ({agency_id}) appears in one "
                        f"year only but catatan does not say so"
                    )

    # ---- summary --------------------------------------------------------------------------------
    noted = sum(1 for e in region_names if "register:" in e["catatan"])
    print(
        f"region_names.csv: {len(region_names)} distinct regional (name, kelompok, jenis); "
        f"{len({e['kode'] for e in region_names})} codes; {noted} with a register note"
    )
    for year in YEARS:
        rows, matched = regional_counts[year]
        print(f"  {year}: {rows} regional rows -> {matched} distinct codes")
    print(
        f"agencies.csv: {len(agencies)} rows, {len(by_id)} ids; "
        + ", ".join(f"{y}: {central_counts[y]} central rows" for y in YEARS)
        + f"; {renamed} ids carry two names; {one_year} ids appear in one year only"
    )
    if errors:
        print(f"FAILED: {len(errors)} problem(s)")
        for error in errors:
            print("  " + error)
        return 1
    print(
        "OK: every row maps to exactly one entry; kinds, provinces and notes agree; "
        "no code or id twice in a year; one jenis per id"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
