from functools import cache

from django.http import HttpRequest

from complaints.selectors import notice_unread_count


def unread_notices(request: HttpRequest) -> dict[str, object]:
    """Unread in-app notices for the signed-in customer.

    A callable, so pages that never show it run no query; cached, so pages that
    show it twice run one.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_customer:
        return {}
    return {"unread_notice_count": cache(lambda: notice_unread_count(user=user))}
