from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from indices.models.text import short_name
from indices.workspace import files
from indices.workspace.models import Evidence

LEVELS = [(level, level) for level in range(1, 6)]
SUBMITTED = {Evidence.Status.DIUNGGAH, Evidence.Status.DITERIMA, Evidence.Status.REVISI}


class EvidenceForm(forms.ModelForm):
    """One item of evidence: a file (its type read from its content), a link, or both, for one level.

    A refused file never reaches the storage: the check runs while the form is cleaned, and the file is
    written only by `save()` of a valid form, under a name made of the instance, year, indicator and the
    extension its content showed (`indices.models.workspace.evidence_path`)."""

    supports_level = forms.TypedChoiceField(label=_("Supports level"), choices=LEVELS, coerce=int)
    link = forms.URLField(label=_("Link"), max_length=500, required=False, assume_scheme="https")
    remove_file = forms.BooleanField(label=_("Remove the file"), required=False)

    class Meta:
        model = Evidence
        fields = ["title", "file", "link", "supports_level", "status", "assessor_note"]
        # A plain file input: the clearable one links the current file by its storage URL, and evidence
        # files have none (they are served by the workspace's own view).
        widgets = {"file": forms.FileInput, "assessor_note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"status": _("As the assessment stands; copy the assessor's decision and note.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.uploaded_name = None
        if not self.instance.pk:
            self.initial.setdefault("status", Evidence.Status.DIUNGGAH)
        if not self.instance.file:
            del self.fields["remove_file"]
        self.fields["file"].widget.attrs["accept"] = files.ACCEPTED_INPUT
        self.fields["file"].help_text = _(
            "%(types)s, at most %(limit)s. The type is read from the content."
        ) % {
            "types": files.accepted_names(),
            "limit": filesizeformat(settings.EVIDENCE_MAX_BYTES),
        }
        self.fields["link"].help_text = _("Or instead: where the document is published (http or https).")
        self.fields["link"].widget.attrs["placeholder"] = "https://"

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            kind = files.check(upload)
            self.uploaded_name = short_name(upload.name or "")
            # Only the extension of this name reaches the disk (see `evidence_path`).
            upload.name = f"bukti.{kind.extension}"
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("remove_file") and not isinstance(cleaned.get("file"), UploadedFile):
            cleaned["file"] = False  # what a model's file field takes for "no file any more"
        if self.has_error("file"):
            return cleaned  # the file's own error says what to do
        has_file = bool(cleaned.get("file"))
        if cleaned.get("status") in SUBMITTED and not (has_file or cleaned.get("link")):
            self.add_error(
                "status",
                _("Evidence that is uploaded, accepted or to revise needs a file or a link."),
            )
        return cleaned

    @property
    def replaces_file(self) -> bool:
        """Whether saving drops the file the record had (replaced by a new one or cleared)."""
        new = self.cleaned_data.get("file")
        return bool(self.initial.get("file")) and (isinstance(new, UploadedFile) or new is False)

    def save(self, commit=True):
        evidence = super().save(commit=False)
        if self.uploaded_name is not None:
            evidence.file_name = self.uploaded_name
        elif not evidence.file:
            evidence.file_name = ""
        if commit:
            evidence.save()
        return evidence
