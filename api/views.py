"""The API's answer to a path it does not have."""

from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


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
