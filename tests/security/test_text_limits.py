"""Every text field has a length limit and refuses the control characters no backup or spreadsheet can hold,
in the model itself, so the admin, the workspace and the importer refuse them alike with the field's message
(issue 18, findings 3 and 9)."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import translation

from indices.models import Assignment, Source, Target
from indices.models.text import printable
from indices.transfer.services import targets_import
from indices.workspace.models import IndicatorLevel
from tests.conftest import account
from tests.workspace.test_levels import aspect_post, spbe_2020

OWN = "62.03"


def free_text_fields():
    """Every text field a person types into: not a choice, not a code checked by its own pattern."""
    for model in apps.get_app_config("indices").get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField) or field.choices:
                continue
            if isinstance(field, models.URLField | models.SlugField) or field.primary_key:
                continue
            if any(isinstance(v, RegexValidator) for v in field.validators):
                continue  # a code checked by its own pattern (KemenPANRB's four digits)
            if model.__name__ == "PendingImport" or field.name in ("colour", "model_name"):
                continue  # an upload waiting for confirmation, never kept; a colour's own pattern; a model's name
            yield model, field


def test_every_free_text_field_has_a_limit_and_refuses_control_characters():
    fields = list(free_text_fields())
    assert len(fields) >= 30
    for model, field in fields:
        assert field.max_length, (model.__name__, field.name)
        assert printable in field.validators, (model.__name__, field.name)
        if isinstance(field, models.TextField):
            assert any(getattr(v, "limit_value", None) == field.max_length for v in field.validators), (
                model.__name__,
                field.name,
            )


@pytest.fixture
def operator(client, published):
    client.force_login(account("operator", Assignment.Role.OPERATOR, OWN))
    client.cookies["django_language"] = "en"
    return client


@pytest.mark.parametrize("character", ["\x0c", "\x0b", "\x00", "\x1f"])
def test_the_workspace_refuses_a_control_character_in_fakta_and_stores_nothing(operator, character):
    typed = f"SK Bupati{character}2024"
    response = operator.post(
        "/ruang-kerja/62.03/2024/aspek/5/", aspect_post(spbe_2020(), 5, **{"i23-fakta": typed})
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "invisible control character" in page or "Null characters are not allowed" in page
    assert not IndicatorLevel.objects.filter(assessment__year__gte=2023).exists()


def test_the_workspace_refuses_a_fakta_over_its_limit_and_keeps_what_was_typed(operator):
    typed = "a" * 5001
    response = operator.post(
        "/ruang-kerja/62.03/2024/aspek/5/", aspect_post(spbe_2020(), 5, **{"i23-fakta": typed})
    )
    assert response.status_code == 400
    assert "at most 5000 characters" in response.content.decode()
    assert typed in response.content.decode()
    assert not IndicatorLevel.objects.filter(assessment__year__gte=2023).exists()


def test_the_admin_refuses_a_source_title_with_a_control_character(admin_client, published):
    admin_client.cookies["django_language"] = "en"
    before = Source.objects.count()
    response = admin_client.post(
        reverse("admin:indices_source_add"),
        {"title": "Laporan\x0b2024", "document": "Laporan 2024", "kind": "official"},
    )
    assert response.status_code == 200
    assert "invisible control character (U+000B) at position 8" in response.content.decode()
    assert Source.objects.count() == before


def test_the_admin_refuses_a_target_note_over_its_limit(admin_client, published):
    admin_client.cookies["django_language"] = "en"
    source = Source.objects.create(title="RPJMD", document="Perda 1/2025")
    form = {"instance": OWN, "year": "2027", "value": "3,25", "document": "rpjmd", "source": source.pk}
    response = admin_client.post(reverse("admin:indices_target_add"), form | {"note": "n" * 2001})
    assert response.status_code == 200
    assert "at most 2000 characters" in response.content.decode()
    assert not Target.objects.filter(year=2027).exists()


@pytest.mark.parametrize("cell", ["baris\x0cbaru", "Tabel\x0b4"])
def test_the_importer_refuses_a_file_with_a_control_character_naming_its_line(published, cell):
    data = "kode,tahun,target,dokumen,sumber,dokumen_sumber,catatan\n"
    data += f'{OWN},2027,"3,10",rpjmd,RPJMD Kapuas,Perda 3/2025,{cell}\n'
    with translation.override("en"):
        result = targets_import(data=data.encode(), filename="target.csv")
    assert not result.applied
    assert [str(error.message)[:59] for error in result.errors] == [
        "Line 2 holds an invisible control character (U+000%s), which" % ("C" if "\x0c" in cell else "B")
    ]
    assert not Target.objects.filter(year=2027).exists()


@pytest.mark.parametrize(
    ("column", "cell"), [("catatan", "x" * 2001), ("rincian_sumber", "Tabel 4 no. " + "9" * 200)]
)
def test_the_importer_refuses_text_over_its_limit_naming_its_line_and_column(published, column, cell):
    data = f"kode,tahun,target,dokumen,sumber,dokumen_sumber,{column}\n"
    data += f'{OWN},2027,"3,10",rpjmd,RPJMD Kapuas,Perda 3/2025,{cell}\n'
    with translation.override("en"):
        result = targets_import(data=data.encode(), filename="target.csv")
    assert not result.applied
    assert [(error.line, error.column) for error in result.errors] == [(2, column)], [
        str(e) for e in result.errors
    ]
    assert not Target.objects.filter(year=2027).exists()


def test_a_target_within_the_limits_imports(published):
    data = "kode,tahun,target,dokumen,sumber,dokumen_sumber,catatan\n"
    data += f'{OWN},2027,"3,10",rpjmd,RPJMD Kapuas,Perda 3/2025,"{"x" * 2000}"\n'
    assert targets_import(data=data.encode(), filename="target.csv").applied
    assert Target.objects.get(year=2027).value == Decimal("3.10")
