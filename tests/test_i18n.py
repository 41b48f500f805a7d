from django.utils import translation
from django.utils.formats import number_format

from indices.formatting import format_score
from indices.models import SCORE_RANGE_MESSAGE


def test_indonesian_is_the_default_language(settings):
    assert settings.LANGUAGE_CODE == "id"
    assert [code for code, _ in settings.LANGUAGES] == ["id", "en"]


def test_the_indonesian_catalogue_is_compiled_and_loaded():
    with translation.override("id"):
        assert str(SCORE_RANGE_MESSAGE) == "Skor harus antara 1,00 dan 5,00."
    with translation.override("en"):
        assert str(SCORE_RANGE_MESSAGE) == "Score must be between 1.00 and 5.00."


def test_scores_use_a_decimal_comma_in_indonesian_and_a_point_in_english():
    with translation.override("id"):
        assert format_score(2.87) == "2,87"
        assert number_format(1234.5, 1) == "1234,5"
    with translation.override("en"):
        assert format_score(2.87) == "2.87"


def test_time_zone_is_jakarta(settings):
    assert settings.TIME_ZONE == "Asia/Jakarta"


def test_an_english_browser_still_gets_indonesian_until_it_switches(client, db):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="id">' in page
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert '<html lang="en">' in client.get("/", HTTP_ACCEPT_LANGUAGE="id").content.decode()


def test_every_interface_string_has_an_indonesian_translation():
    from pathlib import Path

    catalogue = (Path(__file__).resolve().parents[1] / "locale/id/LC_MESSAGES/django.po").read_text(
        encoding="utf-8"
    )
    assert "#, fuzzy" not in catalogue
    untranslated = [entry for entry in catalogue.split("\n\n") if entry.rstrip().endswith('msgstr ""')]
    assert untranslated == []
