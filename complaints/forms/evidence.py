"""Evidence files on a form: several in one input, and the files kept from an earlier try."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.models import Attachment, PendingUpload
from complaints.services import EvidenceInput
from complaints.services.pending_uploads import pending_upload_as_file


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several files in one input; their content is checked by the service."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            MultipleFileInput(
                attrs={"accept": "image/png,image/jpeg,image/gif,image/webp,.pdf,.txt"}
            ),
        )
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(EvidenceField, self).clean(item, initial) for item in files]


class EvidenceMixin(forms.Form):
    evidence = EvidenceField(
        label=_("Evidence files"),
        help_text=_(
            "Screenshots, receipts or statements: PNG, JPEG, GIF, WebP, PDF or text, up to 10 MB each, at most 5 files."
        ),
    )
    evidence_type = forms.ChoiceField(
        label=_("These files are"),
        choices=Attachment.EvidenceType.choices,
        initial=Attachment.EvidenceType.SCREENSHOT,
        required=False,
    )

    # Files kept from an earlier try of this form (complaints.views.kept_evidence
    # sets them): listed with their tokens, attached with the new files.
    kept_uploads: list[PendingUpload] = []
    # Names of files sent with errors that could not be kept.
    evidence_dropped: list[str] = []

    @property
    def has_evidence(self) -> bool:
        """Whether new or kept files come with this form."""
        return bool(self.cleaned_data.get("evidence") or self.kept_uploads)

    def evidence_inputs(self) -> list[EvidenceInput]:
        """The new files, then the kept ones, for the same evidence checks."""
        kind = self.cleaned_data.get("evidence_type") or Attachment.EvidenceType.OTHER
        return [
            EvidenceInput(file=upload, evidence_type=kind)
            for upload in self.cleaned_data.get("evidence", [])
        ] + [
            EvidenceInput(file=pending_upload_as_file(pending), evidence_type=kind)
            for pending in self.kept_uploads
        ]
