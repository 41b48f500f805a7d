"""Build the Pemerintah Digital 2026 data (PermenPANRB 8/2026) as JSON, every item with its source.

Usage: python build_pemdi_2026.py KRITERIA.md OUTPUT.json [FIXTURE.json]

KRITERIA.md is the shared reference regulations/pemdi-2026-kriteria.md. The regulation's Lampiran (questions
and level criteria) was not found; that file assembles what regional apps and guides hold and keys each
source A-G, X in its section 0. This script reads its sections 0-3 (pemdi_2026_sources_and_rules.py: sources
and their class, level names, formulas and value rules, the 2026 calendar) and per indicator of section 4 its
aspect, weight, names, descriptions, each source's text for levels 1-5 and the evidence items (butir data
dukung). FIXTURE.json, if given, receives the real 2026 assessor result of Kab. Aceh Tengah (section 2.1).

The criterion shown for a level is a verified module patch (C, [P ...]) where there is one; where the file
says the sources disagree (I3, I11, I17, I20), else the module's extraction (C, [O ...]) placed at that
level; else A's, the only source with all five levels. What is not shown stays beside it with its source.
Any structure other than the one expected stops the build. Stdlib only.
"""

import json
import re
import sys
from decimal import Decimal

from pemdi_2026_sources_and_rules import (
    EXTERNAL,
    NUMBER,
    clean,
    number,
    one,
    parse_assessor_result,
    parse_calendar,
    parse_level_names,
    parse_rules,
    parse_sources,
)

EXPECTED_ITEMS = 232  # section 0, source D: "232 items for 20 indicators"
EXPECTED_DISAGREEING = {3, 11, 17, 20}  # whose "Kesesuaian sumber" says the sources disagree
# An evidence item whose text says the module gives none: (indicator, level, item) -> note.
ITEM_NOTES = {
    (
        9,
        3,
        1,
    ): "D holds no module item for this level (NotebookLM: not specified in the module) and points to "
    "the module's criterion instead.",
}
QUESTION_GAP = (
    "The gazetted Lampiran (kuesioner: pertanyaan + kriteria per tingkat) was not found in any reachable corpus; "
    "no source gives the question. See the descriptions."
)


def placement(tag):
    """(level the file places a module fragment at, or None; how) from the fragment's tag."""
    if m := re.fullmatch(r"\[L(\d) dlm ekstraksi; (.+)\]", tag):
        return int(re.findall(r"L(\d)", m[2])[-1]), f"extracted as level {m[1]}; the file's reading"
    if m := re.fullmatch(r"L(\d)(?: \((.+)\))?", tag):
        if swapped := re.fullmatch(r"ekstraksi tertukar dgn L(\d)", m[2] or ""):
            return int(swapped[1]), f"extracted as level {m[1]}, swapped; the file's reading"
        return int(m[1]), "level uncertain (?)" if m[2] == "?" else "level as extracted"
    return None, "not placed at one level"


def module_fragments(module, src):
    """Section C of an indicator: fragments by level, the unplaced ones and the initial condition (L0)."""
    by_level, unplaced, initial = {}, [], None
    found = re.findall(r"^- \[(P|O) (\[[^\]]*\]|[^\]]*)\] (.+)$", module, re.M)
    assert len(found) == len(re.findall(r"^- \[", module, re.M)), module
    for marker, tag, text in found:
        level, how = placement(tag)
        item = {
            "text": clean(text),
            **src.ref("C", tag=f"[{marker} {tag}]", verified=marker == "P", placement=how),
        }
        if level == 0:
            initial = item
        elif level is None:
            unplaced.append(item)
        else:
            by_level.setdefault(level, []).append(item)
    return by_level, unplaced, initial


def shown_and_others(a_text, here, disagreeing, src):
    """The criterion shown for one level and the other versions kept beside it (see the docstring)."""
    a_version = {"text": clean(a_text), **src.ref("A", note="draft-era summary, April 2026")}
    verified = [f for f in here if f["verified"]]
    assert len(verified) <= 1, here
    candidates = verified or ([f for f in here if not f["verified"]] if disagreeing else [])
    if candidates:
        shown = {
            **candidates[0],
            "basis": "Module wording, verified patch."
            if candidates[0]["verified"]
            else "Module extraction, shown because the sources disagree; its level may be shifted by one.",
        }
        return shown, [a_version] + [f for f in here if f is not candidates[0]]
    basis = (
        "A: no module text recovered at this level."
        if disagreeing
        else "A: the only source with text at this level; the sources agree in substance."
    )
    return {**a_version, "basis": basis}, here


def evidence_items(n, level, text, src):
    pieces = re.split(r"(?:^| · )\((\d+)\) ", text)
    assert pieces[0] == "" and pieces[1::2] == [str(k) for k in range(1, len(pieces) // 2 + 1)], (n, level)
    return [
        {"code": f"I{n}-L{level}-{k:02d}", "source_code": f"GT.I{n}_L{level}_{k}", "text": clean(item),
         **src.ref("D"), **({"note": ITEM_NOTES[n, level, k]} if (n, level, k) in ITEM_NOTES else {})}
        for k, item in enumerate(pieces[2::2], 1)
    ]  # fmt: skip


def build_indicator(block, src):
    """One "### In." block of section 4: (aspect number, aspect name, aspect weight, indicator)."""
    n, name = re.match(r"I(\d+)\. (.+)", block).groups()
    n = int(n)
    aspect, aspect_name, aspect_weight, weight, weight_a = one(
        r"^- \*\*Aspek\*\*: (\d)\. (.+?) \((\d+)%\) · \*\*Bobot indikator\*\*: (\d+)% \(A: (\d+)%\)$",
        block,
        re.M,
    )
    name_a = one(
        r'^- \*\*Nama lain di sumber\*\*: A/B: "(.+?)" · asesor \(Aceh Tengah 2026\): see §2\.4$', block, re.M
    )
    scored = re.findall(r"^- \*\*Dinilai dari indeks instansi lain\*\*: (.+)$", block, re.M)
    table, rest = block.split("**C. Teks Modul Indikator")
    module, rest = rest.split("**D. Data dukung per tingkat")
    evidence, agreement = rest.split("**Kesesuaian sumber**: ")
    agreement = clean(agreement)
    disagreeing = bool(re.search(r"DISAGREEMENT|disagreement|NOT the same", agreement))
    rows = re.findall(r"^\| ([1-5]) \| (.+?) \| (.+?) \|$", table, re.M)
    items = re.findall(r"^- \*\*L([1-5])\*\*: (.+)$", evidence, re.M)
    assert [r[0] for r in rows] == [i[0] for i in items] == list("12345"), (n, rows, items)
    fragments, unplaced, initial = module_fragments(module, src)
    levels = []
    for (level, a_text, b_cell), (_, item_text) in zip(rows, items, strict=True):
        level = int(level)
        shown, others = shown_and_others(a_text, fragments.get(level, []), disagreeing, src)
        value_range, expected = b_cell.split(" · ", 1)
        levels.append({
            "level": level, "criterion": shown, "other_versions": others,
            "value_range": {"text": value_range, **src.ref("B")},
            "expected_evidence": {"text": expected, **src.ref("B")} if expected != "-" else
            {"text": None, "gap": "B gives no expected evidence for this level.", **src.ref("B")},
            "evidence_items": evidence_items(n, level, item_text, src),
        })  # fmt: skip
    indicator = {
        "number": n,
        "code": f"I{n}",
        "name": clean(name),
        "weight": weight,
        "name_and_weight_source": "The file's heading and weight; section 0 names F as the source of the "
        "regulation's names and weights" + ("." if weight == weight_a else f"; A gives {weight_a}%."),
        "other_names": [{"name": name_a, **src.ref("A", agreeing_sources=src.refs("B"))}],
        "scored_from": {"text": clean(scored[0]), **src.ref("G")} if scored else None,
        "question": None,
        "question_gap": QUESTION_GAP,
        "descriptions": [
            {"text": one(r"^- \*\*Deskripsi\*\* \(A, ringkasan draf\): (.+)$", block, re.M), **src.ref("A")},
            {"text": one(r"^- \*\*Deskripsi\*\* \(B\): (.+)$", block, re.M), **src.ref("B")},
        ],
        "sources_disagree": disagreeing,
        "source_agreement": {"text": agreement, "by": "the compiler of pemdi-2026-kriteria.md"},
        "initial_condition": initial,
        "unplaced_module_fragments": unplaced,
        "levels": levels,
    }
    return int(aspect), clean(aspect_name), aspect_weight, indicator


def parse_indicators(text, src, assessor_names):
    aspects = {}
    blocks = re.split(r"^### ", text.split("\n## 4. ", 1)[1], flags=re.M)[1:]
    assert len(blocks) == 20, len(blocks)
    for block in blocks:
        a, name, weight, indicator = build_indicator(block, src)
        aspect = aspects.setdefault(a, {"number": a, "name": name, "weight": weight, "indicators": []})
        assert (aspect["name"], aspect["weight"]) == (name, weight), indicator["number"]
        assessor = assessor_names[indicator["number"] - 1]
        assert assessor["code"].startswith(f"{a}."), assessor  # "n.m": aspect n, its m-th indicator
        indicator["other_names"].append({k: v for k, v in assessor.items() if k != "indicator"})
        aspect["indicators"].append(indicator)
    check(aspects)
    return list(aspects.values())


def check(aspects):
    """Numbering, weights that add up, the disagreements and the item count the file states."""
    assert list(aspects) == list(range(1, 8))
    indicators = [i for a in aspects.values() for i in a["indicators"]]
    assert [i["number"] for i in indicators] == list(range(1, 21))
    for a in aspects.values():
        assert sum(Decimal(i["weight"]) for i in a["indicators"]) == Decimal(a["weight"]), a["number"]
    assert sum(Decimal(a["weight"]) for a in aspects.values()) == 100
    assert {i["number"] for i in indicators if i["sources_disagree"]} == EXPECTED_DISAGREEING
    assert {i["number"] for i in indicators if i["scored_from"]} == set(EXTERNAL)
    codes = [e["code"] for i in indicators for level in i["levels"] for e in level["evidence_items"]]
    assert len(codes) == len(set(codes)) == EXPECTED_ITEMS, len(codes)
    assert all(level["criterion"]["text"] for i in indicators for level in i["levels"])


def build(text):
    src = parse_sources(text)
    level_name_sets, predicate_bands = parse_level_names(text, src)
    rules = parse_rules(text, src)
    aspects = parse_indicators(text, src, rules["assessor_names"])
    indicators = {i["number"]: i for a in aspects for i in a["indicators"]}
    i18 = rules["external_indices"]["indicators"][3]  # its bands are those of its evidence items
    i18["bands"] = [
        [
            number(x)
            for x in re.search(rf"({NUMBER}) < SDI < ({NUMBER})", level["evidence_items"][1]["text"]).groups()
        ]
        for level in indicators[18]["levels"]
    ]
    sdi = rules["external_indices"]["indicators"][0]["conversion"]["bands"]
    assert [[b["score_lower"], b["score_upper"]] for b in sdi] == i18["bands"]
    fixture = parse_assessor_result(text, src)
    for tally in fixture["suggestion_rule_checks"]:  # the file's totals are D's item counts
        counts = [len(level["evidence_items"]) for level in indicators[tally["indicator"]]["levels"]]
        assert [total for _, total in tally["tallies"]] == counts[: len(tally["tallies"])], tally
    data = {
        "framework": "pemdi-2026",
        "_comment": "Indeks Pemerintah Digital 2026 (PermenPANRB 8/2026): level names, formulas, value bands, "
        "other agencies' indices, the 2026 calendar and per indicator its criteria and evidence items, each with "
        "its source key and that source's class (see `sources`). Built by build_pemdi_2026.py from the shared "
        "reference regulations/pemdi-2026-kriteria.md; do not edit by hand. All of it is secondary-source data "
        "for admins to correct, never constants in code.",
        "caveat": clean(one(r"\*\*(The gazetted Lampiran .+?)\*\*", " ".join(text[:2000].split()))),
        "sources": src,
        "level_name_sets": level_name_sets,
        "predicate_bands": predicate_bands,
        **rules,
        "calendar": parse_calendar(text, src),
        "aspects": aspects,
    }
    return data, fixture


def write(data, path):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
        f.write("\n")


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        data, fixture = build(f.read())
    write(data, sys.argv[2])
    if len(sys.argv) == 4:
        write(fixture, sys.argv[3])


if __name__ == "__main__":
    main()
