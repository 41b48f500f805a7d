"""Checks of `agencies.csv` and `agency_successions.csv` against the results rows (see `check_names.py`).

agency_successions.csv (pendahulu, penerus, tahun, peristiwa, dasar): a body that merged into another,
was raised to a ministry, split or dissolved keeps its own identifier and history; this table says what
became of it, so that a page can name an agency's predecessors. Standard library only.
"""

import re
from collections import Counter, defaultdict
from pathlib import Path

from matching import agency_key
from sources import CENTRAL, read

HERE = Path(__file__).resolve().parent
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SUCCESSION_COLUMNS = ["pendahulu", "penerus", "tahun", "peristiwa", "dasar"]
# Years with a national table of every evaluated instance; an id absent from one of them says why.
FULL_YEARS = ("2018", "2021", "2022", "2023", "2024")
CENTRAL_PER_YEAR = {"2023": 92, "2024": 92}  # as the reports count them


def years_phrase(years) -> str:
    """'2018, 2021, 2022 only': the words an agency's catatan opens with when it misses a national table."""
    return ", ".join(sorted(years)) + " only"


def problems(rows: list[dict], matches, agencies: list[dict]) -> list[str]:
    errors = []
    counted = Counter(agency_key(entry, entry["kelompok"]) for entry in agencies)
    errors += [f"agencies: {k} listed {n} times" for k, n in counted.items() if n > 1]
    errors += [f"agencies: {k} matches no central row" for k in sorted(set(counted) - matches.used_agencies)]
    for entry in agencies:
        if not ID_RE.fullmatch(entry["id"]) or len(entry["id"]) > 30:
            errors.append(f"agencies: id {entry['id']!r} is not [a-z0-9-], at most 30 characters")
        if entry["jenis"] not in CENTRAL:
            errors.append(
                f"agencies: {entry['id']} {entry['tahun']}: jenis {entry['jenis']!r} is not central"
            )
    for year, expected in CENTRAL_PER_YEAR.items():
        found = sum(1 for row in rows if row["tahun"] == year and row["jenis"] in CENTRAL)
        if found != expected:
            errors.append(f"{year}: {found} central rows, expected {expected}")

    per_year = Counter((entry["tahun"], entry["id"]) for entry in agencies)
    for (year, agency_id), count in sorted(per_year.items()):
        if count > 1:
            errors.append(f"agencies {year}: id {agency_id} used {count} times")
    by_id: dict[str, list[dict]] = defaultdict(list)
    for entry in agencies:
        by_id[entry["id"]].append(entry)
    for agency_id, entries in sorted(by_id.items()):
        kinds = {entry["jenis"] for entry in entries}
        if len(kinds) > 1:
            errors.append(f"agencies: id {agency_id} has jenis {sorted(kinds)}")
        years = {entry["tahun"] for entry in entries}
        renamed = len({entry["nama_instansi"] for entry in entries}) > 1
        missing = not set(FULL_YEARS) <= years
        for entry in entries:
            where = f"agencies {entry['tahun']}: {entry['nama_instansi']} ({agency_id})"
            if renamed and not entry["catatan"]:
                errors.append(f"{where} is paired with a different name but catatan is empty")
            if missing and years_phrase(years) not in entry["catatan"]:
                errors.append(
                    f"{where} misses a national table but catatan does not say {years_phrase(years)!r}"
                )
    return errors


def succession_problems(rows: list[dict], matches, agency_ids: dict, folder: Path = HERE) -> list[str]:
    """Both ends are agencies; a predecessor is evaluated in no year after it went (a value carried over from
    its last year is not an evaluation); a successor is evaluated in its own right."""
    errors = []
    successions = read(folder / "agency_successions.csv", SUCCESSION_COLUMNS)
    evaluated = defaultdict(set)
    for row, code in zip(rows, matches.codes, strict=True):
        if code is not None:
            evaluated[code].add(int(row["tahun_lembar"]))
    pairs = Counter((s["pendahulu"], s["penerus"]) for s in successions)
    errors += [f"agency_successions: {pair} listed {n} times" for pair, n in pairs.items() if n > 1]
    for succession in successions:
        before, after = succession["pendahulu"], succession["penerus"]
        where = f"agency_successions: {before} -> {after} ({succession['tahun']})"
        unknown = [agency for agency in (before, after) if agency not in agency_ids]
        if unknown:
            errors.append(f"{where}: {unknown} not among the agencies")
            continue
        if before == after or not (succession["peristiwa"] and succession["dasar"]):
            errors.append(f"{where}: needs two different agencies, what happened and its basis")
        year = int(succession["tahun"])
        later = sorted(y for y in evaluated[before] if y > year)
        if later:
            errors.append(f"{where}: {before} is still evaluated in {later}")
        if not evaluated[after]:
            errors.append(f"{where}: {after} has no result of its own")
    return errors
