"""Build the SPBE 2020 framework tree (domains, aspects, indicators, weights, level criteria) as JSON.

Usage: python build_spbe_2020_tree.py REGULATION.md OUTPUT.json

REGULATION.md is the markdown conversion of PermenPANRB 59/2020 (shared reference
regulations/permenpanrb-59-2020.md). From its Lampiran this script reads:

- Tabel 3-6 (Daftar Indikator): which aspects belong to which domain;
- Tabel 7-9 (Bobot): domain, aspect and indicator weights;
- section C (Kriteria Tingkat Kematangan): the names of levels 1-5 on both scales;
- section E (Kuesioner): aspect names, indicator names, questions and the criteria of each level.

The PDF conversion splits table rows across lines and pages; rows are rejoined here. The few places where
the "Tingkat" column is wrong are corrected explicitly in RELABEL_ROWS and MISSING_LEVELS below.
Stdlib only.
"""

import json
import re
import sys
from decimal import Decimal

SOURCE = "PermenPANRB 59/2020, Lampiran: Tabel 7-9 (bobot), bagian A (tingkat), bagian E (kuesioner)"

# Domain 4 (Layanan SPBE) is measured on the service capability scale, domains 1-3 on the process scale
# (Lampiran bab II, A.2 and A.3).
SERVICE_DOMAINS = {4}

# Manual corrections, keyed by (indicator, level).
# Rows whose printed "Tingkat" number is wrong: (indicator, printed level) -> real level, read by meaning
# (level n >= 3 starts "Kriteria tingkat n-1 telah terpenuhi").
RELABEL_ROWS = {
    (3, 3): 2,  # this row is the "Kondisi:" sentence of level 2, as in indicators 1, 2 and 4-10
    (3, 4): 3,  # this row starts "Kriteria tingkat 2 telah terpenuhi", so it is level 3
}
# Levels left without any text by the relabelling above: (indicator, level) -> text shown instead.
MISSING_LEVELS = {
    # the regulation prints no level-4 criterion for indicator 3 (its row "5" is level 5: "Kriteria tingkat 4")
    (3, 4): "[Tidak tercantum dalam PermenPANRB 59/2020: tabel Indikator 3 tidak memuat kriteria tingkat 4.]",
}

# Words split at a line-end hyphen whose hyphen the conversion lost: (end of one line, start of the next).
HYPHENATED = {("perundang", "undangan"), ("masing", "masing")}

STOP_WORDS = ("Jawaban", "Penjelasan", "Data dukung")


def clean(text):
    """Drop <br> tags and collapse whitespace."""
    return " ".join(text.replace("<br>", " ").split())


def join_lines(pieces):
    """Join the lines of one cell or paragraph into one clean string."""
    text = ""
    for raw in pieces:
        piece = clean(raw)
        if not piece:
            continue
        last = re.search(r"(\w+)$", text)
        first = re.match(r"(\w+)", piece)
        if not text:
            text = piece
        elif last and first and (last[1].lower(), first[1].lower()) in HYPHENATED:
            text += "-" + piece
        elif text.endswith("/"):  # "unit kerja/" + "perangkat daerah": a break after a slash
            text += piece
        else:
            text += " " + piece
    return text


def section(text, start, end):
    """The text from the line containing `start` up to `end`."""
    i = text.index(start)
    return text[i : text.index(end, i)]


def table_rows(text):
    """Cells of every markdown table row in text, separator rows left out."""
    rows = []
    for line in text.split("\n"):
        line = line.strip()
        if line.startswith("|") and not re.fullmatch(r"[|\-\s:]+", line):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def weight(cell):
    """'13,00' -> '13.00'."""
    assert re.fullmatch(r"\d+,\d\d", cell), cell
    return cell.replace(",", ".")


def parse_domain_weights(text):
    domains = {}
    for cells in table_rows(section(text, "Tabel 7 Bobot Domain", "Tabel 8 Bobot Aspek")):
        m = re.fullmatch(r"Domain (\d)", cells[0])
        if m:
            domains[int(m[1])] = {"name": clean(cells[1]), "weight": weight(cells[2])}
    return domains


def parse_aspect_weights(text):
    aspects, last = {}, None
    for cells in table_rows(section(text, "Tabel 8 Bobot Aspek", "Tabel 9 Bobot Indikator")):
        m = re.fullmatch(r"Aspek (\d)", cells[0])
        if m:
            last = int(m[1])
            aspects[last] = {"name": clean(cells[1]), "weight": weight(cells[2])}
        elif not cells[0] and cells[1] and cells[1] != "Total Bobot":  # a name split over two rows
            aspects[last]["name"] = join_lines([aspects[last]["name"], cells[1]])
    return aspects


def parse_indicator_weights(text):
    weights = {}
    for cells in table_rows(section(text, "Tabel 9 Bobot Indikator", "3. Ukuran Tingkat Kematangan")):
        m = re.fullmatch(r"Indikator (\d+)", cells[0])
        if m:
            weights[int(m[1])] = weight(cells[-1] or cells[-2])
    return weights


def parse_structure(text):
    """Tabel 3-6: domain of each aspect and aspect of each indicator."""
    aspect_domain, indicator_aspect = {}, {}
    domain = aspect = None
    for line in section(text, "Tabel 3 Daftar Indikator", "2. Bobot Penilaian").split("\n"):
        m = re.match(r"Tabel (\d) Daftar Indikator pada Domain", line)
        if m:
            domain = int(m[1]) - 2  # Tabel 3 lists domain 1, ..., Tabel 6 domain 4
        for a in re.findall(r"Aspek (\d+) -", line):
            aspect = int(a)
            aspect_domain[aspect] = domain
        for i in re.findall(r"Indikator (\d+)", line):
            indicator_aspect[int(i)] = aspect
    return aspect_domain, indicator_aspect


def parse_level_names(text):
    """Section C: headings "a. Tingkat Rintisan" ... "e. Tingkat Optimum" for each scale."""
    c = section(text, "C. Kriteria Tingkat Kematangan SPBE", "D. Metode Pelaksanaan Penilaian")
    marker = "2. Kriteria Tingkat Kematangan Kapabilitas Layanan"
    process, service = c[: c.index(marker)], c[c.index(marker) :]

    def names(part):
        found = re.findall(r"^#+ [a-e]\. Tingkat (.+?)\s*$", part, flags=re.M)
        assert len(found) == 5, found
        return found

    return {"process": names(process), "service": names(service)}


def parse_kuesioner(text):
    """Section E: one entry per "Aspek N : ..." heading, each followed by one indicator."""
    entries, entry, state = [], None, None
    for line in section(text, "E. Kuesioner Pemantauan dan Evaluasi SPBE", "BAB III").split("\n"):
        line = line.strip()
        m = re.fullmatch(r"Aspek (\d+) : (.+)", line)
        if m:
            entry = {"aspect": int(m[1]), "aspect_name": clean(m[2]), "header": [], "rows": []}
            entries.append(entry)
            state = "header"
            continue
        if entry is None or state == "done" or not line:
            continue
        if line.startswith("|"):
            if re.fullmatch(r"[|\-\s:]+", line):
                continue
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            level, cell = clean(cells[0]), clean(cells[1]) if len(cells) > 1 else ""
            state = "criteria"
            if level == "Tingkat":  # table header (a few are garbled: "Tingkat | s")
                continue
            if level.startswith(STOP_WORDS) or cell.startswith(STOP_WORDS):
                state = "done"
            elif level:
                assert re.fullmatch(r"[1-5]", level), line
                entry["rows"].append((int(level), [cell]))
            elif cell:  # continuation of the row above, also across a page break
                entry["rows"][-1][1].append(cell)
        elif state == "header":
            entry["header"].append(line)
        else:
            # Indikator 7: after a page break its level-5 row and the answer lines came out as one
            # paragraph, "5 Kriteria tingkat 4 ... Jawaban : ... Data dukung : ...".
            m = re.fullmatch(r"([1-5]) (.+?) Jawaban : .*", line)
            if m:
                entry["rows"].append((int(m[1]), [m[2]]))
                state = "done"
            elif line.startswith(STOP_WORDS):
                state = "done"
            else:
                raise ValueError(f"unexpected line in a criteria table: {line!r}")
    return entries


def build_indicator(entry, weights):
    header = join_lines(entry["header"])
    number = int(re.search(r"Indikator (\d+) :", header)[1])
    # The name and question columns are sometimes printed above their labels (indicators 8, 9); dropping
    # the labels and cutting at "Apakah" puts every piece back where it belongs.
    text = clean(re.sub(r"Indikator \d+ :|Pertanyaan :", " ", header))
    assert text.count("Apakah") == 1, text
    name, question = text.split("Apakah")
    assert name.startswith("Tingkat Kematangan"), name

    levels = {}
    for printed, pieces in entry["rows"]:
        level = RELABEL_ROWS.get((number, printed), printed)
        levels.setdefault(level, []).extend(pieces)
    criteria = {level: join_lines(pieces) for level, pieces in levels.items()}
    for (indicator, level), filler in MISSING_LEVELS.items():
        if indicator == number:
            assert level not in criteria, (indicator, level)
            criteria[level] = filler
    assert sorted(criteria) == [1, 2, 3, 4, 5], (number, sorted(criteria))
    for level in (3, 4, 5):  # catches a misaligned "Tingkat" column that RELABEL_ROWS does not fix
        follows = criteria[level].startswith(f"Kriteria tingkat {level - 1} telah terpenuhi")
        assert follows or (number, level) in MISSING_LEVELS, (number, level, criteria[level])

    return {
        "number": number,
        "name": name.strip(),
        "weight": weights[number],
        "question": "Apakah" + question,
        "criteria": [criteria[level] for level in range(1, 6)],
    }


def build_tree(text):
    domain_info = parse_domain_weights(text)
    aspect_info = parse_aspect_weights(text)
    indicator_weights = parse_indicator_weights(text)
    aspect_domain, indicator_aspect = parse_structure(text)

    domains = {
        number: {
            "number": number,
            "name": info["name"],
            "weight": info["weight"],
            "capability": "service" if number in SERVICE_DOMAINS else "process",
            "aspects": [],
        }
        for number, info in sorted(domain_info.items())
    }
    aspects = {}
    for entry in parse_kuesioner(text):
        number = entry["aspect"]
        if number not in aspects:
            # the aspect name in section E must agree with Tabel 8
            assert entry["aspect_name"] == aspect_info[number]["name"], number
            aspects[number] = {
                "number": number,
                "name": entry["aspect_name"],
                "weight": aspect_info[number]["weight"],
                "indicators": [],
            }
            domains[aspect_domain[number]]["aspects"].append(aspects[number])
        indicator = build_indicator(entry, indicator_weights)
        assert indicator_aspect[indicator["number"]] == number, indicator["number"]
        aspects[number]["indicators"].append(indicator)

    check(domains)
    return {
        "framework": "spbe-2020",
        "source": SOURCE,
        "level_names": parse_level_names(text),
        "domains": list(domains.values()),
    }


def check(domains):
    """Counts, numbering and weights: indicators add up to their aspect, aspects to their domain, all to 100."""
    aspects = [a for d in domains.values() for a in d["aspects"]]
    indicators = [i for a in aspects for i in a["indicators"]]
    assert [d["number"] for d in domains.values()] == [1, 2, 3, 4]
    assert [a["number"] for a in aspects] == list(range(1, 9))
    assert [i["number"] for i in indicators] == list(range(1, 48))
    for a in aspects:
        assert sum(Decimal(i["weight"]) for i in a["indicators"]) == Decimal(a["weight"]), a["number"]
    for d in domains.values():
        assert sum(Decimal(a["weight"]) for a in d["aspects"]) == Decimal(d["weight"]), d["number"]
    assert sum(Decimal(d["weight"]) for d in domains.values()) == Decimal("100.00")
    for i in indicators:
        assert len(i["criteria"]) == 5 and all(i["criteria"]), i["number"]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        tree = build_tree(f.read())
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump(tree, f, ensure_ascii=False, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
