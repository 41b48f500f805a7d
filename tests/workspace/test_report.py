"""The report card (rapor) of an instance and year, as a page and as a PDF: the published index with its
source, domains against the kind's and province's means, trend, rank, target, points to win, open
recommendations and the paragraph; drafts marked wherever they appear; private to the instance's readers."""

import datetime
import io
from decimal import Decimal

import pytest
from django.utils import translation
from pypdf import PdfReader

from indices.models import Assignment, Framework, FrameworkNode, Source, Target
from indices.workspace import report_data
from indices.workspace.models import Assessment, IndicatorLevel, Recommendation
from indices.workspace.report import filename
from indices.workspace.report_data import trend_chart
from tests.conftest import account

D = Decimal
BALANGAN = "63.11"  # Kalimantan Selatan; published 2,69 (2023) and 3,34 (2024)
CARD = "/ruang-kerja/63.11/2024/rapor/"
PDF = "/ruang-kerja/63.11/2024/rapor.pdf"
DRAFT_CARD = "/ruang-kerja/63.11/2025/rapor/"  # no result published for 2025


@pytest.fixture
def people(published):
    return {
        "operator": account("operator", Assignment.Role.OPERATOR, BALANGAN),
        "other operator": account("other-operator", Assignment.Role.OPERATOR, "63.01"),
        "coordinator": account("coordinator", Assignment.Role.COORDINATOR, "63"),
        "other coordinator": account("other-coordinator", Assignment.Role.COORDINATOR, "62"),
    }


def signed_in(client, user, language="en"):
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


@pytest.fixture
def operator(client, people):
    return signed_in(client, people["operator"])


def levels(year, level="3", **by_number):
    """Every indicator of the year's framework at `level`, except those given as i<number>=level."""
    framework = Framework.objects.for_year(year)
    assessment, _ = Assessment.objects.get_or_create(
        instance_id=BALANGAN, year=year, defaults={"framework": framework}
    )
    for node in framework.nodes.filter(level=FrameworkNode.Level.INDICATOR):
        IndicatorLevel.objects.create(
            assessment=assessment, node=node, self_level=D(by_number.get(f"i{node.number}", level))
        )
    return assessment


def recommend(assessment, number, text, **fields):
    node = assessment.framework.nodes.get(level=FrameworkNode.Level.INDICATOR, number=number)
    return Recommendation.objects.create(assessment=assessment, node=node, text=text, **fields)


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


# A year with a published result


def test_the_card_shows_the_published_index_with_its_predicate_and_source(operator):
    response = operator.get(CARD)
    assert response.status_code == 200
    head = response.context["headline"]
    assert (head["official"], head["value"], head["predicate"]) == (True, D("3.34"), "Baik")
    assert head["source_title"] == "Laporan Pelaksanaan Evaluasi SPBE Tahun 2024"
    assert (head["change"], head["previous"]["year"]) == (D("0.65"), 2023)
    page = text_of(response)
    assert "Kabupaten Balangan · 2024" in page
    assert "Source: Laporan Pelaksanaan Evaluasi SPBE Tahun 2024, Tabel 35, no. 12" in page
    assert "Draft" not in page, "a published year with no levels shows no draft figure"


def test_the_card_writes_the_paragraph_from_the_published_figures(operator):
    paragraph = operator.get(CARD).context["paragraph"]
    assert paragraph.startswith(
        "The SPBE index of Kabupaten Balangan for 2024 is 3.34 (Baik), up 0.65 from 2023. "
        "Weakest domain: Manajemen SPBE (1.64); strongest: Layanan SPBE (4.07). No target for 2024 is on record."
    )
    assert (
        "It ranks 119 of 392 regencies nationally and 6 of 13 regencies and cities in Kalimantan Selatan."
        in (paragraph)
    )


def test_the_card_in_indonesian_uses_the_decimal_comma(client, people):
    response = signed_in(client, people["operator"], "id").get(CARD)
    assert '<span class="report-value">3,34</span>' in response.content.decode()
    assert "3,34 (Baik)" in response.context["paragraph"] and "0,65" in response.context["paragraph"]


def test_domains_stand_beside_the_means_of_every_regency_and_of_the_province(operator):
    context = operator.get(CARD).context
    rows = {row["node"].number: row for row in context["part_rows"] if not row["nested"]}
    # Manajemen SPBE 2024: Balangan 1,64, published with the score, 1,73 in 2023.
    assert (rows[3]["published"], rows[3]["change"]) == (D("1.64"), D("-0.09"))
    # The same means as the public page of Balangan gives (indices.reads.sections.domains).
    public = {row["number"]: row for row in operator.get("/wilayah/63.11/").context["domain_rows"]}
    for number in (1, 2, 3, 4):
        assert (rows[number]["kind_mean"], rows[number]["province_mean"]) == (
            public[number]["kind_mean"],
            public[number]["province_mean"],
        )
    assert context["parts_year"] == 2024
    assert not any(row["nested"] for row in context["part_rows"]), "no aspect was published or levelled"


def test_the_trend_lists_every_published_year_with_its_source_and_draws_it(operator):
    context = operator.get(CARD).context
    # Every result since 2018; a change only within one framework (none from 2018 to 2021).
    assert [(row["year"], row["value"], row["change"], row["source_kind"]) for row in context["trend"]] == [
        (2018, D("1.98"), None, "official"),
        (2021, D("1.77"), None, "compiled"),
        (2022, D("2.44"), D("0.67"), "compiled"),
        (2023, D("2.69"), D("0.25"), "official"),
        (2024, D("3.34"), D("0.65"), "official"),
    ]
    assert [row["source_title"] for row in context["trend"]][-2:] == [
        "Laporan Pelaksanaan Evaluasi SPBE Tahun 2023",
        "Laporan Pelaksanaan Evaluasi SPBE Tahun 2024",
    ]
    assert "Compiled from the evaluation" in operator.get(CARD).content.decode()
    page = operator.get(CARD).content.decode()
    # Drawn twice: for A4 (print, PDF) and for the screen, each shown only in its medium (report.css).
    assert page.count('<svg class="report-chart report-chart-print"') == 1
    assert page.count('<svg class="report-chart report-chart-screen"') == 1 and "<polyline" in page


def test_the_rank_is_among_every_regency_and_in_the_province(operator):
    standing = operator.get(CARD).context["standing"]
    assert (standing["rank"], standing["count"]) == (119, 392)
    assert (standing["province_rank"], standing["province_count"]) == (6, 13)


def test_the_target_gap_uses_the_published_index(operator, source):
    Target.objects.create(instance_id=BALANGAN, year=2024, value=D("3.50"), document="rpjmd", source=source)
    context = operator.get(CARD).context
    assert (context["target"]["value"], context["target"]["gap"]) == (D("3.50"), D("-0.16"))
    assert "It is 0.16 short of its 2024 target of 3.50." in context["paragraph"]
    assert "Source: Laporan Hasil Evaluasi SPBE 2024" in text_of(operator.get(CARD))


def test_levels_of_a_published_year_show_as_a_marked_draft_column_and_the_points_to_win(operator):
    levels(2024, "4", i46="1", i36="2")
    response = operator.get(CARD)
    context = response.context
    assert context["headline"]["official"], "the published index stays the headline"
    assert [(row["node"].number, row["points"]) for row in context["lost"][:2]] == [
        (46, D("0.12")),
        (36, D("0.0825")),
    ]
    assert len(context["lost"]) == 5
    page = text_of(response)
    assert page.count("Draft (self-assessment)") >= 3  # the draft column, the points table, the legend
    assert "Self-assessment, not verified" in page


def test_open_recommendations_of_this_year_and_earlier_ones_still_open_are_listed(operator):
    earlier = levels(2023)
    now = Assessment.objects.create(instance_id=BALANGAN, year=2024, framework=earlier.framework)
    recommend(earlier, 23, "Tetapkan walidata", deadline=datetime.date(2024, 6, 30), status="proses")
    recommend(earlier, 24, "Sudah selesai", status="selesai")
    recommend(now, 30, "Audit TIK berkala")
    later = Assessment.objects.create(instance_id=BALANGAN, year=2025, framework=earlier.framework)
    recommend(later, 31, "Dari tahun sesudahnya")
    context = operator.get(CARD).context
    assert [r.text for r in context["recommendations"]] == ["Tetapkan walidata", "Audit TIK berkala"]
    assert context["overdue_count"] == 1
    assert "2 recommendations are still open. 1 is overdue." in context["paragraph"]
    assert "from the evaluation of 2023" in text_of(operator.get(CARD))


def test_the_card_lists_the_first_ten_open_recommendations_and_counts_the_rest(operator):
    now = levels(2024)
    for number in range(1, 26):
        recommend(now, number, f"Rekomendasi {number}", deadline=datetime.date(2024, 1, number))
    context = operator.get(CARD).context
    assert [r.text for r in context["recommendations"]] == [f"Rekomendasi {n}" for n in range(1, 11)]
    assert (context["more_recommendations"], context["overdue_count"]) == (15, 25)
    assert "And 15 more open recommendations" in text_of(operator.get(CARD))
    assert "25 recommendations are still open." in context["paragraph"]


def test_the_pdf_renders_the_longest_texts_the_limits_allow(operator):
    """Every text field at its limit (issue 18, finding 9: 2.3 MB of recommendation text took the worker
    down); how long it takes is measured by tests/benchmarks/bench_report.py, not asserted here."""
    now = levels(2024)
    for number in range(1, 31):
        recommend(now, number, "R" * 2000, action="A" * 2000, unit="U" * 200, progress="P" * 5000)
    IndicatorLevel.objects.filter(assessment=now).update(fakta="F" * 5000, analisis="N" * 5000)
    response = operator.get(PDF)
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert text.count("R" * 50) >= 10 and "And 20 more open recommendations" in " ".join(text.split())
    assert len(reader.pages) <= 6


# A year with levels only


def test_a_draft_year_shows_the_index_its_levels_give_marked_as_a_draft(operator):
    levels(2025, "3")
    response = operator.get(DRAFT_CARD)
    head = response.context["headline"]
    assert (head["official"], head["value"], head["predicate"]) == (False, D("3"), "Baik")
    assert (head["change"], head["previous"]["year"]) == (D("-0.34"), 2024)
    assert response.context["standing"] is None
    page = text_of(response)
    assert "Index 2025 computed from the workspace's levels: no result is published for 2025 yet" in page
    assert "Source: Self-assessment, not verified" in page
    assert response.context["paragraph"].startswith(
        "By its self-assessment (a draft, not verified), the SPBE index of Kabupaten Balangan for 2025 would be "
        "3.00 (Baik), down 0.34 from the published index of 2024. Every domain stands at 3.00. "
        "No target for 2025 is on record. A draft is not ranked"
    )


def test_every_draft_figure_of_a_draft_year_is_marked(operator, source):
    levels(2025, "3")
    Target.objects.create(instance_id=BALANGAN, year=2025, value=D("3.60"), document="rpjmd", source=source)
    response = operator.get(DRAFT_CARD)
    page = response.content.decode()
    marked = page.count('<span class="draft-tag">Draft (self-assessment)</span>')
    # The headline, the paragraph, the trend's draft row, the target gap and the points to win.
    assert marked == 5
    assert 'class="num draft-col">Draft (self-assessment) 2025</th>' in page
    trend = response.context["trend"]
    assert [(row["year"], row["draft"]) for row in trend] == [
        (2018, False), (2021, False), (2022, False), (2023, False), (2024, False), (2025, True),
    ]  # fmt: skip
    # Published values of the previous evaluation stand beside the draft, with that year's means.
    assert response.context["parts_year"] == 2024
    assert response.context["target"]["gap"] == D("-0.60")


def test_a_draft_year_with_incomplete_levels_gives_no_index_and_says_how_far_it_is(operator):
    framework = Framework.objects.for_year(2025)
    assessment = Assessment.objects.create(instance_id=BALANGAN, year=2025, framework=framework)
    for node in framework.nodes.filter(level=FrameworkNode.Level.INDICATOR, number__lte=10):
        IndicatorLevel.objects.create(assessment=assessment, node=node, self_level=D(2))
    context = operator.get(DRAFT_CARD).context
    assert context["headline"]["value"] is None and context["trend_chart"]["dots"][-1]["label"] == "3.34"
    assert context["paragraph"].startswith(
        "The self-assessment of Kabupaten Balangan for 2025 is not complete: 10 of 47 indicators have a level"
    )


# The PDF


def test_the_pdf_holds_the_name_year_index_and_predicate(operator):
    response = operator.get(PDF)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="rapor-spbe-kabupaten-balangan-2024.pdf"'
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert len(reader.pages) == 1
    assert "Kabupaten Balangan · 2024" in text
    assert "3.34" in text and "Baik" in text
    assert "Laporan Pelaksanaan Evaluasi SPBE Tahun 2024" in text


def test_the_pdf_in_indonesian_marks_a_draft_and_uses_the_decimal_comma(client, people):
    levels(2025, "3")
    response = signed_in(client, people["operator"], "id").get("/ruang-kerja/63.11/2025/rapor.pdf")
    text = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).split()
    )
    assert "Kabupaten Balangan · 2025" in text and "3,00" in text and "Baik" in text
    assert response["Content-Disposition"].endswith('rapor-spbe-kabupaten-balangan-2025.pdf"')


# Who may read it


@pytest.mark.parametrize("path", [CARD, PDF])
@pytest.mark.parametrize(
    ("who", "status"),
    [("operator", 200), ("coordinator", 200), ("other operator", 403), ("other coordinator", 403)],
)
def test_only_the_instances_readers_get_the_card_and_never_a_cached_one(client, people, path, who, status):
    response = signed_in(client, people[who]).get(path)
    assert response.status_code == status
    if status == 200:
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


@pytest.mark.parametrize("path", [CARD, PDF])
def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client, published, path):
    response = client.get(path)
    assert response.status_code == 302 and response.url.startswith("/admin/login/?next=")


def test_the_card_answers_no_post(operator):
    assert operator.post(CARD).status_code == 405


# Cost


def test_the_card_makes_a_fixed_number_of_queries(operator, django_assert_num_queries):
    earlier, now = levels(2023, "2"), levels(2024, "3")
    for number in (23, 24, 25):
        recommend(earlier, number, f"Rekomendasi {number}")
        recommend(now, number, f"Rekomendasi {number}")
    operator.get(CARD)  # the session and the assessment exist from here on
    # The session and user (2), the lookup and access (3: an existing assessment is read, not looked for
    # again through the framework of its year), the workspace's read model (9), the instance's
    # scores and region (4), domain values with the kind's and province's (3), the rank (4), the
    # recommendations (2: the first ones and the counts of all), whatever the number of instances, levels and
    # recommendations.
    with django_assert_num_queries(26):
        operator.get(CARD)


# The trend's drawing, on plain rows


def test_the_trend_drawing_breaks_its_line_between_frameworks_and_dashes_a_draft():
    rows = [
        {"year": 2018, "value": D("2.00"), "framework_id": 1, "draft": False},
        {"year": 2019, "value": D("2.20"), "framework_id": 1, "draft": False},
        {"year": 2021, "value": D("2.50"), "framework_id": 2, "draft": False},
        {"year": 2022, "value": D("3.00"), "framework_id": 2, "draft": False},
        {"year": 2023, "value": D("3.10"), "framework_id": None, "draft": True},
    ]
    chart = trend_chart(rows, [])
    assert [line["draft"] for line in chart["lines"]] == [False, False, True]
    assert [len(line["points"].split()) for line in chart["lines"]] == [2, 2, 2]
    assert [dot["draft"] for dot in chart["dots"]] == [False, False, False, False, True]
    # Higher values sit higher (a smaller y); coordinates use a point whatever the language.
    assert float(chart["dots"][3]["y"]) < float(chart["dots"][0]["y"])
    assert all("," not in dot["x"] for dot in chart["dots"])


def test_a_single_year_is_a_dot_without_a_line():
    chart = trend_chart([{"year": 2024, "value": D("3.34"), "framework_id": 2, "draft": False}], [])
    assert chart["lines"] == [] and len(chart["dots"]) == 1


TREND = [
    {"year": year, "value": D(value), "framework_id": 2 if year > 2020 else 1, "draft": False}
    for year, value in ((2018, "1.98"), (2021, "1.77"), (2022, "2.44"), (2023, "2.69"), (2024, "3.34"))
]


def test_the_printed_trend_writes_every_year_and_value_at_9_units():
    chart = trend_chart(TREND, [])
    assert (chart["font"], chart["left"], chart["year_y"]) == (9, 26, 142)
    assert [label["label"] for label in chart["years"]] == ["2018", "2021", "2022", "2023", "2024"]
    assert [dot["label"] for dot in chart["dots"]] == ["1,98", "1,77", "2,44", "2,69", "3,34"]


def test_the_screen_trend_keeps_its_16_px_text_apart_with_short_years_and_its_values_in_the_table():
    chart = trend_chart(TREND, [], width=300, height=190, font=16)
    assert chart["font"] == 16 and chart["left"] == 40
    assert [label["label"] for label in chart["years"]] == ["’18", "’21", "’22", "’23", "’24"]
    assert [dot["label"] for dot in chart["dots"]] == [""] * 5
    # Neighbouring years' labels (three characters of about 0.62 em) do not touch.
    xs = [float(label["x"]) for label in chart["years"]]
    assert min(b - a for a, b in zip(xs, xs[1:], strict=False)) > 3 * 0.62 * 16


def test_no_rows_draw_no_chart():
    assert trend_chart([], []) is None


def test_the_filename_names_the_instance_and_year(published):
    assessment = Assessment(instance_id=BALANGAN, year=2024)
    assert filename(assessment) == "rapor-spbe-kabupaten-balangan-2024.pdf"


def test_a_draft_from_final_levels_is_labelled_apart_from_a_self_assessment():
    with translation.override("en"):
        assert report_data.draft_label("final") == "Draft (final levels, not yet published)"
        assert report_data.draft_label("self") == "Draft (self-assessment)"


def test_a_source_with_a_url_is_linked_and_its_address_printed(operator):
    Source.objects.filter(title="Laporan Pelaksanaan Evaluasi SPBE Tahun 2024").update(
        url="https://menpan.go.id/lhe"
    )
    page = operator.get(CARD).content.decode()
    assert (
        '<a href="https://menpan.go.id/lhe" rel="noopener">Laporan Pelaksanaan Evaluasi SPBE Tahun 2024</a> '
        '<span class="report-url">(https://menpan.go.id/lhe)</span>'
    ) in page
