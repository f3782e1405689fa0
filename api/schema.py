"""OpenAPI additions: the error responses every operation can give."""

from typing import Any

ERROR_REF = {"$ref": "#/components/schemas/Error"}

# What any operation may answer besides what its view declares.
COMMON_ERRORS = {
    "400": "The input is invalid: see error.fields (or a bad cursor or filter).",
    "401": "No credentials were sent, or they are unknown, revoked or expired.",
    "403": "These credentials may not use this endpoint (role, CSRF).",
    "404": "No such object, or not one these credentials may see.",
    "429": "Too many requests for this scope: wait error.retry_after seconds.",
}
BODY_ERRORS = {"415": "The request body is not in a supported media type."}

_ERROR_SCHEMAS = {
    "Error": {
        "type": "object",
        "properties": {"error": {"$ref": "#/components/schemas/ErrorDetail"}},
        "required": ["error"],
    },
    "ErrorDetail": {
        "type": "object",
        "properties": {
            "code": {"type": "string"},
            "message": {"type": "string"},
        },
        "required": ["code", "message"],
    },
}


def add_error_responses(
    result: dict[str, Any], generator: object, request: object, public: bool
) -> dict[str, Any]:
    """Document the shared error responses on every operation that lacks them."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in _ERROR_SCHEMAS.items():
        schemas.setdefault(name, schema)
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            errors = dict(COMMON_ERRORS)
            if "requestBody" in operation:
                errors |= BODY_ERRORS
            for status_code, description in errors.items():
                responses.setdefault(
                    status_code,
                    {
                        "content": {"application/json": {"schema": ERROR_REF}},
                        "description": description,
                    },
                )
    return result
