"""The open-incident banner the portal home, the filing forms and the FAQ show."""

from django import template

from incidents import selectors

register = template.Library()


@register.inclusion_tag("incidents/_banner.html", takes_context=True)
def incident_banner(
    context: template.Context,
    *,
    kind: str = "",
    category: str = "",
    where: str = "home",
) -> dict[str, object]:
    """Open incidents for this page (on a form, those covering its kind and category)."""
    request = context.get("request")
    return {
        "incidents": selectors.incidents_open_for(kind=kind, category=category),
        "where": where,
        "on_form": where == "form",
        "next": request.get_full_path() if request is not None else "/",
        "csrf_token": context.get("csrf_token"),
    }
