"""Serve the test OpenID Connect provider on 127.0.0.1, an ephemeral port.

    OIDC_PROVIDER_DB=/tmp/x.sqlite3 OIDC_CLIENT_ID=... OIDC_CLIENT_SECRET=...
    OIDC_REDIRECT_URI=http://testserver/... python -m tests.oidc_provider.serve

Prints "port <n>" once it answers, then serves until it is terminated.
"""

import os
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def main() -> None:
    # Bound before Django starts: the issuer URL names the port.
    server = make_server(
        "127.0.0.1",
        0,
        lambda environ, start_response: [],
        server_class=_Server,
        handler_class=_QuietHandler,
    )
    port = server.server_port
    os.environ["OIDC_PROVIDER_ISSUER"] = f"http://127.0.0.1:{port}/o"
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"

    import django

    django.setup()
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import get_application_model

    call_command("migrate", verbosity=0, interactive=False)
    get_application_model().objects.create(
        name="Walletdesk",
        client_id=os.environ["OIDC_CLIENT_ID"],
        client_secret=os.environ["OIDC_CLIENT_SECRET"],
        client_type="confidential",
        authorization_grant_type="authorization-code",
        redirect_uris=os.environ["OIDC_REDIRECT_URI"],
        algorithm="RS256",
        skip_authorization=True,
    )
    server.set_app(get_wsgi_application())
    sys.stdout.write(f"port {port}\n")
    sys.stdout.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
