"""A Python client generated from the served schema works: the wallet core's path.

openapi-python-client generates a package from /api/schema/ (asked for in Chinese,
served in English); every operation imports, and the generated system operations
push transactions with a system API key, which the customer then reads back.
"""

import importlib
import json
import pkgutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from accounts.services import user_create
from integrations.api_keys import api_key_issue
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

PACKAGE = "walletdesk_client"


@pytest.fixture
def generated_client(live_server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    request = urllib.request.Request(  # noqa: S310 - the test's own server
        f"{live_server.url}/api/schema/?format=json",
        headers={"Accept-Language": "zh-hans"},
    )
    with urllib.request.urlopen(request) as response:  # noqa: S310
        schema = json.load(response)
    schema_path = tmp_path / "schema.json"
    schema_path.write_text(json.dumps(schema))
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"post_hooks": []}))  # no formatter needed
    generator = Path(sys.executable).parent / "openapi-python-client"
    subprocess.run(  # noqa: S603 - the generator from the dev extra
        [
            str(generator),
            "generate",
            "--path",
            str(schema_path),
            "--output-path",
            str(tmp_path / PACKAGE),
            "--meta",
            "none",
            "--config",
            str(config),
        ],
        check=True,
        capture_output=True,
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    yield importlib.import_module(PACKAGE)
    for name in [name for name in sys.modules if name.startswith(PACKAGE)]:
        del sys.modules[name]


def test_every_generated_operation_imports_with_english_names(generated_client):
    api = importlib.import_module(f"{PACKAGE}.api")
    operations = [
        module.name
        for module in pkgutil.walk_packages(api.__path__, f"{PACKAGE}.api.")
        if not module.ispkg
    ]
    for name in operations:
        importlib.import_module(name)
    assert len(operations) >= 17
    models = Path(importlib.import_module(f"{PACKAGE}.models").__file__).parent
    assert all(path.stem.isascii() for path in models.glob("*.py"))


def test_wallet_core_pushes_transactions_with_the_generated_client(
    generated_client, live_server
):
    customer = user_create(
        username="mei", email="mei@example.com", password=PASSWORD, role="customer"
    )
    _key, secret = api_key_issue(name="core", actor=None)
    push = importlib.import_module(f"{PACKAGE}.api.system.system_transactions_push")
    token_create = importlib.import_module(f"{PACKAGE}.api.auth.auth_token_create")
    my_transactions = importlib.import_module(
        f"{PACKAGE}.api.customer.my_transactions_list"
    )
    models = importlib.import_module(f"{PACKAGE}.models")
    core = generated_client.AuthenticatedClient(
        base_url=live_server.url, token=secret, prefix="Api-Key"
    )
    batch = models.TransactionPushInputRequest.from_dict(
        {
            "records": [
                {
                    "reference": f"GEN-{number}",
                    "owner": customer.username,
                    "type": "payment",
                    "amount": "25.50",
                    "currency": "CNY",
                    "status": "completed",
                    "occurred_at": "2026-03-01T09:30:00+08:00",
                }
                for number in range(2)
            ]
        }
    )

    pushed = push.sync_detailed(client=core, body=batch)

    assert pushed.status_code == 200, pushed.content
    assert pushed.parsed.imported == 2
    anonymous = generated_client.Client(base_url=live_server.url)
    token = token_create.sync(
        client=anonymous,
        body=models.TokenCreateInputRequest.from_dict(
            {"username": "mei", "password": PASSWORD}
        ),
    )
    person = generated_client.AuthenticatedClient(
        base_url=live_server.url, token=token.token, prefix="Token"
    )
    listed = my_transactions.sync(client=person)
    assert sorted(record.reference for record in listed.results) == [
        "GEN-0",
        "GEN-1",
    ]


def test_wallet_core_provisions_a_customer_and_asks_for_a_link(
    generated_client, live_server
):
    _key, secret = api_key_issue(name="core", actor=None)
    provision = importlib.import_module(
        f"{PACKAGE}.api.system.system_customer_provision"
    )
    link_create = importlib.import_module(
        f"{PACKAGE}.api.system.system_customer_sign_in_link_create"
    )
    models = importlib.import_module(f"{PACKAGE}.models")
    core = generated_client.AuthenticatedClient(
        base_url=live_server.url, token=secret, prefix="Api-Key"
    )

    created = provision.sync_detailed(
        "8805001",
        client=core,
        body=models.CustomerProvisionInputRequest.from_dict(
            {"phone": "+8613800138000", "email": "gen@example.com", "status": "active"}
        ),
    )
    link = link_create.sync_detailed(
        "8805001", client=core, body=models.SignInLinkInputRequest.from_dict({})
    )

    assert created.status_code == 201, created.content
    assert created.parsed.account_id == "8805001"
    assert link.status_code == 201, link.content
    assert "/accounts/link/" in link.parsed.url
