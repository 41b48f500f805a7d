"""The forms of Pemerintah Digital's evidence items: an operator's file or link for an item (checked like
every evidence file), and an assessor's verdict on it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from indices.workspace.evidence_forms import EvidenceForm
from indices.workspace.pemdi_models import ItemReview


class ItemEvidenceForm(EvidenceForm):
    """A file or link answering one evidence item: its level is the item's, its status "uploaded"; the
    verdict is the assessor's (`ItemReviewForm`), never the operator's."""

    supports_level = None  # the item's level

    class Meta(EvidenceForm.Meta):
        fields = ["title", "file", "link"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].help_text = _(
            "What the document is, e.g. “SK Tim Koordinasi Pemerintah Digital”."
        )

    def clean(self):
        cleaned = super().clean()
        if not self.has_error("file") and not (cleaned.get("file") or cleaned.get("link")):
            self.add_error(None, _("Attach a file or give a link."))
        return cleaned


class ItemReviewForm(forms.ModelForm):
    """An assessor's verdict on one item: accepted, or to revise with what to revise."""

    status = forms.ChoiceField(
        label=_("Verdict"),
        choices=[(ItemReview.Status.DITERIMA, _("Accepted")), (ItemReview.Status.REVISI, _("To revise"))],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = ItemReview
        fields = ["status", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        labels = {"note": _("Note to the operator")}

    def __init__(self, *args, attached: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.attached = attached

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status == ItemReview.Status.REVISI and not cleaned.get("note", "").strip():
            self.add_error("note", _("Say what to revise."))
        if status == ItemReview.Status.DITERIMA and not self.attached:
            self.add_error("status", _("An item without a file or link cannot be accepted."))
        return cleaned
