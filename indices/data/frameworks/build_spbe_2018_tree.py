"""Build the SPBE 2018 framework tree (domains, aspects, indicators, weights) as JSON.

Usage: python build_spbe_2018_tree.py KERANGKA.csv OUTPUT.json

KERANGKA.csv is the shared `kerangka/spbe-2018.csv`: one row per indicator of PermenPANRB 5/2018 with its
domain and aspect and their weights as KemenPANRB's *Hasil Evaluasi SPBE Tahun 2018* prints them (Tabel 1
and 2). The output has the shape of `spbe-2020-tree.json` (domains > aspects > indicators, weights as
percent of the whole index), so `indices.loading` reads it the same way.

What the source does not give stays empty rather than guessed:
- indicator weights: the report weighs domains (17 / 28 / 55) and aspects (7 / 10 / 8 / 8 / 12 / 33 / 22), not
  indicators, so every indicator's weight is null;
- indicator 35 (Layanan Publik Instansi Pemerintah) is listed as 35-1, 35-2 and 35-3, the public services an
  instance is scored on; the tree keeps one indicator 35 and names the three in `parts`.
Stdlib only.
"""

import csv
import json
import re
import sys
from decimal import Decimal

FRAMEWORK = "spbe-2018"
NUMBER = re.compile(r"(Domain|Aspek) (\d+)")
PART = re.compile(r"(\d+)-(\d+)")


def weight(text: str) -> str:
    return str(Decimal(text).quantize(Decimal("0.01")))


def build(rows: list[dict]) -> dict:
    (source,) = {row["source"] for row in rows}
    (locator,) = {row["source_locator"] for row in rows}
    domains: dict[int, dict] = {}
    aspects: dict[int, dict] = {}
    for row in rows:
        domain_number = int(NUMBER.fullmatch(row["domain"])[2])
        aspect_number = int(NUMBER.fullmatch(row["aspect"])[2])
        domain = domains.setdefault(
            domain_number,
            {
                "number": domain_number,
                "name": row["domain_name"],
                "weight": weight(row["domain_weight_pct"]),
                "aspects": [],
            },
        )
        if aspect_number not in aspects:
            aspects[aspect_number] = {
                "number": aspect_number,
                "name": row["aspect_name"],
                "weight": weight(row["aspect_weight_pct"]),
                "indicators": [],
            }
            domain["aspects"].append(aspects[aspect_number])
        indicators = aspects[aspect_number]["indicators"]
        part = PART.fullmatch(row["indicator"])
        if part is None:
            indicators.append(
                {"number": int(row["indicator"]), "name": row["indicator_name"], "weight": None}
            )
            continue
        # "Layanan Publik Instansi Pemerintah 1" .. "3": one indicator scored on up to three services.
        number = int(part[1])
        if not indicators or indicators[-1]["number"] != number:
            name = row["indicator_name"].removesuffix(f" {part[2]}")
            indicators.append({"number": number, "name": name, "weight": None, "parts": []})
        indicators[-1]["parts"].append(row["indicator_name"])
    return {
        "framework": FRAMEWORK,
        "source": source,
        "source_locator": locator,
        "note": (
            "Domain and aspect weights as the 2018 report prints them; the report gives no indicator weights, so "
            "indicators carry none. Indicator 35 is scored on up to three public services (35-1 to 35-3)."
        ),
        "domains": [domains[number] for number in sorted(domains)],
    }


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__)
        return 2
    with open(argv[1], newline="", encoding="utf-8") as handle:
        tree = build(list(csv.DictReader(handle)))
    with open(argv[2], "w", encoding="utf-8") as handle:
        json.dump(tree, handle, ensure_ascii=False, indent=2)
        handle.write("\n")
    counts = [len(tree["domains"]), sum(len(d["aspects"]) for d in tree["domains"])]
    counts.append(sum(len(a["indicators"]) for d in tree["domains"] for a in d["aspects"]))
    print("{} domains, {} aspects, {} indicators".format(*counts))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
