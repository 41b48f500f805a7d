"""The 2025 press figures live in `../published_scores.json`, the one place for figures that regional
governments and the press published; this proves each row of the shared `spbe-2025-berita.csv` stands there
once, for the instance its name matches, with its value, its domains and its source. Standard library only.
"""

import json
from pathlib import Path

from sources import DOMAINS, label

PUBLISHED = Path(__file__).resolve().parents[1] / "published_scores.json"


def problems(rows: list[dict], codes: list, path: Path = PUBLISHED) -> list[str]:
    spec = json.loads(path.read_text(encoding="utf-8"))
    errors = []
    for row, code in zip(rows, codes, strict=True):
        if row["jenis_sumber"] != "berita" or code is None:
            continue
        where = f"{label(row)} -> {code}"
        found = [s for s in spec["scores"] if s[0] == code and s[1] == int(row["tahun"])]
        if len(found) != 1:
            errors.append(f"{where}: {len(found)} scores in published_scores.json")
            continue
        _code, _year, value, source_key, note = found[0]
        if value != row["indeks"]:
            errors.append(f"{where}: published_scores.json holds {value}, the press {row['indeks']}")
        errors += _domain_problems(where, row, spec["domains"].get(f"{code} {row['tahun']}"), note)
        source = spec["sources"].get(source_key, {})
        cited = row["lokasi_sumber"].split(" ; ")[0]
        if cited.startswith("http") and source.get("url") != cited:
            errors.append(
                f"{where}: source {source_key} has URL {source.get('url')!r}, the row cites {cited}"
            )
        if not cited.startswith("http") and cited.split(":")[0] not in source.get("document", ""):
            errors.append(f"{where}: source {source_key} does not name {cited.split(':')[0]}")
        if not source.get("publisher"):
            errors.append(f"{where}: source {source_key} names no publisher")
    return errors


def _domain_problems(where: str, row: dict, domains: list | None, note: str) -> list[str]:
    """All four domains published: they stand in `domains`. Some: the note gives them (the file's domain
    lists are positional and cannot skip one). None: nothing."""
    published = [row[column] for column in DOMAINS]
    if all(published):
        return [] if domains == published else [f"{where}: domains {domains}, the press {published}"]
    if domains is not None:
        return [f"{where}: domains recorded though the press gives only {published}"]
    missing = [value for value in published if value and value not in note]
    return [f"{where}: the note does not give the published domain values {missing}"] if missing else []
