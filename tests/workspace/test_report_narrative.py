"""The report card's paragraph, rule by rule, on plain facts (no database): every branch of every sentence,
in English (the msgids) and, where the catalogue holds the report's strings, in Bahasa Indonesia."""

from dataclasses import replace
from decimal import Decimal

import pytest
from django.utils import translation

from indices.workspace import narrative
from indices.workspace.narrative import Facts, Part

D = Decimal

BALANGAN_2024 = Facts(
    name="Kabupaten Balangan",
    year=2024,
    index_name="SPBE index",
    value=D("3.34"),
    predicate="Baik",
    previous_year=2023,
    change=D("0.65"),
    parts=(
        Part(1, "Kebijakan Internal SPBE", D("4.00")),
        Part(2, "Tata Kelola SPBE", D("2.80")),
        Part(3, "Manajemen SPBE", D("1.64")),
        Part(4, "Layanan SPBE", D("4.07")),
    ),
    rank=119,
    rank_count=392,
    kind="kabupaten",
    province_rank=6,
    province_count=13,
    province="Kalimantan Selatan",
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


# The index and its change


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (D("0.65"), "The SPBE index of Kabupaten Balangan for 2024 is 3.34 (Baik), up 0.65 from 2023."),
        (D("-0.12"), "The SPBE index of Kabupaten Balangan for 2024 is 3.34 (Baik), down 0.12 from 2023."),
        (D("0.00"), "The SPBE index of Kabupaten Balangan for 2024 is 3.34 (Baik), unchanged from 2023."),
    ],
)
def test_the_headline_says_whether_the_published_index_rose_fell_or_held(change, expected):
    assert narrative.headline(replace(BALANGAN_2024, change=change)) == expected


def test_the_headline_of_a_first_year_says_it_is_the_first_under_the_framework():
    facts = replace(BALANGAN_2024, change=None, previous_year=None)
    assert narrative.headline(facts) == (
        "The SPBE index of Kabupaten Balangan for 2024 is 3.34 (Baik), its first under this framework."
    )


@pytest.mark.parametrize(
    ("change", "ending"),
    [
        (D("0.10"), "would be 3.34 (Baik), up 0.10 from the published index of 2023."),
        (D("-0.34"), "would be 3.34 (Baik), down 0.34 from the published index of 2023."),
        (D("0"), "would be 3.34 (Baik), the same as the published index of 2023."),
        (None, "would be 3.34 (Baik), its first under this framework."),
    ],
)
def test_a_draft_headline_says_it_is_a_draft_and_compares_with_the_published_index(change, ending):
    sentence = narrative.headline(replace(BALANGAN_2024, draft=True, change=change))
    assert sentence.startswith("By its self-assessment (a draft, not verified), the SPBE index of Kabupaten")
    assert sentence.endswith(ending)


def test_an_incomplete_draft_says_how_many_indicators_have_a_level_and_gives_no_index():
    facts = replace(BALANGAN_2024, value=None, draft=True, levelled=20, indicators=47)
    assert narrative.headline(facts) == (
        "The self-assessment of Kabupaten Balangan for 2024 is not complete: 20 of 47 indicators have a "
        "level, so there is no draft index yet."
    )


def test_a_year_without_levels_or_a_published_index_says_nothing_is_on_record():
    facts = replace(BALANGAN_2024, value=None, draft=True, levelled=0, indicators=47)
    assert narrative.headline(facts) == "No SPBE index of Kabupaten Balangan for 2024 is on record yet."


def test_a_paragraph_without_an_index_tells_no_domain_target_or_rank():
    facts = replace(BALANGAN_2024, value=None, draft=True, levelled=0, target=D("3.5"))
    assert narrative.paragraph(facts) == (
        "No SPBE index of Kabupaten Balangan for 2024 is on record yet. No recommendation is open."
    )


# Domains


def test_the_weakest_and_strongest_domain_are_named_with_their_values():
    assert narrative.parts(BALANGAN_2024) == (
        "Weakest domain: Manajemen SPBE (1.64); strongest: Layanan SPBE (4.07)."
    )


def test_a_tie_names_the_lower_numbered_domain_on_both_ends():
    parts = (
        Part(1, "A", D("2.00")),
        Part(2, "B", D("2.00")),
        Part(3, "C", D("3.00")),
        Part(4, "D", D("3.00")),
    )
    assert narrative.parts(replace(BALANGAN_2024, parts=parts)) == (
        "Weakest domain: A (2.00); strongest: C (3.00)."
    )


def test_level_domains_are_told_in_one_sentence():
    parts = (Part(1, "A", D("3.00")), Part(2, "B", D("3.00")))
    assert narrative.parts(replace(BALANGAN_2024, parts=parts)) == "Every domain stands at 3.00."


def test_a_framework_without_domains_speaks_of_aspects():
    parts = (Part(1, "Tata Kelola", D("2.10")), Part(2, "Layanan Digital", D("3.90")))
    facts = replace(BALANGAN_2024, parts=parts, part_level="aspect")
    assert narrative.parts(facts) == "Weakest aspect: Tata Kelola (2.10); strongest: Layanan Digital (3.90)."
    level = replace(facts, parts=(Part(1, "Tata Kelola", D("2.10")),))
    assert narrative.parts(level) == "Every aspect stands at 2.10."


def test_no_domain_values_give_no_domain_sentence():
    assert narrative.parts(replace(BALANGAN_2024, parts=())) == ""


# Target


def test_a_met_target_is_said_to_be_met():
    assert narrative.target(replace(BALANGAN_2024, target=D("3.34"))) == "It meets its 2024 target of 3.34."


def test_a_missed_target_gives_the_gap():
    assert narrative.target(replace(BALANGAN_2024, target=D("3.50"))) == (
        "It is 0.16 short of its 2024 target of 3.50."
    )


def test_no_target_is_said_plainly():
    assert narrative.target(BALANGAN_2024) == "No target for 2024 is on record."


# Rank


def test_a_regency_is_ranked_nationally_and_in_its_province():
    assert narrative.rank(BALANGAN_2024) == (
        "It ranks 119 of 392 regencies nationally and 6 of 13 regencies and cities in Kalimantan Selatan."
    )


@pytest.mark.parametrize(("kind", "plural"), [("provinsi", "provinces"), ("kementerian", "ministries")])
def test_a_province_or_agency_is_ranked_among_its_kind_only(kind, plural):
    facts = replace(BALANGAN_2024, kind=kind, rank=3, rank_count=38, province_rank=None, province_count=None)
    assert narrative.rank(facts) == f"It ranks 3 of 38 {plural} nationally."


def test_a_draft_is_not_ranked():
    assert narrative.rank(replace(BALANGAN_2024, draft=True)) == (
        "A draft is not ranked: ranks compare published scores only."
    )


def test_a_year_without_the_whole_national_table_gets_no_rank():
    facts = replace(BALANGAN_2024, ranked_year_complete=False, rank=None)
    assert narrative.rank(facts) == (
        "No rank is told: the portal does not hold the whole national table of 2024."
    )


# Points and recommendations


def test_the_indicator_with_the_most_points_to_win_is_named_with_three_decimals():
    facts = replace(
        BALANGAN_2024, top_indicator=(46, "Tingkat Kematangan Layanan Publik Sektor 2", D("0.12"))
    )
    assert narrative.points(facts) == (
        "The most points to win lie in indicator 46 Tingkat Kematangan Layanan Publik Sektor 2 (up to 0.120)."
    )


def test_without_levels_no_indicator_is_named():
    assert narrative.points(BALANGAN_2024) == ""


@pytest.mark.parametrize(
    ("open_count", "overdue", "expected"),
    [
        (0, 0, "No recommendation is open."),
        (1, 0, "1 recommendation is still open."),
        (3, 0, "3 recommendations are still open."),
        (3, 1, "3 recommendations are still open. 1 is overdue."),
        (3, 2, "3 recommendations are still open. 2 are overdue."),
    ],
)
def test_open_and_overdue_recommendations_are_counted(open_count, overdue, expected):
    facts = replace(BALANGAN_2024, open_recommendations=open_count, overdue_recommendations=overdue)
    assert narrative.recommendations(facts) == expected


def test_the_paragraph_puts_the_sentences_in_order():
    facts = replace(BALANGAN_2024, target=D("3.50"), open_recommendations=2)
    assert narrative.paragraph(facts) == (
        "The SPBE index of Kabupaten Balangan for 2024 is 3.34 (Baik), up 0.65 from 2023. "
        "Weakest domain: Manajemen SPBE (1.64); strongest: Layanan SPBE (4.07). "
        "It is 0.16 short of its 2024 target of 3.50. "
        "It ranks 119 of 392 regencies nationally and 6 of 13 regencies and cities in Kalimantan Selatan. "
        "2 recommendations are still open."
    )


# Bahasa Indonesia


def test_numbers_take_the_decimal_comma_in_indonesian():
    with translation.override("id"):
        sentence = narrative.headline(BALANGAN_2024)
    assert "3,34" in sentence and "0,65" in sentence and "3.34" not in sentence


def test_the_paragraph_reads_as_the_issue_words_it_in_indonesian():
    with translation.override("id"):
        facts = replace(BALANGAN_2024, index_name=translation.gettext("SPBE index"))
        assert narrative.paragraph(facts) == (
            "Indeks SPBE Kabupaten Balangan tahun 2024 sebesar 3,34 (Baik), naik 0,65 dari 2023. "
            "Domain terlemah: Manajemen SPBE (1,64); terkuat: Layanan SPBE (4,07). "
            "Belum ada target 2024 yang tercatat. "
            "Peringkat 119 dari 392 kabupaten secara nasional dan 6 dari 13 kabupaten dan kota di "
            "Kalimantan Selatan. Tidak ada rekomendasi yang belum selesai."
        )
