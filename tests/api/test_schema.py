"""The OpenAPI schema: valid, complete about errors, and its docs page self-hosted."""

import pytest
from django.core.management import call_command

from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


def test_schema_generates_without_warnings(tmp_path):
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--file",
        str(tmp_path / "schema.yaml"),
    )
    assert "/api/v1/desk/tickets/" in (tmp_path / "schema.yaml").read_text()


def test_every_operation_documents_its_errors():
    response = client_for(None).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert len(paths) >= 15
    for path, item in paths.items():
        assert path.startswith("/api/v1/")
        for method, operation in item.items():
            documented = set(operation["responses"])
            assert {"400", "401", "403", "404", "429"} <= documented, (path, method)
    moves = paths["/api/v1/desk/tickets/{reference}/moves/"]["post"]["responses"]
    assert moves["409"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }


def test_docs_page_serves_swagger_ui_from_static_files():
    response = client_for(None).get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn" not in page.lower()


def test_unknown_api_path_answers_json_404(customer):
    response = client_for(customer).get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_wrong_method_answers_json_405(customer):
    response = client_for(customer).delete("/api/v1/my/tickets/")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_malformed_json_answers_400_parse_error(customer):
    response = client_for(customer).post(
        "/api/v1/my/tickets/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"


def test_throttled_caller_gets_429_with_retry_after(customer, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "customer": "2/min",
        },
    }
    client = client_for(customer)
    statuses = [client.get("/api/v1/my/tickets/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    response = client.get("/api/v1/my/tickets/")
    assert response.json()["error"]["code"] == "throttled"
    assert int(response["Retry-After"]) > 0


def test_errors_answer_in_the_callers_language(customer):
    response = client_for(None).get("/api/v1/my/tickets/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response.status_code == 401
    assert response.json()["error"]["message"] != (
        "Authentication credentials were not provided."
    )


def test_outcome_amount_is_documented_as_approved_not_paid():
    schemas = (
        client_for(None)
        .get("/api/schema/", {"format": "json"})
        .json()["components"]["schemas"]
    )
    for name in ("TicketDetailOutput", "StaffTicketDetailOutput", "SystemTicketOutput"):
        description = schemas[name]["properties"]["outcome_amount"]["description"]
        assert "approved" in description
        assert "not a confirmation that it was paid" in description
