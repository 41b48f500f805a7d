"""Reminders: the "My work" page and the daily e-mail digest (`manage.py send_reminders`) list what waits on
each person; one digest a day, each reminder once, a new return of the same indicator again; a person may
turn them off; nobody reads another instance's private data in their mail."""

import re
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from indices.access import Access
from indices.models import Assignment, CycleStage, EvidenceItem, Framework, FrameworkNode
from indices.workspace import my_work, review
from indices.workspace.models import Assessment, Evidence, IndicatorLevel, ItemReview, Recommendation
from indices.workspace.reminder_models import ReminderPreference, ReminderSent
from tests.conftest import account
from tests.indices.test_access import ELSEWHERE, NEIGHBOUR, OWN, PROVINCE
from tests.workspace.test_review import filled, spbe_2020

pytestmark = pytest.mark.usefixtures("published")
TODAY = date(2026, 12, 8)
MY_WORK = "/ruang-kerja/pekerjaan-saya/"
SETTINGS = "/ruang-kerja/pengingat/"


@pytest.fixture
def team(register, frameworks):
    """People with addresses around Kapuas: its operator, the owner of its indicator 23, its internal
    assessor, the coordinator of Kalimantan Tengah, a reviewer, and Paser's operator elsewhere."""
    owner = account("owner-23", email="owner@kapuas.go.id")
    Assignment.objects.create(
        user=owner, role=Assignment.Role.RESPONSIBLE, instance_id=OWN, node=indicator(23)
    )
    return {
        "operator": account("operator", Assignment.Role.OPERATOR, OWN, email="operator@kapuas.go.id"),
        "owner of 23": owner,
        "assessor": account("assessor", Assignment.Role.ASSESSOR, OWN, email="assessor@kapuas.go.id"),
        "coordinator": account(
            "coordinator", Assignment.Role.COORDINATOR, PROVINCE, email="koor@kalteng.go.id"
        ),
        "reviewer": account("reviewer", Assignment.Role.REVIEWER, email="reviewer@kemenpan.go.id"),
        "other operator": account(
            "other-operator", Assignment.Role.OPERATOR, ELSEWHERE, email="operator@paser.go.id"
        ),
    }


def indicator(number: int) -> FrameworkNode:
    return spbe_2020().nodes.get(level="indicator", number=number)


def returned(assessment: Assessment, operator, reviewer, number: int, note: str) -> None:
    """Submit `assessment`, return indicator `number` with `note` and end the review."""
    review.submit(assessment, Access(operator))
    level = IndicatorLevel.objects.get(assessment=assessment, node__number=number)
    review.judge(assessment, Access(reviewer), level, "returned", note)
    review.conclude(assessment, Access(reviewer))


def send(day=TODAY, *options) -> str:
    out = StringIO()
    call_command("send_reminders", f"--date={day.isoformat()}", *options, stdout=out)
    return out.getvalue()


def mails_to(user) -> list:
    return [message for message in mail.outbox if message.to == [user.email]]


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://spbe.example.go.id"


def test_a_returned_indicator_reaches_its_operator_and_its_owner_in_one_digest_each(team):
    returned(filled(), team["operator"], team["coordinator"], 23, "Lampirkan SK yang ditandatangani.")
    output = send()
    for person in (team["operator"], team["owner of 23"]):
        (digest,) = mails_to(person)
        assert "Lampirkan SK yang ditandatangani." in digest.body
        assert "https://spbe.example.go.id/ruang-kerja/62.03/2024/aspek/5/#indicator-23" in digest.body
    assert {tuple(message.to) for message in mail.outbox} == {
        ("operator@kapuas.go.id",),
        ("owner@kapuas.go.id",),
    }
    assert "sent 2 digests" in output


def test_an_owner_hears_only_of_their_own_indicator(team):
    returned(filled(), team["operator"], team["coordinator"], 24, "Perbaiki indikator 24.")
    send()
    assert mails_to(team["operator"]) and not mails_to(team["owner of 23"])


def test_a_second_run_the_same_day_or_the_next_sends_nothing_again(team):
    returned(filled(), team["operator"], team["coordinator"], 23, "Lampirkan SK.")
    send()
    assert len(mail.outbox) == 2
    assert "sent 0 digests" in send()
    assert "sent 0 digests" in send(date(2026, 12, 9))
    assert len(mail.outbox) == 2
    assert ReminderSent.objects.filter(user=team["operator"]).count() == 1


def test_a_new_return_after_resubmitting_is_a_new_reminder(team):
    assessment = filled()
    returned(assessment, team["operator"], team["coordinator"], 23, "Lampirkan SK.")
    send()
    returned(assessment, team["operator"], team["coordinator"], 23, "SK belum ditandatangani.")
    send(date(2026, 12, 9))
    first, second = mails_to(team["operator"])
    assert "SK belum ditandatangani." in second.body and "Lampirkan SK." not in second.body


def test_a_recommendation_past_its_deadline_reaches_the_operator(team):
    assessment = filled()
    late = Recommendation.objects.create(
        assessment=assessment, node=indicator(23), text="Susun peta rencana SPBE.", deadline=date(2026, 6, 30)
    )
    Recommendation.objects.create(
        assessment=assessment, node=indicator(24), text="Belum jatuh tempo.", deadline=date(2027, 6, 30)
    )
    send()
    (digest,) = mails_to(team["operator"])
    assert "Susun peta rencana SPBE." in digest.body
    assert f"/ruang-kerja/62.03/rekomendasi/{late.pk}/" in digest.body
    assert "Belum jatuh tempo." not in digest.body
    assert not mails_to(team["owner of 23"])


def test_evidence_to_revise_reaches_its_operator_again_after_each_new_verdict(team):
    framework = Framework.objects.get(slug="pemdi-2026")
    assessment = Assessment.objects.create(instance_id=OWN, year=2026, framework=framework)
    item = EvidenceItem.objects.get(node__framework=framework, code="I12-L1-01")
    verdict = ItemReview.objects.create(
        assessment=assessment, item=item, status="revisi", note="Lampirkan notulen."
    )
    level = IndicatorLevel.objects.get(assessment=filled(), node__number=23)
    Evidence.objects.create(
        level=level,
        title="Peta rencana",
        link="https://kapuas.go.id/peta",
        supports_level=3,
        status="revisi",
        assessor_note="Tautan tidak bisa dibuka.",
    )
    send()
    (first,) = mails_to(team["operator"])
    assert (
        "Lampirkan notulen." in first.body
        and "/ruang-kerja/62.03/2026/indikator/12/bukti/#I12-L1-01" in first.body
    )
    assert "Tautan tidak bisa dibuka." in first.body and "/ruang-kerja/62.03/2024/bukti/" in first.body
    (owner,) = mails_to(team["owner of 23"])  # the evidence of their indicator, not the item of indicator 12
    assert "Tautan tidak bisa dibuka." in owner.body and "Lampirkan notulen." not in owner.body
    # The operator answers, the assessor asks again: a new reminder the next day, the evidence not repeated.
    assert ItemReview.reopen(assessment, item)
    ItemReview.objects.filter(pk=verdict.pk).update(
        status="revisi",
        note="Notulen belum ditandatangani.",
        updated_at=verdict.updated_at + timedelta(hours=1),
    )
    send(date(2026, 12, 9))
    second = mails_to(team["operator"])[1]
    assert "Notulen belum ditandatangani." in second.body and "Tautan tidak bisa dibuka." not in second.body


@pytest.fixture
def calendar_2026(frameworks):
    """Pemerintah Digital's 2026 calendar, reduced to one self-assessment stage ending 31 May."""
    framework = Framework.objects.get(slug="pemdi-2026")
    CycleStage.objects.filter(framework=framework, year=2026).delete()
    CycleStage.objects.create(
        framework=framework,
        year=2026,
        kind=CycleStage.Kind.SELF_ASSESSMENT,
        name="Penilaian mandiri",
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 5, 31),
    )
    return Assessment.objects.get_or_create(instance_id=OWN, year=2026, defaults={"framework": framework})[0]


def test_the_cycles_next_deadline_reaches_operators_of_an_unsubmitted_assessment_once(team, calendar_2026):
    send(date(2026, 5, 1))  # a month ahead: not near yet
    assert not mails_to(team["operator"])
    send(date(2026, 5, 25))
    (digest,) = mails_to(team["operator"])
    with translation.override("id"):
        assert my_work._near_deadline(Access(team["operator"]), date(2026, 5, 25))[0].note in digest.body
    assert "Penilaian mandiri" in digest.body and "/ruang-kerja/62.03/2026/tinjauan/" in digest.body
    send(date(2026, 5, 26))
    assert len(mails_to(team["operator"])) == 1


def test_an_operator_who_has_not_started_hears_of_the_deadline_too(team, calendar_2026):
    calendar_2026.delete()
    kobar = account("operator-kobar", Assignment.Role.OPERATOR, NEIGHBOUR, email="operator@kobar.go.id")
    send(date(2026, 5, 25))
    (digest,) = mails_to(kobar)
    assert "Penilaian mandiri" in digest.body and "/ruang-kerja/62.01/2026/tinjauan/" in digest.body
    assert len(mails_to(team["operator"])) == 1
    Assessment.objects.create(instance_id=NEIGHBOUR, year=2026, framework=calendar_2026.framework)
    send(date(2026, 5, 27))
    assert len(mails_to(kobar)) == 1  # the same deadline, once, whether the workspace was started or not


def test_no_calendar_no_deadline_reminder(team, calendar_2026):
    CycleStage.objects.filter(framework=calendar_2026.framework).delete()
    send(date(2026, 5, 25))
    assert not mails_to(team["operator"])


def test_opting_out_on_the_settings_page_stops_mail(client, team):
    client.force_login(team["operator"])
    page = client.get(SETTINGS)
    assert page.status_code == 200 and "operator@kapuas.go.id" in page.content.decode()
    assert client.post(SETTINGS, {}).status_code == 302
    returned(filled(), team["operator"], team["coordinator"], 23, "Lampirkan SK.")
    assert "1 with reminders off" in send()
    assert not mails_to(team["operator"]) and mails_to(team["owner of 23"])
    client.post(SETTINGS, {"enabled": "on"})
    send(date(2026, 12, 9))
    assert mails_to(team["operator"])


def test_the_unsubscribe_link_in_each_mail_turns_reminders_off_without_signing_in(client, team):
    returned(filled(), team["operator"], team["coordinator"], 23, "Lampirkan SK.")
    send()
    (digest,) = mails_to(team["operator"])
    link = re.search(r"/ruang-kerja/pengingat/berhenti/[^/\s]+/", digest.body).group(0)
    assert digest.extra_headers["List-Unsubscribe"] == f"<https://spbe.example.go.id{link}>"
    assert client.get(link).status_code == 200
    assert ReminderPreference.objects.filter(user=team["operator"]).count() == 0  # opening asks only
    assert client.post(link).status_code == 200
    assert not ReminderPreference.objects.get(user=team["operator"]).enabled
    assert client.post("/ruang-kerja/pengingat/berhenti/forged:token/").status_code == 404


def test_reviewers_coordinators_and_assessors_hear_how_many_assessments_wait_in_their_scope(team):
    assert not Assessment.objects.filter(state__in=review.UNDER_REVIEW).exists()
    operators = {
        NEIGHBOUR: account("operator-kobar", Assignment.Role.OPERATOR, NEIGHBOUR),
        ELSEWHERE: team["other operator"],
        OWN: team["operator"],
    }
    for code, operator in operators.items():
        review.submit(filled(code), Access(operator))
    send()
    with translation.override("id"):
        expected = {
            "reviewer": my_work.review_count_in_words(3),
            "coordinator": my_work.review_count_in_words(2),
            "assessor": my_work.review_count_in_words(1),
        }
    for who, sentence in expected.items():
        (digest,) = mails_to(team[who])
        assert sentence in digest.body, who
    assert "/ruang-kerja/64.01/2024/tinjauan/" not in mails_to(team["coordinator"])[0].body
    assert "/ruang-kerja/62.01/" not in mails_to(team["assessor"])[0].body
    assert not mails_to(team["operator"])  # their own assessment is not theirs to review


def test_no_mail_carries_another_instances_private_data(team):
    returned(filled(), team["operator"], team["coordinator"], 23, "Catatan Kapuas.")
    paser = filled(ELSEWHERE)
    returned(paser, team["other operator"], team["reviewer"], 23, "Catatan Paser.")
    Recommendation.objects.create(
        assessment=paser, node=indicator(23), text="Rekomendasi Paser.", deadline=date(2026, 1, 31)
    )
    send()
    for message in mail.outbox:
        kapuas, paser_mail = "Catatan Kapuas." in message.body, "Catatan Paser." in message.body
        assert not (kapuas and paser_mail)
        if message.to != ["operator@paser.go.id"]:
            assert "Paser" not in message.body and "64.01" not in message.body
    (other,) = mails_to(team["other operator"])
    assert "Catatan Paser." in other.body and "Rekomendasi Paser." in other.body
    assert "Kapuas" not in other.body and "62.03" not in other.body


def test_people_without_an_address_are_skipped_and_counted(team):
    team["owner of 23"].email = ""
    team["owner of 23"].save()
    returned(filled(), team["operator"], team["coordinator"], 23, "Lampirkan SK.")
    output = send()
    assert "skipped 1 without an e-mail address" in output and "owner-23" in output
    assert len(mail.outbox) == 1


def test_a_dry_run_sends_and_records_nothing(team):
    returned(filled(), team["operator"], team["coordinator"], 23, "Lampirkan SK.")
    output = send(TODAY, "--dry-run")
    assert "would send 2 digests" in output
    assert not mail.outbox and not ReminderSent.objects.exists()


def test_the_date_must_be_a_day():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date=8-12-2026")


def test_my_work_lists_the_same_items_as_the_digest(client, team):
    assessment = filled()
    returned(assessment, team["operator"], team["coordinator"], 23, "Lampirkan SK yang ditandatangani.")
    Recommendation.objects.create(
        assessment=assessment, node=indicator(24), text="Susun peta rencana SPBE.", deadline=date(2020, 1, 15)
    )
    client.force_login(team["operator"])
    page = client.get(MY_WORK).content.decode()
    send()
    (digest,) = mails_to(team["operator"])
    for text in ("Lampirkan SK yang ditandatangani.", "Susun peta rencana SPBE.", "#indicator-23"):
        assert text in page and text in digest.body


def test_my_work_is_linked_from_the_workspace(client, team):
    client.force_login(team["operator"])
    assert 'href="/ruang-kerja/pekerjaan-saya/"' in client.get("/ruang-kerja/").content.decode()


def test_my_work_for_a_reviewer_lists_assessments_waiting(client, team):
    review.submit(filled(), Access(team["operator"]))
    client.force_login(team["reviewer"])
    page = client.get(MY_WORK).content.decode()
    assert 'href="/ruang-kerja/62.03/2024/tinjauan/"' in page


def queries_of(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(MY_WORK).status_code == 200
    return len(queries)


def test_my_works_query_count_does_not_grow_with_the_work(client, team, django_assert_max_num_queries):
    operator = team["operator"]
    Assignment.objects.create(user=operator, role=Assignment.Role.OPERATOR, instance_id=NEIGHBOUR)
    returned(filled(), operator, team["coordinator"], 23, "Satu.")
    few = queries_of(client, operator)
    kobar = filled(NEIGHBOUR)
    review.submit(kobar, Access(operator))
    for number in (1, 2, 3):
        level = IndicatorLevel.objects.get(assessment=kobar, node__number=number)
        review.judge(kobar, Access(team["coordinator"]), level, "returned", f"Kembali {number}.")
    review.conclude(kobar, Access(team["coordinator"]))
    for number in (4, 5):
        Recommendation.objects.create(
            assessment=kobar, node=indicator(number), text=f"Rek {number}", deadline=date(2020, 1, 1)
        )
    many = queries_of(client, operator)
    assert many == few
    client.force_login(operator)
    with django_assert_max_num_queries(14):
        page = client.get(MY_WORK)
    assert page.content.decode().count("Kembali ") == 3
