"""Text as the portal keeps it: of a bounded length and free of the control characters that no XML or
spreadsheet can hold (a form feed pasted from a word processor once broke every backup). Every text field
of every record is built here, so that its limit and its checks are the model's, and the forms, the
importer and the admin all refuse the same things with the same message."""

import re
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Everything below U+0020 but tab, line feed and carriage return; the two non-characters U+FFFE and U+FFFF;
# lone surrogates. XML 1.0 holds none of them, and nobody means to type them.
UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

# Lengths of free text: a note beside a figure, and an explanation written in a workspace.
NOTE_LENGTH = 2000
EXPLANATION_LENGTH = 5000


def printable(value: str) -> None:
    """Refuse text holding a control character, naming it and where it stands."""
    found = UNPRINTABLE.search(value or "")
    if found:
        raise ValidationError(
            _(
                "This text holds an invisible control character (U+%(code)04X) at position %(position)s, "
                "which cannot be stored; delete it and save again."
            ),
            code="unprintable",
            params={"code": ord(found.group()), "position": found.start() + 1},
        )


def text_field(verbose_name, *, max_length: int = NOTE_LENGTH, **options) -> models.TextField:
    """Free text of at most `max_length` characters, checked by the model (a TextField's own limit binds
    only its form)."""
    validators = [MaxLengthValidator(max_length), printable]
    return models.TextField(verbose_name, max_length=max_length, validators=validators, **options)


def line_field(verbose_name, *, max_length: int, **options) -> models.CharField:
    """One line of text (a name, a title, a place in a document)."""
    return models.CharField(verbose_name, max_length=max_length, validators=[printable], **options)


def short_name(original: str, limit: int = 200) -> str:
    """The uploaded name, without any folder or control character, cut to `limit` characters keeping its
    extension."""
    name = PurePath(UNPRINTABLE.sub("", original).replace("\\", "/")).name
    if len(name) <= limit:
        return name
    suffix = PurePath(name).suffix[:20]
    return name[: limit - len(suffix)] + suffix
