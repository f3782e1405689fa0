"""The API's own views: its schema, and its answer to a path it does not have."""

from django.utils import translation
from drf_spectacular.views import SpectacularAPIView
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


class SchemaApi(SpectacularAPIView):
    """The OpenAPI schema, always in English whatever the caller's language.

    Client generators turn names and enum labels into code identifiers; a schema
    that followed Accept-Language (or the site's Chinese default) would give a
    client with names like DeskTicketsList优先级, different for each caller.
    """

    def dispatch(self, request: Request, *args: object, **kwargs: object) -> Response:
        with translation.override("en"):
            response = super().dispatch(request, *args, **kwargs)
            response.render()  # inside the override: labels are lazy strings
        return response


class ApiNotFoundApi(APIView):
    """Any other path under /api/: the API's JSON 404 instead of an HTML page."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    schema = None

    def dispatch_unknown(
        self, request: Request, *args: object, **kwargs: object
    ) -> Response:
        raise NotFound

    get = post = put = patch = delete = head = options = dispatch_unknown
