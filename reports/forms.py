from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Language, User
from complaints.models import CATEGORIES_BY_KIND, Queue, Ticket
from reports.periods import Period, days_span, period_days
from reports.selectors import ReportFilter
from sla.models import RegimeProfile

MAX_PERIOD_DAYS = 731


def _blank(choices: object) -> list[tuple[str, str]]:
    return [("", _("All")), *choices]  # type: ignore[misc]


class ReportFilterForm(forms.Form):
    """The reports period and filters; the choices lists come from the view."""

    period = forms.ChoiceField(
        label=_("Period"), choices=Period.CHOICES, initial=Period.LAST_30_DAYS
    )
    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        label=_("To (inclusive)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=_blank(Ticket.Kind.choices)
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=_blank(Ticket.Category.choices)
    )
    queue = forms.TypedChoiceField(
        label=_("Queue"), required=False, coerce=int, empty_value=None
    )
    agent = forms.TypedChoiceField(
        label=_("Agent"), required=False, coerce=int, empty_value=None
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=_blank(Ticket.Channel.choices)
    )
    profile = forms.TypedChoiceField(
        label=_("SLA profile"), required=False, coerce=int, empty_value=None
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=_blank(Language.choices)
    )

    def __init__(
        self,
        *args: object,
        queues: list[Queue],
        agents: list[User],
        profiles: list[RegimeProfile],
        today: date | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.today = today or timezone.localdate()
        # Queues and profiles by their names in the page's language.
        self.fields["queue"].choices = _blank((q.pk, str(q)) for q in queues)
        self.fields["agent"].choices = _blank((a.pk, str(a)) for a in agents)
        self.fields["profile"].choices = _blank((p.pk, str(p)) for p in profiles)

    def _dates(
        self, period: str, start: date | None, end: date | None
    ) -> tuple[date, date]:
        named = period_days(period, today=self.today)
        if named is not None:
            return named
        if start is None or end is None:
            raise forms.ValidationError(
                _("Give both dates of a custom period."), code="dates_missing"
            )
        return start, end

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        period = cleaned.get("period")
        if period:
            first, last = self._dates(period, cleaned.get("start"), cleaned.get("end"))
            if last < first:
                raise forms.ValidationError(
                    _("The period must end on or after its first day."),
                    code="dates_reversed",
                )
            if first > self.today:
                raise forms.ValidationError(
                    _("The period cannot start in the future."), code="future"
                )
            if (last - first).days + 1 > MAX_PERIOD_DAYS:
                raise forms.ValidationError(
                    _("Choose a period of at most %(days)d days."),
                    code="too_long",
                    params={"days": MAX_PERIOD_DAYS},
                )
            cleaned["start"], cleaned["end"] = first, last
        kind, category = cleaned.get("kind"), cleaned.get("category")
        if kind and category and category not in CATEGORIES_BY_KIND[kind]:
            self.add_error(
                "category", _("This category does not belong to the chosen kind.")
            )
        return cleaned

    def filters(self) -> ReportFilter:
        """The validated choice as a ReportFilter: [first day, day after last)."""
        data = self.cleaned_data
        start, end = days_span(data["start"], data["end"])
        return ReportFilter(
            start=start,
            end=end,
            kind=data.get("kind") or "",
            category=data.get("category") or "",
            queue_id=data.get("queue"),
            agent_id=data.get("agent"),
            channel=data.get("channel") or "",
            profile_id=data.get("profile"),
            language=data.get("language") or "",
        )
