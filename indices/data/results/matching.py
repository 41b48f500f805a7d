"""Every results row to its portal instance code, through the reviewed tables beside this script.

- `region_names.csv` (nama_instansi, kelompok, jenis, kode, catatan): a regional name as printed, with the
  `kelompok` its row prints (empty in the compiled and press files, which print none), to its Kemendagri code.
- `agencies.csv` (id, jenis, kelompok, tahun, nama_instansi, catatan): a central row of one year (its group as
  the report prints it; empty where the source prints none) to the agency's identifier.
- `kemenpanrb_codes.csv` (kode_kemenpanrb, tahun, nama_instansi, kode, catatan): KemenPANRB's own instance
  code to the portal code. A row with `tahun` empty holds in every year (`nama_instansi` is a name printed
  with it, for the reader). A row with `tahun` set is an erratum: in that year's sheet, the row of that name
  carries a code that belongs to another instance, and its `catatan` says why the name decides.

A row is matched by its name, and a row that carries a KemenPANRB code by its code too: both must give the
same instance, so two tables reviewed apart prove each other. A name that two places share would show here
as a disagreement, never as a silent pick. Standard library only.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sources import REGIONAL, label, read

HERE = Path(__file__).resolve().parent
REGION_COLUMNS = ["nama_instansi", "kelompok", "jenis", "kode", "catatan"]
AGENCY_COLUMNS = ["id", "jenis", "kelompok", "tahun", "nama_instansi", "catatan"]
CODE_COLUMNS = ["kode_kemenpanrb", "tahun", "nama_instansi", "kode", "catatan"]


@dataclass
class Tables:
    regions: list[dict]
    agencies: list[dict]
    codes: list[dict]

    @classmethod
    def load(cls, folder: Path = HERE) -> "Tables":
        return cls(
            regions=read(folder / "region_names.csv", REGION_COLUMNS),
            agencies=read(folder / "agencies.csv", AGENCY_COLUMNS),
            codes=read(folder / "kemenpanrb_codes.csv", CODE_COLUMNS),
        )


def region_key(row: dict) -> tuple:
    return (row["nama_instansi"], row["kelompok"], row["jenis"])


def agency_key(row: dict, group: str) -> tuple:
    return (row["tahun"], row["nama_instansi"], row["jenis"], group)


@dataclass
class Matches:
    """The portal code of each row (None where it has none), what matched it, and what went wrong."""

    codes: list[str | None] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    used_regions: set = field(default_factory=set)
    used_agencies: set = field(default_factory=set)
    used_codes: set = field(default_factory=set)


def match(rows: list[dict], tables: Tables) -> Matches:
    regions, agencies = defaultdict(list), defaultdict(list)
    for entry in tables.regions:
        regions[region_key(entry)].append(entry)
    for entry in tables.agencies:
        agencies[agency_key(entry, entry["kelompok"])].append(entry)
    ordinary, errata = defaultdict(list), defaultdict(list)
    for entry in tables.codes:
        if entry["tahun"]:
            errata[(entry["kode_kemenpanrb"], entry["tahun"], entry["nama_instansi"])].append(entry)
        else:
            ordinary[entry["kode_kemenpanrb"]].append(entry)

    result = Matches()
    for row in rows:
        if row["jenis"] in REGIONAL:
            key, table, used = region_key(row), "region_names", result.used_regions
            found = [entry["kode"] for entry in regions.get(key, [])]
        else:
            key, table, used = agency_key(row, row["grup"]), "agencies", result.used_agencies
            found = [entry["id"] for entry in agencies.get(key, [])]
        if len(found) != 1:
            result.problems.append(f"{label(row)}: its name matches {len(found)} {table} entries {key}")
            result.codes.append(None)
            continue
        used.add(key)
        result.codes.append(_checked_by_code(row, found[0], ordinary, errata, result))
    return result


def _checked_by_code(row: dict, code: str, ordinary: dict, errata: dict, result: Matches) -> str | None:
    """`code` (the name's match) if the row carries no KemenPANRB code or its code gives the same; else None
    and the problem on record."""
    if not row["kode_kemenpanrb"]:
        return code
    erratum = (row["kode_kemenpanrb"], row["tahun_lembar"], row["nama_instansi"])
    by_code = errata.get(erratum) or ordinary.get(row["kode_kemenpanrb"], [])
    if len(by_code) != 1:
        result.problems.append(
            f"{label(row)}: KemenPANRB code {row['kode_kemenpanrb']} matches {len(by_code)} kemenpanrb_codes entries"
        )
        return None
    result.used_codes.add(id(by_code[0]))
    if by_code[0]["kode"] != code:
        result.problems.append(
            f"{label(row)}: its name gives {code}, its KemenPANRB code {row['kode_kemenpanrb']} "
            f"gives {by_code[0]['kode']}"
        )
        return None
    return code
