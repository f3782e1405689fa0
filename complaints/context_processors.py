from django.http import HttpRequest

from complaints.selectors import notice_unread_count


def unread_notices(request: HttpRequest) -> dict[str, object]:
    """Unread in-app notices for the signed-in customer, evaluated only when shown."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_customer:
        return {}
    return {"unread_notice_count": lambda: notice_unread_count(user=user)}
