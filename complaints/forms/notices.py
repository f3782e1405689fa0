"""Marking the customer's notices read."""

from django import forms


class NoticeReadForm(forms.Form):
    """Mark one notice read, or all of them when no notice is given."""

    notice = forms.IntegerField(required=False, min_value=1)
