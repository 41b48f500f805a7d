"""A whole review cycle for Kabupaten Kapuas in Kalimantan Tengah, in a real browser, as its operator and the
province's coordinator meet it: the operator imports the 47 levels in bulk and submits; the coordinator returns
two indicators with notes and accepts the rest; the daily digest tells the operator; the operator fixes the two
and submits again; the digest tells the coordinator; the coordinator accepts; the province page and the
province PDF show Kapuas accepted; the timeline holds every move."""

from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect
from pypdf import PdfReader

from indices.models import Assignment
from indices.workspace.models import Assessment, IndicatorLevel
from tests.browser.conftest import SCREENSHOTS

PASSWORD = "a-long-test-passphrase"
REVIEW = "/ruang-kerja/62.03/2024/tinjauan/"


@pytest.fixture
def people(published):
    User = get_user_model()
    operator = User.objects.create_user(
        "operator-kapuas", email="spbe@kapuaskab.go.id", password=PASSWORD, is_staff=True
    )
    Assignment.objects.create(user=operator, role=Assignment.Role.OPERATOR, instance_id="62.03")
    coordinator = User.objects.create_user(
        "koordinator-kalteng", email="spbe@kalteng.go.id", password=PASSWORD, is_staff=True
    )
    Assignment.objects.create(user=coordinator, role=Assignment.Role.COORDINATOR, instance_id="62")
    return {"operator": operator, "coordinator": coordinator}


def signed_in(browser, live_server, username):
    """A browser context of its own for each person, signed in through the login form."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/?next=/ruang-kerja/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/ruang-kerja/")
    return page


def levels_file() -> bytes:
    """The 47 SPBE 2020 indicators of Kapuas for 2024: 1-10 at level 4, the rest at 3."""
    rows = ["kode_instansi,tahun,indikator,tingkat"]
    rows += [f"62.03,2024,{number},{4 if number <= 10 else 3}" for number in range(1, 48)]
    return ("\n".join(rows) + "\n").encode()


def click_and_wait(page, locator):
    with page.expect_navigation():
        locator.click()


def test_a_whole_review_cycle_of_kapuas(browser, live_server, people):
    SCREENSHOTS.mkdir(exist_ok=True)
    operator = signed_in(browser, live_server, "operator-kapuas")
    base = live_server.url

    # 1. The operator imports the levels in bulk, sees the preview, confirms, and submits.
    operator.goto(f"{base}/ruang-kerja/62.03/2024/impor-tingkat/")
    operator.set_input_files(
        "#import-upload input[type=file]",
        files=[{"name": "tingkat-kapuas.csv", "mimeType": "text/csv", "buffer": levels_file()}],
    )
    click_and_wait(operator, operator.locator("#import-upload button[type=submit]"))
    expect(operator.locator("#count-create")).to_have_text("47")
    expect(operator.locator("#count-refused")).to_have_text("0")
    click_and_wait(operator, operator.locator("#import-confirm button[type=submit]"))
    assert IndicatorLevel.objects.filter(assessment__instance_id="62.03", assessment__year=2024).count() == 47
    operator.goto(f"{base}{REVIEW}")
    operator.fill("#submit-note", "Siap ditinjau")
    click_and_wait(operator, operator.locator("form:has(input[value=submit]) button[type=submit]"))
    expect(operator.locator(".state-tag").first).to_contain_text("Diajukan")
    assessment = Assessment.objects.get(instance_id="62.03", year=2024)
    assert assessment.state == Assessment.State.SUBMITTED

    # 2. The coordinator returns 23 and 24 with notes, accepts the rest in one move, ends the review.
    coordinator = signed_in(browser, live_server, "koordinator-kalteng")
    coordinator.goto(f"{base}{REVIEW}")
    for number, note in ((23, "Lampirkan SK tim data"), (24, "Tautan portal data mati")):
        row = coordinator.locator(f"#review-{number}")
        row.locator("input[value=returned]").check()
        row.locator("textarea").fill(note)
        click_and_wait(coordinator, row.locator("button[type=submit]"))
    click_and_wait(coordinator, coordinator.locator("#accept-pending button"))
    click_and_wait(coordinator, coordinator.locator("form:has(input[value=conclude]) button[type=submit]"))
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.RETURNED

    # 3. The digest tells the operator what came back, with the notes; the coordinator has nothing new.
    mail.outbox.clear()
    call_command("send_reminders", "--date", "2024-11-04")
    to_operator = [message for message in mail.outbox if message.to == ["spbe@kapuaskab.go.id"]]
    assert len(to_operator) == 1
    assert "Lampirkan SK tim data" in to_operator[0].body and "Tautan portal data mati" in to_operator[0].body
    assert not [message for message in mail.outbox if message.to == ["spbe@kalteng.go.id"]]

    # 4. The operator fixes 23 and 24 (the only fields open) and submits again.
    operator.goto(f"{base}/ruang-kerja/62.03/2024/aspek/5/")
    expect(operator.locator("#id_i21-self_level")).to_be_disabled()
    operator.select_option("#id_i23-self_level", "4")
    operator.select_option("#id_i24-self_level", "4")
    click_and_wait(operator, operator.locator("#levels-form button[type=submit]"))
    operator.goto(f"{base}{REVIEW}")
    click_and_wait(operator, operator.locator("form:has(input[value=submit]) button[type=submit]"))
    for width in (1280, 375):
        operator.set_viewport_size({"width": width, "height": 900})
        operator.screenshot(path=SCREENSHOTS / f"workspace-review-timeline-id-{width}.png", full_page=True)

    # 5. The digest tells the coordinator an assessment waits on their review.
    mail.outbox.clear()
    call_command("send_reminders", "--date", "2024-11-05")
    to_coordinator = [message for message in mail.outbox if message.to == ["spbe@kalteng.go.id"]]
    assert len(to_coordinator) == 1 and "Kapuas" in to_coordinator[0].body

    # 6. The coordinator accepts the two and ends the review: accepted.
    coordinator.goto(f"{base}{REVIEW}")
    click_and_wait(coordinator, coordinator.locator("#accept-pending button"))
    click_and_wait(coordinator, coordinator.locator("form:has(input[value=conclude]) button[type=submit]"))
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.ACCEPTED
    levels = IndicatorLevel.objects.filter(assessment=assessment, node__number__in=(23, 24))
    assert set(levels.values_list("self_level", flat=True)) == {4}

    # 7. The timeline shows every move in order, who made it and the notes.
    timeline = coordinator.locator(".timeline")
    expect(timeline).to_contain_text("Siap ditinjau")
    expect(timeline).to_contain_text("Lampirkan SK tim data")
    expect(timeline).to_contain_text("koordinator-kalteng")
    actions = list(assessment.transitions.values_list("action", flat=True))
    assert actions[0] == "submitted" and actions[-1] == "review_accepted"
    assert actions.count("submitted") == 2 and actions.count("returned") == 2

    # 8. The coordinator's province page and the province PDF show Kapuas accepted.
    coordinator.goto(f"{base}/ruang-kerja/provinsi/62/2024/")
    kapuas = coordinator.locator("tr", has_text="Kabupaten Kapuas")
    expect(kapuas).to_contain_text("Diterima")
    for width in (1280, 375):
        coordinator.set_viewport_size({"width": width, "height": 900})
        coordinator.screenshot(path=SCREENSHOTS / f"workspace-province-id-{width}.png", full_page=True)
    pdf = coordinator.request.get(f"{base}/ruang-kerja/provinsi/62/2024/laporan.pdf")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf.body())).pages)
    assert "Kalimantan Tengah" in text and "Kapuas" in text and "Diterima" in text
    operator.context.close()
    coordinator.context.close()
