"""The admin's instance picker: Django's autocomplete, answered by the instance admin's own view so that each
option names the instance's code, kind and province ("Kabupaten Kapuas — 62.03 · kabupaten · Kalimantan
Tengah") and the instance meant comes first (`InstanceQuerySet.closest_first`, through the instance admin's
search)."""

from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect
from django.urls import reverse

URL_NAME = "indices_instance_autocomplete"


class InstancePicker(AutocompleteSelect):
    """An instance field's autocomplete, asking `InstanceOptions` for its options."""

    def get_url(self):
        return reverse(f"{self.admin_site.name}:{URL_NAME}")


class InstanceOptions(AutocompleteJsonView):
    """Django's autocomplete answer, each option labelled by `Instance.choice_label`."""

    def serialize_result(self, obj, to_field_name):
        return {"id": str(getattr(obj, to_field_name)), "text": obj.choice_label}


def label_choices(field) -> None:
    """Make a form field name its chosen instance as the picker's options do."""
    field.label_from_instance = lambda instance: instance.choice_label
