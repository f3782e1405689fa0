"""API infrastructure shared by every app's API: one error body, cursor pages, scopes
(who may call, at which rate), the OpenAPI error responses and the JSON 404."""
