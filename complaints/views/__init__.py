"""Customer portal views: thin interfaces over the selectors, services and workflow."""

from complaints.views.filing import (
    TicketCreateView,
    TicketStartView,
    TicketSubmittedView,
)
from complaints.views.notices import NoticeListView, NoticeReadView
from complaints.views.portal import (
    HomeView,
    MessageCreateView,
    TicketDetailView,
    TicketListView,
    TicketRateView,
    TicketReopenView,
    attachment_download_view,
)
from complaints.views.tracking import TrackSentView, TrackTicketView, TrackView

__all__ = [
    "HomeView",
    "MessageCreateView",
    "NoticeListView",
    "NoticeReadView",
    "TicketCreateView",
    "TicketDetailView",
    "TicketListView",
    "TicketRateView",
    "TicketReopenView",
    "TicketStartView",
    "TicketSubmittedView",
    "TrackSentView",
    "TrackTicketView",
    "TrackView",
    "attachment_download_view",
]
