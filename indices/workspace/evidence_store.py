"""Writing evidence files: a form's evidence saved with its file, and a file dropped once the change that
dropped it is committed. Shared by the evidence pages and the evidence items of Pemerintah Digital."""

from functools import partial

from django.db import transaction

from indices.workspace.models import Evidence


def evidence_save(form, **fields) -> Evidence:
    """Save the form's evidence; a file written to the store before the row failed is removed again."""
    evidence = form.save(commit=False)
    for name, value in fields.items():
        setattr(evidence, name, value)
    try:
        with transaction.atomic():
            evidence.save()
    except Exception:
        if form.uploaded_name is not None and evidence.file:
            evidence.file.storage.delete(evidence.file.name)
        raise
    return evidence


def file_forget(name: str) -> None:
    """Remove a stored file once the change that dropped it is committed."""
    if name:
        transaction.on_commit(partial(Evidence._meta.get_field("file").storage.delete, name))
