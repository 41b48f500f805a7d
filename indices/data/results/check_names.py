#!/usr/bin/env python3
"""Check the reviewed name tables against the shared SPBE results, the region register and the press figures.

    python indices/data/results/check_names.py ../shared/data [regions.csv]

The first argument is the shared data folder (its `hasil-evaluasi` folder is accepted too): the national
results of 2018 and 2021-2024, the 2021 values carried into 2022, the 2025 press figures and the indicator
levels of 2021 and 2022. The tables checked sit beside this script (see `matching.py` for the name tables and
the KemenPANRB code table, `agency_checks.py` for the agencies and their successions, `press_checks.py` for
the press figures in `../published_scores.json`).

Every row of every file must match exactly one instance, by its name and, where it carries one, by its
KemenPANRB code, and no instance may stand twice in a year. The register defaults to
regions/data/regions.csv of this repository. Standard library only. Exits 0 when every check passes, 1 with
each offending row or entry named otherwise.
"""

import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import agency_checks
import press_checks
import sources
from matching import Tables, match, region_key

HERE = Path(__file__).resolve().parent
DEFAULT_REGISTER = HERE.parents[2] / "regions" / "data" / "regions.csv"
REGIONAL = sources.REGIONAL

# Rows per file, as the shared README counts them.
EXPECTED_ROWS = {
    "spbe-2018.csv": 616,
    "spbe-2021.csv": 517,
    "spbe-2022.csv": 554,
    "spbe-2022-bawaan-2021.csv": 66,
    "spbe-2023.csv": 621,
    "spbe-2024.csv": 615,
    "spbe-2025-berita.csv": 5,
}

# The results' kelompok for regional rows is the province, printed in several ways. Besides the register
# name (compared ignoring case, spacing and punctuation) and a "Pemerintah Daerah " / "Pemerintah Daerah di "
# prefix (2024 tables of six provinces; every 2018 table), these spellings occur; each is mapped by hand.
KELOMPOK_ALIASES = {
    "Bangka Belitung": "19",  # register: Kepulauan Bangka Belitung ("Kepulauan" dropped, 2023)
    "Kep. Bangka Belitung": "19",  # "Kep." abbreviates "Kepulauan" (2018)
    "D.I Yogyakarta": "34",  # register: Daerah Istimewa Yogyakarta
    "Yogyakarta": "34",  # "Pemerintah Daerah di Yogyakarta" (2018): the province, not the city
    "DKI Jakarta": "31",  # register: Daerah Khusus Ibukota Jakarta
    "Nusa Tenggara Tlmur": "53",  # misprint of Nusa Tenggara Timur (2024)
}
# Provinces carved out in 2022 (UU 14, 15 and 16/2022 from Papua; UU 29/2022 from Papua Barat): tables of
# earlier years print their regencies and cities under the province they belonged to then.
CARVED_OUT = {"93": "91", "94": "91", "95": "91", "96": "92"}
FIRST_YEAR_OF_CARVED_OUT = 2023


def key(text: str) -> str:
    """Compare names ignoring case, spacing and punctuation."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def printed_base(name: str, jenis: str) -> str | None:
    """The place name inside a printed regional name, without the government prefix."""
    patterns = {
        "provinsi": r"(?:Pemerintah )?Provinsi (.+)",  # "Pemerintah Aceh" etc. need a note
        "kabupaten": r"(?:Pemerintah )?Kab(?:\.|upaten) (.+)",
        "kota": r"(?:Pemerintah )?Kota (.+)",
    }
    match = re.fullmatch(patterns[jenis], name)
    return match.group(1) if match else None


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__)
        return 2
    data = sources.data_root(Path(argv[1]))
    register = {
        row["code"]: row for row in sources.read(Path(argv[2]) if len(argv) == 3 else DEFAULT_REGISTER)
    }
    rows = sources.rows(data)
    tables = Tables.load()
    matches = match(rows, tables)
    agency_ids = {entry["id"]: entry["jenis"] for entry in tables.agencies}

    errors = list(matches.problems)
    errors += count_problems(rows)
    errors += region_problems(rows, matches, tables.regions, register)
    errors += agency_checks.problems(rows, matches, tables.agencies)
    errors += agency_checks.succession_problems(rows, matches, agency_ids)
    errors += code_problems(rows, tables.codes, matches, register, agency_ids)
    errors += once_a_year_problems(rows, matches.codes)
    errors += indicator_problems(rows, sources.indicator_rows(data))
    errors += press_checks.problems(rows, matches.codes)

    summary(rows, matches, tables)
    if errors:
        print(f"FAILED: {len(errors)} problem(s)")
        for error in errors:
            print("  " + error)
        return 1
    print(
        "OK: every row matches exactly one instance by name and by KemenPANRB code where it has one; kinds, "
        "provinces and notes agree; no instance twice in a year; every press figure in published_scores.json"
    )
    return 0


def count_problems(rows: list[dict]) -> list[str]:
    counts = Counter(row["berkas"] for row in rows)
    return [
        f"{name}: {counts[name]} rows, the shared README says {expected}"
        for name, expected in EXPECTED_ROWS.items()
        if counts[name] != expected
    ]


def province_of(kelompok: str, by_name: dict) -> str | None:
    if kelompok in KELOMPOK_ALIASES:
        return KELOMPOK_ALIASES[kelompok]
    place = re.sub(r"^Pemerintah Daerah (di )?", "", kelompok)
    return KELOMPOK_ALIASES.get(place) or by_name.get(key(place))


def region_problems(rows: list[dict], matches, entries: list[dict], register: dict) -> list[str]:
    errors = []
    by_name = {key(r["name"]): code for code, r in register.items() if r["kind"] == "provinsi"}
    counted = Counter(region_key(entry) for entry in entries)
    errors += [f"region_names: {k} listed {n} times" for k, n in counted.items() if n > 1]
    for entry in entries:
        errors += _entry_problems(entry, register)
    for k in sorted(set(counted) - matches.used_regions):
        errors.append(f"region_names: {k} matches no row of any year")
    # The province a row's kelompok names must be its region's, as it was in the row's year.
    for row, code in zip(rows, matches.codes, strict=True):
        if row["jenis"] not in REGIONAL or not row["kelompok"] or code not in register:
            continue
        expected = province_of(row["kelompok"], by_name)
        actual = code if row["jenis"] == "provinsi" else register[code]["province_code"]
        then = CARVED_OUT.get(actual) if int(row["tahun"]) < FIRST_YEAR_OF_CARVED_OUT else None
        if expected is None:
            errors.append(f"{sources.label(row)}: kelompok {row['kelompok']!r} is no known province")
        elif expected not in (actual, then):
            errors.append(
                f"{sources.label(row)}: register province of {code} is {actual}, kelompok says {expected}"
            )
    return errors


def _entry_problems(entry: dict, register: dict) -> list[str]:
    name, kelompok, jenis, code = (entry[c] for c in ("nama_instansi", "kelompok", "jenis", "kode"))
    label = f"region_names: {name} ({kelompok}, {jenis}) -> {code}"
    place = register.get(code)
    if jenis not in REGIONAL:
        return [f"{label}: jenis is not regional"]
    if place is None:
        return [f"{label}: code not in the register"]
    errors = []
    if place["kind"] != jenis:
        errors.append(f"{label}: register kind is {place['kind']} ({place['name']})")
    if place["is_evaluated"] != "1":
        errors.append(f"{label}: register marks {place['name']} as not evaluated")
    if jenis != "provinsi":
        number = int(code.split(".")[1])
        if (jenis == "kota") != (number >= 71):
            errors.append(f"{label}: code number {number:02d} does not fit a {jenis}")
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
    return errors


def code_problems(
    rows: list[dict], entries: list[dict], matches, register: dict, agency_ids: dict
) -> list[str]:
    """kemenpanrb_codes.csv: one ordinary entry per code and per instance, errata explained, every entry used,
    and each regional code's two-digit prefix the KemenPANRB code of its province."""
    errors = []
    ordinary = [e for e in entries if not e["tahun"]]
    errata = [e for e in entries if e["tahun"]]
    printed = defaultdict(set)
    for row in rows:
        if row["kode_kemenpanrb"]:
            printed[row["kode_kemenpanrb"]].add(row["nama_instansi"])
    for field, counted in (
        ("code", Counter(e["kode_kemenpanrb"] for e in ordinary)),
        ("instance", Counter(e["kode"] for e in ordinary)),
        ("erratum", Counter((e["kode_kemenpanrb"], e["tahun"], e["nama_instansi"]) for e in errata)),
    ):
        errors += [f"kemenpanrb_codes: {field} {k} has {n} entries" for k, n in counted.items() if n > 1]
    for entry in entries:
        label = f"kemenpanrb_codes: {entry['kode_kemenpanrb']} ({entry['tahun'] or 'every year'}) -> {entry['kode']}"
        if id(entry) not in matches.used_codes:
            errors.append(f"{label}: matches no row")
        if entry["kode"] not in register and entry["kode"] not in agency_ids:
            errors.append(f"{label}: neither a region in the register nor an agency of agencies.csv")
        if entry["nama_instansi"] not in printed[entry["kode_kemenpanrb"]]:
            errors.append(f"{label}: {entry['nama_instansi']!r} is never printed with this code")
        if entry["tahun"] and not entry["catatan"].startswith("erratum: "):
            errors.append(f"{label}: an erratum needs a catatan 'erratum: <why the name decides>'")
    # The prefix rule, a check on the hundreds of mechanical regional entries: 5100 Aceh, 5106 Kab. Aceh Barat.
    regional = [e for e in ordinary if e["kode"] in register]
    prefixes = {
        e["kode_kemenpanrb"][:2]: e["kode"] for e in regional if register[e["kode"]]["kind"] == "provinsi"
    }
    for entry in regional:
        province = entry["kode"].split(".")[0]
        expected = prefixes.get(entry["kode_kemenpanrb"][:2])
        if expected not in (province, CARVED_OUT.get(province)):
            errors.append(
                f"kemenpanrb_codes: {entry['kode_kemenpanrb']} -> {entry['kode']}: the code's prefix is that of "
                f"province {expected}"
            )
    return errors


def once_a_year_problems(rows: list[dict], codes: list) -> list[str]:
    seen = defaultdict(list)
    for row, code in zip(rows, codes, strict=True):
        if code is not None:
            seen[(row["tahun"], code)].append(sources.label(row))
    return [f"{year}: {code} matched by {labels}" for (year, code), labels in seen.items() if len(labels) > 1]


def indicator_problems(rows: list[dict], indicators: dict[str, list[dict]]) -> list[str]:
    """The indicator files hold the compiled rows one for one: same locator, name, kind and code."""
    errors = []
    for year, levels in indicators.items():
        compiled = {
            r["lokasi_sumber"]: r for r in rows if r["tahun"] == year and r["jenis_sumber"] == "kompilasi"
        }
        by_locator = {r["source_locator"]: r for r in levels}
        if len(by_locator) != len(levels) or set(by_locator) != set(compiled):
            errors.append(
                f"indikator/spbe-{year}.csv: its rows are not the compiled rows of {year} one for one"
            )
            continue
        for locator, level in by_locator.items():
            row = compiled[locator]
            pairs = [("name_as_printed", "nama_instansi"), ("kind", "jenis"), ("kode", "kode_kemenpanrb")]
            if any(level[a] != row[b] for a, b in pairs):
                errors.append(f"indikator/spbe-{year}.csv: {locator} differs from {sources.label(row)}")
    return errors


def summary(rows: list[dict], matches, tables: Tables) -> None:
    per_file = Counter((row["tahun"], row["jenis_sumber"], row["berkas"]) for row in rows)
    matched = Counter(row["berkas"] for row, code in zip(rows, matches.codes, strict=True) if code)
    for (year, kind, name), count in sorted(per_file.items()):
        print(f"  {year} {kind:9} {name}: {count} rows, {matched[name]} matched")
    errata = sum(1 for e in tables.codes if e["tahun"])
    print(
        f"region_names.csv: {len(tables.regions)} entries ({len(matches.used_regions)} used); "
        f"agencies.csv: {len(tables.agencies)} rows, {len({a['id'] for a in tables.agencies})} ids; "
        f"kemenpanrb_codes.csv: {len(tables.codes) - errata} codes and {errata} errata "
        f"({len(matches.used_codes)} used); unmatched rows: {matches.codes.count(None)}"
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv))
