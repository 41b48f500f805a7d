"""The record files the portal ships, read as files (no database): every evaluation since 2018 in
`hasil-evaluasi.csv`, the 2021 and 2022 indicator levels, the reviewed name tables and the SPBE 2018 tree.

Checked against the shared results they are built from (`../shared/data`, or the folder `SPBE_SHARED_DATA`
names) and against KemenPANRB's published national figures, which the rows must reproduce.
"""

import csv
import json
import os
import sys
from collections import Counter, defaultdict
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from indices import scoring
from indices.transfer.framework_loading import _tree_nodes
from indices.transfer.loading import DATA, RESULTS

sys.path.insert(0, str(RESULTS))  # the build scripts import each other by name, as when run from there
import agency_checks  # noqa: E402
import build_results  # noqa: E402
import check_names  # noqa: E402
import press_checks  # noqa: E402
import sources  # noqa: E402
from matching import Tables, match  # noqa: E402

CENT = Decimal("0.01")
ROOT = Path(__file__).resolve().parents[2]


def read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


RECORD = read(RESULTS / "hasil-evaluasi.csv")
LEVELS = read(RESULTS / "tingkat-indikator.csv")
NATIONAL = {row["tahun"]: row for row in read(RESULTS / "indeks-nasional.csv")}
AGENCIES = read(RESULTS / "agencies.csv")
SUCCESSIONS = read(RESULTS / "agency_successions.csv")
PUBLISHED = json.loads((DATA / "published_scores.json").read_text(encoding="utf-8"))


def shared_data() -> Path | None:
    named = os.environ.get("SPBE_SHARED_DATA")
    candidates = [Path(named)] if named else [folder / "shared" / "data" for folder in ROOT.parents]
    return next((path for path in candidates if (path / "hasil-evaluasi").is_dir()), None)


@pytest.fixture(scope="module")
def data() -> Path:
    path = shared_data()
    if path is None:
        pytest.skip("the shared results (../shared/data) are not here; set SPBE_SHARED_DATA to their folder")
    return path


@pytest.fixture(scope="module")
def source_rows(data) -> list[dict]:
    return sources.rows(data)


def rows_of(year: str, *kinds: str) -> list[dict]:
    return [row for row in RECORD if row["tahun"] == year and (not kinds or row["jenis_sumber"] in kinds)]


def mean(values) -> Decimal:
    values = [Decimal(value) for value in values]
    return sum(values) / len(values)


def national_figures(rows: list[dict]) -> dict:
    """Mean index and mean domains rounded to 2 decimals, and the count at Baik (2.60) or better."""
    return {
        "indeks": mean(row["indeks"] for row in rows).quantize(CENT, ROUND_HALF_UP),
        "domains": [mean(row[f"d{i}"] for row in rows).quantize(CENT, ROUND_HALF_UP) for i in range(1, 5)],
        "baik_ke_atas": sum(1 for row in rows if Decimal(row["indeks"]) >= Decimal("2.60")),
    }


def figures_of(index: str, domains: list[str], good_or_better) -> dict:
    return {"indeks": Decimal(index), "domains": [Decimal(d) for d in domains], "baik_ke_atas": int(good_or_better)}  # fmt: skip


def published_figures(year: str) -> dict:
    row = NATIONAL[year]
    domains = [row[c] for c in ("d_kebijakan", "d_tata_kelola", "d_manajemen", "d_layanan")]
    return figures_of(row["indeks"], domains, row["baik_ke_atas"])


# The record, row for row ---------------------------------------------------------------------------------


def test_the_record_is_the_shared_files_row_for_row(source_rows):
    kept = [row for row in source_rows if row["jenis_sumber"] in build_results.IN_THE_RECORD]
    same = ["tahun", "indeks", "jenis_sumber", "tahun_asal", "kode_kemenpanrb"]
    built = [
        [r[c] for c in (*same, "nama_laporan", "jenis_instansi", "d1", "d2", "d3", "d4", "predikat_laporan")]
        for r in RECORD
    ]
    printed = [[r[c] for c in (*same, "nama_instansi", "jenis", *sources.DOMAINS, "predikat")] for r in kept]
    assert len(built) == 2989 and built == printed


def test_the_record_counts_its_rows_per_year_and_kind_of_source():
    assert Counter((row["tahun"], row["jenis_sumber"]) for row in RECORD) == {
        ("2018", "resmi"): 616, ("2021", "kompilasi"): 517, ("2022", "kompilasi"): 554, ("2022", "bawaan"): 66,
        ("2023", "resmi"): 621, ("2024", "resmi"): 615,
    }  # fmt: skip


def test_every_row_names_its_source_and_where_in_it_without_inventing_one():
    reports = {
        "Hasil Evaluasi SPBE Tahun 2018",
        *(f"Laporan Pelaksanaan Evaluasi SPBE Tahun {y}" for y in (2023, 2024)),
    }
    titles = {"resmi": reports, "kompilasi": {sources.COMPILED}, "bawaan": {sources.COMPILED}}  # fmt: skip
    for row in RECORD:
        assert row["sumber"] in titles[row["jenis_sumber"]]
        if row["jenis_sumber"] == "resmi":
            assert row["rincian_sumber"].startswith("Tabel ") and ", no. " in row["rincian_sumber"]
        else:
            assert sources.SHEET_IN_LOCATOR.fullmatch(row["rincian_sumber"])
    assert rows_of("2018")[0]["rincian_sumber"] == "Tabel 3, no. 1"
    assert {row["rincian_sumber"][:13] for row in rows_of("2022", "bawaan")} == {"sheet '2021',"}


def test_a_carried_over_row_is_its_2021_row_and_never_a_2022_evaluation():
    of_2021 = {row["kode"]: row for row in rows_of("2021")}
    evaluated_2022 = {row["kode"] for row in rows_of("2022", "kompilasi")}
    carried = rows_of("2022", "bawaan")
    for row in carried:
        original = of_2021[row["kode"]]
        assert [row[c] for c in ("indeks", "d1", "d2", "d3", "d4", "rincian_sumber")] == [
            original[c] for c in ("indeks", "d1", "d2", "d3", "d4", "rincian_sumber")
        ]
        assert row["tahun_asal"] == "2021" and row["kode"] not in evaluated_2022
    assert len(evaluated_2022 | {row["kode"] for row in carried}) == 620


def test_no_instance_stands_twice_in_a_year():
    per_year = Counter((row["tahun"], row["kode"]) for row in RECORD)
    assert [key for key, count in per_year.items() if count > 1] == []


# 2018: the official report ---------------------------------------------------------------------------------


def test_2018_counts_per_kind_and_per_report_group_are_the_reports():
    rows = rows_of("2018")
    assert Counter(row["jenis_instansi"] for row in rows) == {
        "kementerian": 34, "lembaga": 90, "provinsi": 34, "kabupaten": 368, "kota": 90,
    }  # fmt: skip
    central = Counter(row["kelompok"] for row in rows if row["jenis_instansi"] in sources.CENTRAL)
    assert central == {
        "Kementerian": 34,
        "Lembaga Pemerintah Non Kementerian (LPNK)": 27,
        "Alat Negara": 36,  # BIN, Mabes Polri and the 34 Polda
        "Sekretariat Kabinet": 1,
        "Sekretariat Jenderal Lembaga Negara": 7,
        "Lembaga Penyiaran Publik": 2,
        "Sekretariat Lembaga Non Struktural (LNS)": 17,
    }
    assert len({row["rincian_sumber"].split(",")[0] for row in rows}) == 41  # Tabel 3 to 43


def test_no_printed_2018_predicate_is_one_the_spbe_2018_bands_contradict():
    (spbe_2018,) = [
        f
        for f in json.loads((DATA / "frameworks.json").read_text())["frameworks"]
        if f["slug"] == "spbe-2018"
    ]
    bands = [(name, Decimal(lower), Decimal(upper)) for name, lower, upper, _colour in spbe_2018["bands"]]
    assert [(name, str(lower)) for name, lower, _upper in bands] == [
        ("Kurang", "1.00"), ("Cukup", "1.80"), ("Baik", "2.60"), ("Sangat Baik", "3.50"), ("Memuaskan", "4.20"),
    ]  # fmt: skip

    def band(value: Decimal) -> str:
        return next(name for name, lower, upper in bands if lower <= value < upper or value == upper == 5)

    contradicted = [
        (row["nama_laporan"], row["indeks"], row["predikat_laporan"])
        for row in rows_of("2018")
        if band(Decimal(row["indeks"])) != row["predikat_laporan"]
    ]
    assert contradicted == []


def test_the_2018_national_index_is_the_mean_of_its_616_rows_truncated_to_1_98():
    average = mean(row["indeks"] for row in rows_of("2018"))
    assert average.quantize(CENT, ROUND_DOWN) == Decimal(NATIONAL["2018"]["indeks"]) == Decimal("1.98")
    assert average.quantize(CENT, ROUND_HALF_UP) == Decimal("1.99")  # the report truncates, it does not round


def test_the_2018_central_mean_2_60_leaves_the_polda_out_and_the_regional_mean_is_1_87():
    central = [row for row in rows_of("2018") if row["jenis_instansi"] in sources.CENTRAL]
    bodies = [row for row in central if not row["kode"].startswith("polda-")]
    regional = [row for row in rows_of("2018") if row["jenis_instansi"] in sources.REGIONAL]
    assert len(bodies) == 90
    assert mean(r["indeks"] for r in bodies).quantize(CENT, ROUND_DOWN) == Decimal("2.60")
    assert mean(r["indeks"] for r in regional).quantize(CENT, ROUND_DOWN) == Decimal("1.87")


# 2021 and 2022: compiled from indicator levels -----------------------------------------------------------


def test_the_2021_rows_reproduce_the_published_national_figures():
    figures = national_figures(rows_of("2021"))
    assert figures == published_figures("2021")
    assert figures == figures_of("2.24", ["2.21", "1.89", "1.23", "2.81"], 159)


def test_the_2022_rows_with_the_66_carried_over_reproduce_the_published_national_figures_and_without_them_do_not():
    figures = national_figures(rows_of("2022"))
    assert figures == published_figures("2022")
    assert figures == figures_of("2.34", ["2.39", "1.85", "1.32", "2.96"], 237)
    assert national_figures(rows_of("2022", "kompilasi")) != published_figures("2022")


def spbe_2020_nodes():
    return [facts for facts, _fields in _tree_nodes("frameworks/spbe-2020-tree.json", DATA)]


def test_every_indicator_level_row_recomputes_its_index_and_domains_with_the_scoring_function():
    nodes = spbe_2020_nodes()
    indicator = {node.number: node.id for node in nodes if node.level == "indicator"}
    domains = [node.id for node in sorted((n for n in nodes if n.level == "domain"), key=lambda n: n.number)]
    record = {(row["tahun"], row["kode"]): row for row in RECORD if row["jenis_sumber"] == "kompilasi"}
    assert len(LEVELS) == len(record) == 1071
    for levels in LEVELS:
        known = {indicator[number]: Decimal(levels[f"I{number}"]) for number in range(1, 48)}
        values = scoring.roll_up(nodes, known)
        row = record[(levels["tahun"], levels["kode"])]
        recomputed = [values[node_id].quantize(CENT, ROUND_HALF_UP) for node_id in domains]
        assert [str(v) for v in recomputed] == [row["d1"], row["d2"], row["d3"], row["d4"]], levels["kode"]
        assert str(values[scoring.INDEX].quantize(CENT, ROUND_HALF_UP)) == row["indeks"], levels["kode"]


def test_the_indicator_file_holds_whole_levels_1_to_5_for_47_indicators():
    assert list(LEVELS[0]) == ["tahun", "kode", "kode_kemenpanrb", *sources.INDICATORS, "rincian_sumber"]
    assert {row[f"I{n}"] for row in LEVELS for n in range(1, 48)} <= {"1", "2", "3", "4", "5"}
    assert Counter(row["tahun"] for row in LEVELS) == {"2021": 517, "2022": 554}


# The reviewed tables -------------------------------------------------------------------------------------


def test_the_name_tables_pass_every_check_on_the_shared_files(data, capsys):
    assert check_names.main(["check_names.py", str(data)]) == 0
    assert "unmatched rows: 0" in capsys.readouterr().out


def test_every_row_of_every_file_matches_exactly_one_instance_by_name_and_code(source_rows):
    matches = match(source_rows, Tables.load())
    assert matches.problems == []
    assert None not in matches.codes and len(matches.codes) == 2994  # 2,989 in the record, 5 press rows
    with_code = [row for row in source_rows if row["kode_kemenpanrb"]]
    assert len(with_code) == 517 + 554 + 66 and len(matches.used_codes) == 622


def results_row(name: str, **fields) -> dict:
    """A results row as `sources.rows` gives it, for checks that need no shared file."""
    base = {
        "tahun": "2021", "tahun_lembar": "2021", "berkas": "spbe-2021.csv", "rincian": "sheet '2021', row 9",
        "jenis": "kabupaten", "kelompok": "", "grup": "", "kode_kemenpanrb": "", "nama_instansi": name,
    }  # fmt: skip
    return base | fields


def test_a_name_listed_twice_stops_the_match_and_names_the_row():
    entry = {"nama_instansi": "Pemerintah Kab. Paser", "kelompok": "", "jenis": "kabupaten", "kode": "64.01"}
    result = match(
        [results_row("Pemerintah Kab. Paser")], Tables(regions=[entry, entry], agencies=[], codes=[])
    )
    assert result.codes == [None]
    assert result.problems == [
        "2021 spbe-2021.csv [sheet '2021', row 9] 'Pemerintah Kab. Paser': its name matches 2 region_names "
        "entries ('Pemerintah Kab. Paser', '', 'kabupaten')"
    ]


def test_a_row_whose_name_and_kemenpanrb_code_disagree_is_refused_and_named():
    entry = {"nama_instansi": "Pemerintah Kab. Paser", "kelompok": "", "jenis": "kabupaten", "kode": "64.01"}
    code = {"kode_kemenpanrb": "6901", "tahun": "", "nama_instansi": "Pemerintah Kab. Paser", "kode": "64.02"}
    result = match(
        [results_row("Pemerintah Kab. Paser", kode_kemenpanrb="6901")], Tables([entry], [], [code])
    )
    assert result.codes == [None]
    assert result.problems == [
        "2021 spbe-2021.csv [sheet '2021', row 9] 'Pemerintah Kab. Paser': its name gives 64.01, its KemenPANRB "
        "code 6901 gives 64.02"
    ]


def test_a_2021_code_printed_on_two_instances_is_decided_by_a_reviewed_erratum():
    codes = read(RESULTS / "kemenpanrb_codes.csv")
    errata = {(e["kode_kemenpanrb"], e["nama_instansi"]): e["kode"] for e in codes if e["tahun"]}
    assert errata == {
        ("8210", "Pemerintah Provinsi Papua"): "91",
        ("8211", "Pemerintah Kab. Jayapura"): "91.03",
    }
    ordinary = {e["kode_kemenpanrb"]: e["kode"] for e in codes if not e["tahun"]}
    assert [ordinary[c] for c in ("8210", "8211", "8000", "8001")] == ["96.04", "96.05", "91", "91.03"]
    papua_2021 = [r for r in rows_of("2021") if r["kode"] == "91"]
    assert [(r["nama_laporan"], r["kode_kemenpanrb"]) for r in papua_2021] == [
        ("Pemerintah Provinsi Papua", "8210")
    ]


def test_renamed_regions_keep_one_history_under_todays_code():
    names = defaultdict(set)
    for r in RECORD:
        names[r["kode"]].add((r["tahun"], r["nama_laporan"]))
    assert ("2018", "Pemerintah Kab. Toba Samosir") in names["12.12"]
    assert ("2021", "Pemerintah Kab. Toba") in names["12.12"]
    assert ("2018", "Pemerintah Kab. Maluku Tenggara Barat") in names["81.03"]
    assert ("2024", "Pemerintah Kab. Kepulauan Tanimbar") in names["81.03"]


def test_the_34_polda_are_agencies_of_their_own_evaluated_in_2018_only():
    polda = [a for a in AGENCIES if a["id"].startswith("polda-")]
    assert len(polda) == len({a["id"] for a in polda}) == 34
    assert {(a["jenis"], a["kelompok"], a["tahun"]) for a in polda} == {("lembaga", "Alat Negara", "2018")}
    assert all(a["nama_instansi"].startswith("Kepolisian Daerah ") for a in polda)
    assert "polri" not in {a["id"] for a in polda}


def test_agency_ids_follow_the_existing_style_and_each_names_one_kind():
    kinds = defaultdict(set)
    for agency in AGENCIES:
        assert agency_checks.ID_RE.fullmatch(agency["id"]) and len(agency["id"]) <= 30
        kinds[agency["id"]].add(agency["jenis"])
    assert {agency_id: k for agency_id, k in kinds.items() if len(k) > 1} == {}
    merged = {"bppt", "batan", "lipi", "lapan", "kemenristekdikti", "bkpm", "bnp2tki", "bekraf"}
    assert merged | {"brin", "kemeninvestasi-bkpm", "bp2mi", "kemenparekraf"} <= set(kinds)


def test_merged_and_dissolved_bodies_keep_their_history_and_name_their_successors():
    ids = {a["id"] for a in AGENCIES}
    assert all(s["pendahulu"] in ids and s["penerus"] in ids for s in SUCCESSIONS)
    predecessors = defaultdict(set)
    for succession in SUCCESSIONS:
        predecessors[succession["penerus"]].add(succession["pendahulu"])
    assert predecessors["brin"] == {"bppt", "batan", "lipi", "lapan", "kemenristekdikti"}
    assert predecessors["kemeninvestasi-bkpm"] == {"bkpm"}
    bppt = [(r["tahun"], r["jenis_sumber"]) for r in RECORD if r["kode"] == "bppt"]
    assert bppt == [("2018", "resmi"), ("2021", "kompilasi"), ("2022", "bawaan")]


# Press figures: one place, published_scores.json -----------------------------------------------------------


def test_the_press_figures_of_2025_stand_once_in_published_scores_json_with_their_source(source_rows):
    codes = match(source_rows, Tables.load()).codes
    assert press_checks.problems(source_rows, codes) == []
    assert not rows_of("2025")
    press_2025 = Counter(code for code, year, *_rest in PUBLISHED["scores"] if year == 2025)
    assert press_2025 == {"62": 1, "64": 1, "52.71": 1, "76.04": 1, "kemendikdasmen": 1, "11.04": 1}


# The SPBE 2018 tree ----------------------------------------------------------------------------------------


def spbe_2018_nodes():
    return [facts for facts, _fields in _tree_nodes("frameworks/spbe-2018-tree.json", DATA)]


def test_the_spbe_2018_tree_weighs_its_3_domains_and_7_aspects_as_the_2018_report():
    nodes = spbe_2018_nodes()
    by_level = defaultdict(list)
    for node in nodes:
        by_level[node.level].append(node)
    assert [str(n.weight) for n in by_level["domain"]] == ["17.00", "28.00", "55.00"]
    assert [n.weight for n in by_level["aspect"]] == [
        Decimal(w) for w in ("7", "10", "8", "8", "12", "33", "22")
    ]
    assert sum(n.weight for n in by_level["domain"]) == 100
    for domain in by_level["domain"]:
        assert sum(a.weight for a in by_level["aspect"] if a.parent_id == domain.id) == domain.weight
    assert [n.number for n in by_level["indicator"]] == list(range(1, 36))
    tree = json.loads((DATA / "frameworks" / "spbe-2018-tree.json").read_text(encoding="utf-8"))
    assert tree["source"].startswith("KemenPANRB, Hasil Evaluasi SPBE Tahun 2018")
    assert "PDF pages" in tree["source_locator"]


def test_the_spbe_2018_tree_recomputes_the_national_index_of_2018_and_2020_from_their_domains():
    nodes = spbe_2018_nodes()
    domains = [n.id for n in nodes if n.level == "domain"]
    for year in ("2018", "2020"):
        row = NATIONAL[year]
        values = [Decimal(row[c]) for c in ("d_kebijakan", "d_tata_kelola", "d_layanan")]
        index = scoring.index_of(nodes, dict(zip(domains, values, strict=True)))
        assert index.quantize(CENT, ROUND_HALF_UP) == Decimal(row["indeks"])


def test_the_spbe_2018_tree_is_accepted_with_its_indicators_unweighted_as_the_report_gives_them():
    nodes = spbe_2018_nodes()
    assert scoring.tree_problems(nodes) == []
    assert all(node.weight is None for node in nodes if node.level == "indicator")
