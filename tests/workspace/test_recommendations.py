"""Recommendations and their follow-up (tindak lanjut): the list per instance with its filters, order, counts
and downloads; adding, changing and deleting for those who write the workspace, and for no one else."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook

from indices.models import Framework, FrameworkNode
from indices.workspace.models import Assessment, Recommendation
from indices.workspace.recommendation_forms import RecommendationForm

OWN = "62.03"  # Kabupaten Kapuas, Kalimantan Tengah
NEIGHBOUR = "62.01"  # Kotawaringin Barat: the same province, another instance
PROVINCE = "62"
ELSEWHERE = "64.01"  # Paser, Kalimantan Timur
AGENCY = "kemenkeu"
INSTANCES = (OWN, NEIGHBOUR, PROVINCE, ELSEWHERE, AGENCY)
LONG_AGO = date(2020, 1, 15)  # every open recommendation due then is overdue, whenever the test runs
FAR_AHEAD = date(2045, 12, 31)  # and none due then is


def signed_in(client, user, language="en"):
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def node(year, number, level="indicator"):
    return FrameworkNode.objects.get(framework=Framework.objects.for_year(year), level=level, number=number)


def recommend(code=OWN, year=2024, number=23, level="indicator", **fields):
    framework = Framework.objects.for_year(year)
    assessment, _ = Assessment.objects.get_or_create(
        instance_id=code, year=year, defaults={"framework": framework}
    )
    fields = {"text": "Susun kebijakan manajemen data."} | fields
    return Recommendation.objects.create(assessment=assessment, node=node(year, number, level), **fields)


def listed_texts(response) -> list[str]:
    return [row.record.text for row in response.context["table"].rows]


def table_rows(response) -> list[str]:
    """The HTML of each row of the table's body."""
    page = response.content.decode()
    body = page[page.index("<tbody") : page.index("</tbody>")]
    return body.split("<tr")[1:]


def late_by(deadline) -> int:
    return (timezone.localdate() - deadline).days


# The list


def test_the_list_shows_every_year_with_indicator_or_aspect_action_unit_deadline_status_and_progress(
    client, people
):
    recommend(
        year=2023,
        number=23,
        text="Tetapkan Perbup manajemen data.",
        action="Rancangan Perbup disusun",
        unit="Diskominfo",
        deadline=FAR_AHEAD,
        status="proses",
        progress="Draf di Bagian Hukum",
    )
    recommend(year=2026, number=3, level="aspect", text="Bentuk tim pengelola data.")
    response = signed_in(client, people["operator"]).get("/ruang-kerja/62.03/rekomendasi/")
    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        "Indicator 23 Tingkat Kematangan Penerapan Manajemen Data",
        "Tetapkan Perbup manajemen data.",
        "Rancangan Perbup disusun",
        "Diskominfo",
        "Dec. 31, 2045",
        "In progress",
        "Draf di Bagian Hukum",
        "Aspect 3 Data",  # Pemerintah Digital's aspect 3, in 2026
        "Bentuk tim pengelola data.",
    ):
        assert text in page
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_what_people_typed_is_shown_as_text_with_its_line_breaks(client, people):
    recommend(text="<script>alert(1)</script>\nbaris dua", action="<b>x</b>", progress="a & b")
    page = signed_in(client, people["operator"]).get("/ruang-kerja/62.03/rekomendasi/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>baris dua" in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "a &amp; b" in page
    assert "<script>alert" not in page


def test_an_open_recommendation_past_its_deadline_is_overdue_by_its_days():
    today = date(2025, 3, 31)
    open_late = Recommendation(status="belum", deadline=date(2025, 3, 1))
    assert open_late.days_overdue(today) == 30
    assert Recommendation(status="proses", deadline=date(2024, 3, 31)).days_overdue(today) == 365
    assert Recommendation(status="selesai", deadline=date(2025, 3, 1)).days_overdue(today) is None
    assert Recommendation(status="belum", deadline=today).days_overdue(today) is None
    assert Recommendation(status="belum", deadline=None).days_overdue(today) is None


def test_overdue_ones_say_so_in_words_with_their_days_and_the_others_do_not(client, people):
    recommend(text="late", deadline=LONG_AGO)
    recommend(text="on time", deadline=FAR_AHEAD)
    recommend(text="done late", deadline=LONG_AGO, status="selesai")
    response = signed_in(client, people["operator"]).get("/ruang-kerja/62.03/rekomendasi/")
    rows = {
        text: row
        for text in ("late", "on time", "done late")
        for row in table_rows(response)
        if f"<br>{text}</td>" in row
    }
    assert f'<strong class="overdue down">Overdue by {late_by(LONG_AGO)} days</strong>' in rows["late"]
    assert "Overdue" not in rows["on time"] and "Overdue" not in rows["done late"]


def test_the_list_opens_overdue_first_then_open_by_deadline_then_without_deadline_then_done(client, people):
    recommend(text="done", deadline=LONG_AGO - timedelta(days=300), status="selesai")
    recommend(text="no deadline")
    recommend(text="due later", deadline=FAR_AHEAD)
    recommend(text="late", deadline=LONG_AGO)
    recommend(text="later still", deadline=FAR_AHEAD + timedelta(days=1), status="proses")
    recommend(text="latest", deadline=LONG_AGO - timedelta(days=100), status="proses")
    response = signed_in(client, people["operator"]).get("/ruang-kerja/62.03/rekomendasi/")
    assert listed_texts(response) == ["latest", "late", "due later", "later still", "no deadline", "done"]


def test_the_counts_at_the_top_are_open_overdue_and_done(client, people):
    recommend(deadline=LONG_AGO)
    recommend(deadline=LONG_AGO, status="proses")
    recommend(deadline=FAR_AHEAD)
    recommend(deadline=LONG_AGO, status="selesai")
    recommend(code=NEIGHBOUR, deadline=LONG_AGO)  # another instance's: not counted
    response = signed_in(client, people["operator"]).get("/ruang-kerja/62.03/rekomendasi/")
    assert response.context["counts"] == {"open": 3, "overdue": 2, "done": 1}
    page = response.content.decode()
    assert 'id="count-open">3<' in page
    assert 'id="count-overdue">2<' in page
    assert 'id="count-done">1<' in page


@pytest.fixture
def spread(people):
    """Recommendations over two frameworks, states and aspects, with words to search for."""
    recommend(year=2023, number=23, text="A: data 2023", deadline=LONG_AGO)  # aspect 5
    recommend(year=2024, number=1, text="B: arsitektur", deadline=FAR_AHEAD, unit="Bappeda")  # aspect 1
    recommend(year=2024, number=5, level="aspect", text="C: aspek 5", status="selesai")
    recommend(year=2024, number=24, text="D: audit", action="Pengadaan auditor", status="proses")
    recommend(year=2026, number=5, text="E: pemdi data", deadline=LONG_AGO)  # Pemerintah Digital aspect 3
    return people


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tahun=2024", {"B", "C", "D"}),
        ("status=selesai", {"C"}),
        ("status=proses", {"D"}),
        ("status=terbuka", {"A", "B", "D", "E"}),
        ("terlambat=on", {"A", "E"}),
        ("q=bappeda", {"B"}),  # the unit
        ("q=AUDITOR", {"D"}),  # the action, whatever the case
        ("q=arsitektur", {"B"}),
        ("tahun=2024&status=terbuka", {"B", "D"}),
        ("tahun=1999", {"A", "B", "C", "D", "E"}),  # not a year of this instance: shown as an error, ignored
    ],
)
def test_filters_narrow_the_list(client, spread, query, expected):
    response = signed_in(client, spread["operator"]).get(f"/ruang-kerja/62.03/rekomendasi/?{query}")
    assert {text[0] for text in listed_texts(response)} == expected


def test_the_aspect_filter_takes_the_aspect_and_its_indicators_and_names_each_framework(client, spread):
    aspect_5 = node(2024, 5, "aspect")
    response = signed_in(client, spread["operator"]).get(
        f"/ruang-kerja/62.03/rekomendasi/?aspek={aspect_5.pk}"
    )
    assert {text[0] for text in listed_texts(response)} == {"A", "C", "D"}  # 23 and 24 are in aspect 5
    data = node(2026, 3, "aspect")
    response = client.get(f"/ruang-kerja/62.03/rekomendasi/?aspek={data.pk}")
    assert {text[0] for text in listed_texts(response)} == {"E"}
    page = response.content.decode()
    assert '<optgroup label="SPBE 2020 (2021–2025)">' in page
    assert '<optgroup label="Pemerintah Digital (2026–)">' in page


def test_a_search_that_matches_nothing_says_so(client, spread):
    response = signed_in(client, spread["operator"]).get("/ruang-kerja/62.03/rekomendasi/?q=tidak-ada")
    assert listed_texts(response) == []
    assert "No recommendation matches these filters." in response.content.decode()


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("deadline", ["A", "E", "B", "C", "D"]),  # equal deadlines by entry, empty ones last
        ("-deadline", ["B", "A", "E", "C", "D"]),
    ],
)
def test_the_deadline_column_sorts_with_empty_deadlines_last(client, spread, sort, expected):
    response = signed_in(client, spread["operator"]).get(f"/ruang-kerja/62.03/rekomendasi/?sort={sort}")
    assert [text[0] for text in listed_texts(response)] == expected


@pytest.mark.parametrize(
    ("sort", "field"),
    [
        ("year", "assessment__year"),
        ("-year", "assessment__year"),
        ("status", "status"),
        ("recommendation", "node__number"),  # the indicator or aspect it is on, aspects first
    ],
)
def test_columns_sort_the_list(client, spread, sort, field):
    response = signed_in(client, spread["operator"]).get(f"/ruang-kerja/62.03/rekomendasi/?sort={sort}")
    records = [row.record for row in response.context["table"].rows]
    values = (
        [Recommendation.objects.values_list("node__level", field).get(pk=record.pk) for record in records]
        if field == "node__number"
        else [Recommendation.objects.values_list(field, flat=True).get(pk=record.pk) for record in records]
    )
    assert len(values) == 5
    assert values == sorted(values, reverse=sort.startswith("-"))


# Downloads


def test_the_csv_download_holds_the_filtered_rows_only_with_plain_values(client, spread):
    response = signed_in(client, spread["operator"]).get(
        "/ruang-kerja/62.03/rekomendasi/?status=terbuka&tahun=2024&_export=csv"
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="rekomendasi-62.03.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Deadline",
        "Status",
        "Days overdue",
        "Year",
        "Indicator or aspect",
        "Recommendation",
        "Follow-up action",
        "Responsible unit (OPD)",
        "Progress notes",
    ]
    assert rows[1:] == [
        [
            "2045-12-31",
            "Not started",
            "",
            "2024",
            "Indicator 1 " + node(2024, 1).name,
            "B: arsitektur",
            "",
            "Bappeda",
            "",
        ],
        [
            "",
            "In progress",
            "",
            "2024",
            "Indicator 24 " + node(2024, 24).name,
            "D: audit",
            "Pengadaan auditor",
            "",
            "",
        ],
    ]


def test_the_overdue_download_gives_the_days_as_numbers(client, spread):
    response = signed_in(client, spread["operator"]).get(
        "/ruang-kerja/62.03/rekomendasi/?terlambat=on&_export=xlsx"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [(row[5], row[0], row[2]) for row in rows[1:]] == [
        ("E: pemdi data", "2020-01-15", late_by(LONG_AGO)),  # equally late: the later year first
        ("A: data 2023", "2020-01-15", late_by(LONG_AGO)),
    ]


def test_a_formula_typed_into_a_recommendation_cannot_run_in_either_download(client, people):
    formula = '=HYPERLINK("http://example.test","klik")'
    recommend(text=formula, action="+1", unit="@Diskominfo", progress="-2")
    signed_in(client, people["operator"])
    csv_text = client.get("/ruang-kerja/62.03/rekomendasi/?_export=csv").content.decode("utf-8-sig")
    row = list(csv.reader(io.StringIO(csv_text), delimiter=";"))[1]
    assert row[5:9] == ["'" + formula, "'+1", "'@Diskominfo", "'-2"]
    xlsx = client.get("/ruang-kerja/62.03/rekomendasi/?_export=xlsx").content
    cells = list(load_workbook(io.BytesIO(xlsx)).active.iter_rows(min_row=2, max_row=2))[0][5:9]
    # Text typed as text, exactly as entered, never a formula.
    assert [(cell.data_type, cell.value) for cell in cells] == [
        ("s", formula),
        ("s", "+1"),
        ("s", "@Diskominfo"),
        ("s", "-2"),
    ]


def test_the_list_makes_the_same_queries_for_3_or_30_recommendations(
    client, people, django_assert_num_queries
):
    signed_in(client, people["operator"])
    for number in range(1, 4):
        recommend(number=number, deadline=LONG_AGO if number % 2 else FAR_AHEAD)
    with django_assert_num_queries(QUERIES):
        assert client.get("/ruang-kerja/62.03/rekomendasi/").status_code == 200
    for number in range(4, 31):
        recommend(year=2023 if number % 3 else 2026, number=number % 20 + 1, deadline=LONG_AGO)
    assert Recommendation.objects.count() == 30
    with django_assert_num_queries(QUERIES):
        response = client.get("/ruang-kerja/62.03/rekomendasi/?sort=deadline")
    assert len(listed_texts(response)) == 30


# Session, user, their assignments, the instance, its assessments, their aspects, the counts, the rows.
QUERIES = 8


# Adding, changing, deleting


def test_an_operator_adds_a_recommendation_with_an_indonesian_date(client, people):
    signed_in(client, people["operator"], language="id")
    url = "/ruang-kerja/62.03/rekomendasi/baru/?tahun=2024"
    assert client.get(url).status_code == 200
    indicator = node(2024, 23)
    response = client.post(
        url,
        {
            "node": indicator.pk,
            "text": "Tetapkan Perbup manajemen data.",
            "action": "Rancangan Perbup",
            "unit": "Diskominfo",
            "deadline": "05/02/2025",
            "status": "belum",
            "progress": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/ruang-kerja/62.03/rekomendasi/"
    saved = Recommendation.objects.get()
    assert (saved.assessment.instance_id, saved.assessment.year, saved.node) == (OWN, 2024, indicator)
    assert saved.deadline == date(2025, 2, 5)
    assert (saved.unit, saved.action) == ("Diskominfo", "Rancangan Perbup")


def test_the_choice_of_indicator_or_aspect_holds_only_the_framework_of_the_year(client, people):
    signed_in(client, people["operator"])
    for year, framework, aspects, indicators in ((2024, "spbe-2020", 8, 47), (2026, "pemdi-2026", 7, 20)):
        response = client.get(f"/ruang-kerja/62.03/rekomendasi/baru/?tahun={year}")
        choices = response.context["form"].fields["node"].queryset
        assert set(choices.values_list("framework__slug", flat=True)) == {framework}
        assert set(choices.values_list("level", flat=True)) == {"aspect", "indicator"}
        options = response.context["form"].fields["node"].choices
        assert sum(len(group) for _label, group in options[1:]) == aspects + indicators


def test_a_link_from_an_indicator_preselects_it(client, people):
    signed_in(client, people["operator"])
    response = client.get("/ruang-kerja/62.03/rekomendasi/baru/?tahun=2024&indikator=23")
    assert response.context["form"].initial["node"] == node(2024, 23)
    assert f'<option value="{node(2024, 23).pk}" selected>' in response.content.decode()


def test_an_indicator_of_another_framework_is_refused_and_nothing_is_stored(client, people):
    signed_in(client, people["operator"])
    pemdi_indicator = node(2026, 5)
    response = client.post(
        "/ruang-kerja/62.03/rekomendasi/baru/?tahun=2024",
        {"node": pemdi_indicator.pk, "text": "x", "status": "belum"},
    )
    assert response.status_code == 400
    assert "Choose an indicator or aspect of this year&#x27;s framework." in response.content.decode()
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_deadline_is_read_day_first_in_either_language(people, language):
    assessment = Assessment.objects.create(
        instance_id=OWN, year=2024, framework=Framework.objects.for_year(2024)
    )
    with translation.override(language):
        for typed, read in (
            ("05/02/2025", date(2025, 2, 5)),
            ("31-12-2025", date(2025, 12, 31)),
            ("2025-02-05", date(2025, 2, 5)),
        ):
            form = RecommendationForm(
                {"node": node(2024, 1).pk, "text": "x", "status": "belum", "deadline": typed},
                assessment=assessment,
            )
            assert form.is_valid(), form.errors
            assert form.cleaned_data["deadline"] == read


def test_indonesian_input_formats_of_django_read_day_first_too():
    """Django's own Indonesian formats read 05/02/2025 as the 5th of February, as the form does."""
    from django.utils.formats import get_format

    with translation.override("id"):
        assert get_format("DATE_INPUT_FORMATS")[:2] == ["%d-%m-%Y", "%d/%m/%Y"]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/02/2025", "Write the date as day/month/year, e.g. 31/12/2026."),
        ("besok", "Write the date as day/month/year, e.g. 31/12/2026."),
        ("31/12/2205", "A deadline falls between 2018 and 2045; check the year."),
    ],
)
def test_an_invalid_deadline_keeps_what_was_typed_and_says_what_is_wrong(client, people, typed, message):
    signed_in(client, people["operator"])
    response = client.post(
        "/ruang-kerja/62.03/rekomendasi/baru/?tahun=2024",
        {"node": node(2024, 23).pk, "text": "Kept as typed", "deadline": typed, "status": "belum"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'value="{typed}"' in page
    assert "Kept as typed</textarea>" in page
    assert 'aria-invalid="true"' in page
    assert not Recommendation.objects.exists()


def test_a_recommendation_without_text_or_indicator_is_refused_with_reasons(client, people):
    signed_in(client, people["operator"])
    response = client.post("/ruang-kerja/62.03/rekomendasi/baru/?tahun=2024", {"text": "", "status": "belum"})
    page = response.content.decode()
    assert "Write the recommendation as the evaluators gave it." in page
    assert "Choose the indicator or aspect the recommendation is on." in page
    assert not Recommendation.objects.exists()


def test_add_without_a_year_opens_on_the_cycle_under_way_not_an_earlier_year(client, people):
    from django.utils import timezone

    recommend(year=2023)  # an earlier year worked on, like the loaded levels of 2021 and 2022
    signed_in(client, people["operator"])
    response = client.get("/ruang-kerja/62.03/rekomendasi/baru/")
    assert response.status_code == 302
    this_year = timezone.localdate().year
    assert response["Location"] == f"/ruang-kerja/62.03/rekomendasi/baru/?tahun={this_year}"


@pytest.mark.parametrize("year", ["2019", "2099", "dua"])
def test_add_for_a_year_without_a_weighted_framework_is_not_found(client, people, year):
    signed_in(client, people["operator"])
    assert client.get(f"/ruang-kerja/62.03/rekomendasi/baru/?tahun={year}").status_code == 404


def test_an_operator_changes_the_follow_up_and_it_is_no_longer_overdue(client, people):
    recommendation = recommend(deadline=LONG_AGO)
    signed_in(client, people["operator"])
    url = f"/ruang-kerja/62.03/rekomendasi/{recommendation.pk}/"
    page = client.get(url).content.decode()
    assert 'value="15/01/2020"' in page  # shown day first, as typed
    response = client.post(
        url,
        {
            "node": recommendation.node_id,
            "text": recommendation.text,
            "deadline": "15/01/2020",
            "status": "selesai",
            "progress": "Perbup 12/2024 ditetapkan",
        },
    )
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.progress) == ("selesai", "Perbup 12/2024 ditetapkan")
    listing = client.get("/ruang-kerja/62.03/rekomendasi/")
    assert listing.context["counts"] == {"open": 0, "overdue": 0, "done": 1}
    assert "Recommendation saved." in listing.content.decode()


def test_an_operator_deletes_a_recommendation(client, people):
    recommendation = recommend()
    signed_in(client, people["operator"])
    response = client.post(f"/ruang-kerja/62.03/rekomendasi/{recommendation.pk}/", {"delete": "1"})
    assert response.status_code == 302
    assert not Recommendation.objects.filter(pk=recommendation.pk).exists()


def test_a_recommendation_is_changed_only_under_its_own_instance(client, people):
    elsewhere = recommend(code=NEIGHBOUR)
    signed_in(client, people["national"])
    assert client.get(f"/ruang-kerja/62.03/rekomendasi/{elsewhere.pk}/").status_code == 404
    assert client.post(f"/ruang-kerja/62.03/rekomendasi/{elsewhere.pk}/", {"delete": "1"}).status_code == 404
    assert Recommendation.objects.filter(pk=elsewhere.pk).exists()


# Who may do what, over several instances


def reads(name, code) -> bool:
    in_province = code == PROVINCE or code.startswith(PROVINCE + ".")
    return (
        name in ("national", "reviewer")
        or (name == "operator" and code == OWN)
        or (name == "coordinator" and in_province)
        or (name == "other operator" and code == ELSEWHERE)
    )


def writes(name, code) -> bool:
    return (
        name == "national"
        or (name == "operator" and code == OWN)
        or (name == "other operator" and code == ELSEWHERE)
    )


@pytest.mark.parametrize(
    "name", ["national", "operator", "other operator", "coordinator", "reviewer", "no role", "not staff"]
)
def test_every_role_reads_and_writes_the_recommendations_it_may_and_no_others(client, people, name):
    existing = {code: recommend(code=code, text=f"of {code}") for code in INSTANCES}
    signed_in(client, people[name])
    indicator = node(2024, 23)
    for code in INSTANCES:
        listing = client.get(f"/ruang-kerja/{code}/rekomendasi/")
        assert listing.status_code == (200 if reads(name, code) else 403), (name, code)
        if reads(name, code):
            page = listing.content.decode()
            buttons = "/rekomendasi/baru/" in page, f"/rekomendasi/{existing[code].pk}/" in page
            assert buttons == (writes(name, code), writes(name, code)), (name, code)
        write = 200 if writes(name, code) else 403
        assert client.get(f"/ruang-kerja/{code}/rekomendasi/baru/?tahun=2024").status_code == write, (
            name,
            code,
        )
        assert client.get(f"/ruang-kerja/{code}/rekomendasi/{existing[code].pk}/").status_code == write
        if writes(name, code):
            continue
        form = {"node": indicator.pk, "text": "written", "status": "selesai"}
        assert client.post(f"/ruang-kerja/{code}/rekomendasi/baru/?tahun=2024", form).status_code == 403
        assert client.post(f"/ruang-kerja/{code}/rekomendasi/{existing[code].pk}/", form).status_code == 403
        assert (
            client.post(f"/ruang-kerja/{code}/rekomendasi/{existing[code].pk}/", {"delete": "1"}).status_code
            == 403
        )
    unchanged = {
        r.assessment.instance_id: (r.text, r.status)
        for r in Recommendation.objects.select_related("assessment")
    }
    assert unchanged == {code: (f"of {code}", "belum") for code in INSTANCES}


@pytest.mark.parametrize(
    "path",
    [
        "/ruang-kerja/62.03/rekomendasi/",
        "/ruang-kerja/62.03/rekomendasi/baru/?tahun=2024",
        "/ruang-kerja/62.03/rekomendasi/1/",
    ],
)
def test_anonymous_visitors_are_sent_to_log_in(client, published, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=/ruang-kerja/62.03/rekomendasi/")


def test_anonymous_posts_are_sent_to_log_in_and_store_nothing(client, published):
    recommendation = recommend()
    for path, form in (
        ("/ruang-kerja/62.03/rekomendasi/baru/?tahun=2024", {"node": recommendation.node_id, "text": "x"}),
        (f"/ruang-kerja/62.03/rekomendasi/{recommendation.pk}/", {"delete": "1"}),
    ):
        response = client.post(path, form)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    assert list(Recommendation.objects.values_list("text", flat=True)) == [recommendation.text]
