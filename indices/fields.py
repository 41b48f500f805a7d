"""Form fields shared by the admin and the portal's own forms."""

from django import forms
from django.core.exceptions import ValidationError

from indices.formatting import NumberError, parse_score


class ScoreField(forms.DecimalField):
    """A score, target or band bound as an admin types it: 2,87 or 2.87, the importer's rule.

    Thousands separators, spaces inside, other scripts' digits and exponents are refused with a message
    that says why, where Django's own field would read some of them as another number or fail later.
    """

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return parse_score(value, places=self.decimal_places)
        except NumberError as error:
            raise ValidationError(error.message, code="invalid") from None
