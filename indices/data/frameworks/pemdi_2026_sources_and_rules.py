"""Sections 0-3 of pemdi-2026-kriteria.md for build_pemdi_2026.py: the sources and their class, the level
names, the formulas and value rules, the 2026 calendar and the Aceh Tengah assessor result. Stdlib only.

Each parser asserts the structure it expects and stops the build on anything else.
"""

import json
import re
from decimal import Decimal
from pathlib import Path

# The assessor's output names levels as SPBE 2020 did (section 1); its levels 3 and 4 were not seen in it.
SPBE_2020_TREE = Path(__file__).with_name("spbe-2020-tree.json")
EXTERNAL = {
    5: "Bappenas SDI",
    6: "BIG SJIG",
    7: "BPS EPSS/IPS",
    18: "Bappenas SDI aspek Interoperabilitas Data",
}
MONTHS = {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Mei": 5, "Jun": 6, "Jul": 7, "Aug": 8, "Agu": 8, "Sep": 9}
MONTHS |= {"Okt": 10, "Oct": 10, "Nov": 11, "Des": 12, "Dec": 12}
MONTH = "|".join(MONTHS)
NUMBER = r"\d+(?:,\d+)?"


def clean(text):
    return " ".join(text.replace("**", "").split())


def number(text):
    """'1,26' -> '1.26'; '75' -> '75'."""
    assert re.fullmatch(NUMBER, text), text
    return str(Decimal(text.replace(",", ".")))


def section(text, start, end):
    i = text.index(start)
    return text[i : text.index(end, i)]


def one(pattern, text, flags=0):
    """The one match of pattern in text (its groups); anything else stops the build."""
    found = re.findall(pattern, text, flags)
    assert len(found) == 1, (pattern, found)
    return found[0]


def table_rows(text):
    """Cells of the rows of the markdown tables in text, header and separator rows left out."""
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in text.split("\n")
        if line.strip().startswith("|") and not re.fullmatch(r"[|\-\s:]+", line.strip())
    ]
    return rows[1:]


def bands_in(text):
    return [[number(low), number(high)] for low, high in re.findall(rf"({NUMBER})–({NUMBER})", text)]


def iso(day_month, year):
    """'21 Sep' -> '2026-09-21'; 'Nov' -> '2026-11' (a month alone is as precise as the source)."""
    *day, month = day_month.split()
    return f"{year}-{MONTHS[month]:02d}" + (f"-{int(day[0]):02d}" if day else "")


class Sources(dict):
    def ref(self, key, **more):
        """An item's source: its key and that source's class, as section 0 gives them."""
        return {"source": key, "source_class": self[key]["class"], **more}

    def refs(self, keys):
        return [self.ref(key) for key in keys]


def parse_sources(text):
    sources = Sources()
    for key, where, klass, date, reliability in table_rows(section(text, "## 0.", "## 1.")):
        sources[key] = {"where": clean(where), "class": clean(klass), "date": clean(date)}
        sources[key]["reliability"] = clean(reliability)
    assert sorted(sources) == list("ABCDEFGX"), sorted(sources)
    return sources


def parse_level_names(text, src):
    """Section 1: the regulation's names (Merintis ... Unggul), the assessor's (Rintisan ... Optimum) and
    the predicate bands."""
    part = section(text, "## 1.", "## 2.")
    regulation, bands = [], []
    for level, name, band in table_rows(part):
        predicate, local, english = re.fullmatch(r"(.+?) \((\w+) / \*(\w+)\*\)", name).groups()
        low, high = re.fullmatch(r"(\d,\d\d) – (?:< )?(\d,\d\d)", band).groups()
        regulation.append({"level": int(level), "name": local, "english": english})
        bands.append(
            {"level": int(level), "predicate": predicate, "lower": number(low), "upper": number(high)}
        )
    assert [n["name"] for n in regulation] == ["Merintis", "Membangun", "Berkembang", "Melembaga", "Unggul"]
    assert "F, G, B and the Aceh Tengah guide agree word for word" in part
    seen = dict(re.findall(r"(\d),00 \((\w+)\)", part))  # the scale "1,00 (Rintisan) s.d. 5,00 (Optimum)"
    shown = re.findall(r'"(\w+)"', one(r"indicator levels\s+shown as ([^(]+)\(E\)", part))
    assert [seen["1"], *shown, seen["5"]] == ["Rintisan", "Rintisan", "Terkelola", "Optimum"], (seen, shown)
    spbe = json.loads(SPBE_2020_TREE.read_text(encoding="utf-8"))["level_names"]["process"]
    assessor = []
    for level, name in enumerate(spbe, 1):
        entry = {"level": level, "name": name, **src.ref("E")}
        if name not in (*seen.values(), *shown):
            entry["gap"] = (
                f"Not seen in the assessor's output (E), which uses the SPBE 2020 names: this is level {level} "
                "of PermenPANRB 59/2020's process scale (spbe-2020-tree.json), unconfirmed for 2026."
            )
        assessor.append(entry)
    names = [
        {"key": "regulation", "label": "Merintis … Unggul (PermenPANRB 8/2026, kuesioner headings)",
         "names": regulation, **src.ref("G", agreeing_sources=src.refs("FBC"))},
        {"key": "assessor", "label": "Rintisan … Optimum (the assessor's 2026 output)", "names": assessor,
         **src.ref("E")},
    ]  # fmt: skip
    return names, {"bands": bands, **src.ref("F", agreeing_sources=src.refs("G"), note="Tabel 4")}


def parse_formulas(part, src):
    formulas = {
        "aspect_index": {"text": one(r"- (Indeks Aspek_i = [^-]+?) - ", part)},
        "index": {"text": one(r"- (Indeks Pemdi = .+? No domains\.)", part)},
        "computed_by": "indices.scoring.roll_up: weights in percent, aspects directly under the index",
    }
    for formula in (formulas["aspect_index"], formulas["index"]):
        formula.update(src.ref("G", agreeing_sources=src.refs("B"), note="and the Aceh Tengah guide"))
    return formulas


def parse_suggestion_rule(part, src):
    bands = bands_in(one(r"band (1,0–1,5, L2 1,5–2,5, L3 2,5–3,5, L4 3,5–4,0, L5 4,0–5,0)", part))
    return {
        "status": "Inferred in the file from the 2026 assessor result (E) and the item counts (D); no source "
        "documents it. A default the user may overwrite.",
        "rule": "The value moves linearly through the band of the level being earned by the share of that "
        "level's items accepted; a level is earned when all its items are accepted, levels cumulative.",
        "value_bands": [{"level": i, "lower": low, "upper": high} for i, (low, high) in enumerate(bands, 1)],
        "cascade": {
            "rule": "Every item of a level above one not fully accepted counts as rejected.",
            "assessor_wording": one(
                r'"(Otomatis ditolak karena tingkat kematangan sebelumnya ditolak)"', part
            ),
            **src.ref("E"),
        },
        "not_reproduced": "I3, I4 and I20 of the Aceh Tengah result: items are probably not weighted equally.",
        **src.ref("E", agreeing_sources=src.refs("D")),
    }


def convert(score, bands):
    """Linear inside the band holding score; bands are [score_low, score_high, value_low, value_high]."""
    for low, high, value_low, value_high in (map(Decimal, row) for row in bands):
        if low <= score <= high:
            return value_low + (value_high - value_low) * (score - low) / (high - low)
    raise ValueError(score)


def parse_external_indices(part, src):
    """Section 2.3: I5, I6, I7, I18 from other agencies' indices; IKASANDI as evidence bands."""
    sdi = bands_in(one(r"(SDI 0–12,5 → .+?) Worked examples", part))
    sdi = [[*s, *v] for s, v in zip(sdi[0::2], sdi[1::2], strict=True)]
    examples = re.findall(rf"SDI ({NUMBER}) → \*\*(\d,\d\d)\*\*", part)
    examples = [{"score": number(score), "value": number(value)} for score, value in examples]
    assert len(sdi) == 5 and len(examples) == 2, (sdi, examples)
    for example in examples:
        assert convert(Decimal(example["score"]), sdi) == Decimal(example["value"]), example
    ips = one(r"I7 bands \(A/B and C L5\): IPS <(\d,\d) / (.+?) \(EPSS predicate bands\)", part)
    assert "conversion formula for I7 not found" in part
    keys = ("score_lower", "score_upper", "value_lower", "value_upper")
    return {
        "scored_from_other_indices": sorted(EXTERNAL),
        "while_missing": {
            "value": "1",
            "assessor_wording": one(r'"(Asumsi nilai dari indikator yang menggunakan indeks lain = 1)"', part),
            **src.ref("E"),
        },
        "self_assessment": "The instance does not set these values in its self-assessment (E).",
        "indicators": [
            {"indicator": 5, "index": EXTERNAL[5], "conversion": {
                "kind": "linear inside bands", "bands": [dict(zip(keys, b, strict=True)) for b in sdi],
                "worked_examples": examples,
                "module_wording": one(r'("Nilai konversi ini secara otomatis akan masuk ke dalam sistem tauval\.")', part),
                **src.ref("C", agreeing_sources=src.refs("AB"), note="A and B give the same SDI bands")}},
            {"indicator": 6, "index": EXTERNAL[6], "bands": bands_in(one(r"I6 bands \(A/B\): SJIG ([^(]+)\(", part)),
             **src.ref("A", agreeing_sources=src.refs("B")), "conversion": None,
             "conversion_gap": "No source states the conversion. SJIG is already on the 1-5 scale with the "
             "value bands' edges, so the score itself is the likely value: unconfirmed."},
            {"indicator": 7, "index": EXTERNAL[7], "bands": [[None, number(ips[0])], *bands_in(ips[1])],
             "bands_note": "The EPSS predicate bands; the lowest has no lower bound in the sources (IPS < 1,8).",
             **src.ref("A", agreeing_sources=src.refs("BC")), "conversion": None,
             "conversion_gap": "The conversion formula for I7 was not found (file, section 2.3); its bands differ "
             "from the value bands, so I5's rule does not carry over."},
            {"indicator": 18, "index": EXTERNAL[18], "bands": None, **src.ref("D"), "conversion": None,
             "conversion_gap": "D grades each level by the SDI bands of aspek Interoperabilitas Data and by "
             "Arsitektur Data from SIAP Digital (see the indicator's evidence items); how they make a value is "
             "not stated. The module's worked conversion is I5's."},
        ],
        "evidence_only_indices": {
            "index": "IKASANDI (BSSN)", "indicators": [10, 11, 12],
            "bands": bands_in(one(r"IKASANDI \(BSSN\) bands per level \(([^)]+)\)", part)),
            "note": "Evidence bands per level (I11: level 5 only); these indicators stay evidence-based.",
            **src.ref("D"),
        },
    }  # fmt: skip


def parse_rules(text, src):
    """Section 2: formulas, the suggestion rule, other agencies' indices, the assessor's names, rounding."""
    part = " ".join(section(text, "## 2.", "## 3.").split())
    names = re.findall(r"(\d)\.(\d) (.+?)(?= · |\. Aspect codes)", part.split("for matching imports ", 1)[1])
    assert len(names) == 20, names
    rounding = one(
        r"(Aspect 5 is \(5·1,17 \+ 5·1,00\)/10 = .+? which rounding a printed figure follows\.)", part
    )
    return {
        "formulas": parse_formulas(part, src),
        "suggestion_rule": parse_suggestion_rule(part, src),
        "external_indices": parse_external_indices(part, src),
        "assessor_names": [
            {"indicator": i, "code": f"{a}.{n}", "name": name, **src.ref("E")}
            for i, (a, n, name) in enumerate(names, 1)
        ],
        "rounding": {"text": rounding, **src.ref("E")},
    }


def parse_calendar(text, src):
    """Section 3: stages with ISO dates; "Permen ditetapkan / diundangkan" is two stages."""
    stages = []
    for stage, dates, source in table_rows(section(text, "## 3.", "## 4.")):
        key, detail = re.fullmatch(r"([A-GX])\b ?(.*)", source).groups()
        if detail.startswith("(") and detail.endswith(")"):
            detail = detail[1:-1]
        parts = [(stage, dates)]
        if stage.count(" / ") == dates.count(" / ") == 1:
            first, second = stage.split(" / ")
            second = first.rsplit(" ", 1)[0] + " " + second
            parts = list(zip((first, second), dates.split(" / "), strict=True))
        for name, when in parts:
            if m := re.search(rf"(\d{{1,2}})? ?({MONTH})? ?– ?(\d{{1,2}}) ({MONTH}) (\d{{4}})", when):
                start = " ".join(filter(None, (m[1], m[2] or m[4])))
                start, end = iso(start, m[5]), iso(f"{m[3]} {m[4]}", m[5])
            else:
                day, year = re.search(rf"(\d{{1,2}} (?:{MONTH})) (\d{{4}})", when).groups()
                start, end = (None if when.startswith("by ") else iso(day, year)), iso(day, year)
            stages.append({
                "stage": clean(name), "dates": clean(when), "start": start, "end": end,
                "estimate": "estimate" in when, **src.ref(key, source_detail=detail or None),
            })  # fmt: skip
    assert len(stages) == 9, stages
    return {
        "stages": stages,
        "note": "Only regional evidence; no KemenPANRB circular found. The regulation states no periodicity (F). "
        "Dates are ISO; a month alone (2026-11) is as precise as the source; no start: only a deadline is known.",
    }


def parse_assessor_result(text, src):
    """Sections 2.1-2.2: Kab. Aceh Tengah's 2026 assessor result and the item tallies it was checked with."""
    part = section(text, "### 2.1", "### 2.3")
    flat = " ".join(part.split())
    (row,) = table_rows(part)
    assert len(row) == 20 and all(re.fullmatch(r"\d,\d\d\*?", cell) for cell in row), row
    aspects, index = one(r"Printed aspect values: ((?:\d,\d\d · ){6}\d,\d\d); index (\d,\d\d)", flat)
    checks = []
    tallied = re.findall(r"I(\d+) (\d,\d\d) \(([^)]*)\)( ✓)?", section(flat, "Checked against", "so butir"))
    for n, value, inside, tick in tallied:
        rule_value = re.search(r"→ (\d,\d\d) ✗", inside)
        assert bool(tick) != bool(rule_value), (n, inside)
        checks.append({
            "indicator": int(n), "value": number(value),
            "tallies": [[int(a), int(t)] for a, t in re.findall(r"L\d (\d+)/(\d+)", inside)],
            "file_says": "reproduced" if tick else "not reproduced",
            "rule_value_in_file": number(rule_value[1]) if rule_value else None,
        })  # fmt: skip
    assert len(checks) == 9 and sum(c["file_says"] == "reproduced" for c in checks) == 6, checks
    return {
        "_comment": "Kab. Aceh Tengah's 2026 Indeks Pemdi as the external assessor gave it, the only real 2026 "
        "result the shared reference holds. Built by indices/data/frameworks/build_pemdi_2026.py from "
        "pemdi-2026-kriteria.md sections 2.1-2.2; values as printed (2 decimals).",
        "instance": "Kab. Aceh Tengah",
        "year": 2026,
        **src.ref("E", source_detail=src["E"]["where"].split(";")[0]),
        "interview": iso(*one(r"interview of (\d{1,2} \w+) (\d{4})", flat)),
        "assessor": {
            "indicator_values": {str(i): number(v.rstrip("*")) for i, v in enumerate(row, 1)},
            "scored_from_other_indices": [i for i, v in enumerate(row, 1) if v.endswith("*")],
            "note": "Scored from another agency's index, counted as 1 while missing.",
            "aspect_values_printed": {str(a): number(v) for a, v in enumerate(aspects.split(" · "), 1)},
            "index_printed": number(index),
            "rounding": one(r"(Aspect 5 is .+? either way\.)", flat),
        },
        "self_assessment": {
            "index_printed": number(one(r"self-assessment index (\d,\d\d)", flat)),
            "indicator_values": None,
            "gap": "The file gives the self-assessment index only, no indicator or aspect values.",
        },
        "suggestion_rule_checks": checks,
        "tallies_sources": {
            "accepted": src.ref("E"),
            "total": src.ref("D"),
            "note": "A level a check does not list had no item accepted: below it a level was rejected (the "
            "cascade), or, for I17, 2,50 is where level 3's band starts.",
        },
    }
