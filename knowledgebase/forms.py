from django import forms
from django.utils.translation import gettext_lazy as _


class ArticleVoteForm(forms.Form):
    helpful = forms.TypedChoiceField(
        label=_("Was this helpful?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
    )


class DeflectionCreateForm(forms.Form):
    """The "this solved it" button on a suggested article."""

    article = forms.SlugField(max_length=100)
    query = forms.CharField(max_length=2000, required=False)
    situation = forms.SlugField(max_length=40, required=False)


class ArticleSearchForm(forms.Form):
    q = forms.CharField(label=_("Search the FAQ"), max_length=200, required=False)
