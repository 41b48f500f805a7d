"""The admin's bulk import by hand: upload, read the preview, confirm."""

import pytest
from playwright.sync_api import expect

from indices.models import Score

pytestmark = pytest.mark.django_db(transaction=True)

DECREE = "Keputusan Menteri PANRB tentang Hasil Evaluasi SPBE 2024"


@pytest.fixture
def results_file(tmp_path):
    """A result sheet as Excel in the Indonesian locale saves it: BOM, semicolons, CRLF, decimal commas."""
    path = tmp_path / "hasil-spbe-2024.csv"
    lines = ["kode;nama;tahun;indeks;status;sumber"]
    lines += [
        f"63.11;Kab. Balangan;2024;3,34;final;{DECREE}",
        f"62;Kalimantan Tengah;2024;2,87;final;{DECREE}",
    ]
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode())
    return path


def test_admin_uploads_previews_and_confirms_an_import(
    watched_page, live_server, no_results, log_in, results_file, screenshot
):
    page = watched_page
    log_in("/admin/indices/score/")
    page.get_by_role("link", name="Impor CSV/XLSX").click()
    page.set_input_files("#id_file", str(results_file))
    page.get_by_role("button", name="Periksa berkas").click()
    expect(page.locator("#count-create")).to_have_text("2")
    expect(page.locator("#import-creates")).to_contain_text("Kabupaten Balangan")
    expect(page.locator("#import-creates")).to_contain_text("3,34")
    screenshot("admin-import-preview", 1280)
    assert not Score.objects.exists()
    page.get_by_role("button", name="Konfirmasi impor").click()
    expect(page.locator(".messagelist .success")).to_contain_text("2 dibuat")
    assert Score.objects.count() == 2
    assert page.problems == []


def test_admin_sees_every_error_and_no_confirm_button(
    watched_page, live_server, no_results, log_in, tmp_path, screenshot
):
    path = tmp_path / "salah.csv"
    path.write_text(f"kode;tahun;indeks;sumber\n99.99;2024;3,34;{DECREE}\n62;2017;5,5;{DECREE}\n")
    page = watched_page
    log_in("/admin/indices/score/")
    page.goto(live_server.url + "/admin/indices/score/impor/")
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="Periksa berkas").click()
    errors = page.locator("#import-errors tbody tr")
    expect(errors).to_have_count(3)
    expect(errors.first).to_contain_text("Kode 99.99 tidak dikenal")
    expect(page.locator("#import-errors")).to_contain_text("Skor harus antara 1,00 dan 5,00.")
    expect(page.locator("#import-confirm")).to_have_count(0)
    screenshot("admin-import-errors", 1280)
    assert not Score.objects.exists()
    assert page.problems == []


def test_a_decimal_comma_in_a_comma_file_is_refused_with_its_line(
    watched_page, live_server, no_results, log_in, tmp_path, screenshot
):
    path = tmp_path / "koma.csv"
    path.write_text("kode,tahun,indeks,sumber\n62.03,2024,2,95,Hasil evaluasi\n")
    page = watched_page
    log_in("/admin/indices/score/impor/")
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="Periksa berkas").click()
    error = page.locator("#import-errors tbody tr")
    expect(error).to_have_count(1)
    expect(error.locator("td").first).to_have_text("2")
    expect(error).to_contain_text('beri tanda kutip ("2,95") atau simpan berkas dengan titik koma')
    expect(page.locator("#import-confirm")).to_have_count(0)
    screenshot("admin-import-decimal-comma", 1280)
    assert not Score.objects.exists()
    assert page.problems == []
