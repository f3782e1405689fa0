from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from tests.oidc_provider.provider import MODE


@csrf_exempt
def mode_set(request: HttpRequest) -> HttpResponse:
    MODE["value"] = request.body.decode()
    return HttpResponse(MODE["value"])


urlpatterns = [
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("_mode/", mode_set),
]
