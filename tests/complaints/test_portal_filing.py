"""Filing a ticket in the portal: situations, kind forms, picker, evidence, repeats."""

import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from complaints.models import Attachment, Ticket
from tests.factories import CustomerFactory, TicketFactory, TransactionFactory
from transactions.models import Transaction

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client: Client) -> None:
    """Assertions read English text, whatever the catalogues hold."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def png_upload(name: str = "screenshot.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def create_url(situation: str) -> str:
    return reverse("complaints:ticket_create", args=[situation])


def refund_post(record: Transaction, **overrides: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "client_token": "token-1",
        "transaction": record.pk,
        "amount_requested": "100.00",
        "intended_recipient": "Li Na, 138 0000 0000",
        "payee_chosen_via": "typed",
        "subject": "Paid the wrong phone number",
        "description": "I typed one digit wrong.",
        "evidence_type": "screenshot",
    }
    fields.update(overrides)
    return fields


def test_start_page_lists_every_situation_in_plain_words(client, customer):
    client.force_login(customer)
    response = client.get(reverse("complaints:ticket_start"))
    assert response.status_code == 200
    for slug in (
        "wrong-recipient",
        "wrong-amount",
        "paid-twice",
        "cancelled",
        "transfer-failed",
        "balance-wrong",
        "not-received",
        "unauthorized",
        "cannot-log-in",
        "other",
    ):
        assert create_url(slug) in response.text


def test_filing_pages_need_a_login(client):
    response = client.get(create_url("wrong-recipient"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_staff_cannot_file_from_the_portal(client, agent):
    client.force_login(agent)
    assert client.get(create_url("wrong-recipient")).status_code == 403


def test_unknown_situation_is_not_found(client, customer):
    client.force_login(customer)
    assert client.get(create_url("lost-my-cat")).status_code == 404


def test_wrong_recipient_form_shows_only_the_fields_a_refund_needs(client, customer):
    client.force_login(customer)
    html = client.get(create_url("wrong-recipient")).text
    assert 'name="amount_requested"' in html
    assert 'name="intended_recipient"' in html
    assert 'name="intended_amount"' not in html
    assert 'name="duplicate_of"' not in html
    assert 'name="remedy_sought"' not in html


def test_cannot_log_in_form_has_no_refund_fields(client, customer):
    client.force_login(customer)
    html = client.get(create_url("cannot-log-in")).text
    assert 'name="amount_requested"' not in html
    assert 'name="remedy_sought"' in html


def test_refund_picker_offers_only_own_outgoing_completed_transactions(
    client, customer
):
    mine = TransactionFactory(owner=customer, reference="TXMINEOUT01")
    incoming = TransactionFactory(
        owner=customer, reference="TXMINEIN001", type=Transaction.Type.TRANSFER_IN
    )
    failed = TransactionFactory(
        owner=customer, reference="TXMINEFAIL1", status=Transaction.Status.FAILED
    )
    others = TransactionFactory(reference="TXOTHERS001")
    client.force_login(customer)
    html = client.get(create_url("wrong-recipient")).text
    assert mine.reference in html
    assert incoming.reference not in html
    assert failed.reference not in html
    assert others.reference not in html


def test_inquiry_picker_offers_only_cancelled_transactions(client, customer):
    cancelled = TransactionFactory(
        owner=customer, cancelled=True, reference="TXCANC001"
    )
    completed = TransactionFactory(owner=customer, reference="TXDONE0001")
    client.force_login(customer)
    html = client.get(create_url("cancelled")).text
    assert cancelled.reference in html
    assert completed.reference not in html


def test_picker_search_finds_by_reference_and_amount(client, customer):
    TransactionFactory(owner=customer, reference="TXAAA00001", amount=Decimal("12.50"))
    TransactionFactory(owner=customer, reference="TXBBB00002", amount=Decimal("99.00"))
    client.force_login(customer)
    by_reference = client.get(create_url("wrong-recipient"), {"q": "BBB"}).text
    assert "TXBBB00002" in by_reference
    assert "TXAAA00001" not in by_reference
    by_amount = client.get(create_url("wrong-recipient"), {"q": "12.50"}).text
    assert "TXAAA00001" in by_amount
    assert "TXBBB00002" not in by_amount


def test_filing_a_refund_creates_the_ticket_and_redirects_to_confirmation(
    client, customer, django_capture_on_commit_callbacks, mailoutbox
):
    record = TransactionFactory(owner=customer)
    client.force_login(customer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            create_url("wrong-recipient"),
            {**refund_post(record), "evidence": png_upload()},
        )
    ticket = Ticket.objects.get(customer=customer)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "complaints:ticket_submitted", args=[ticket.reference]
    )
    assert ticket.kind == Ticket.Kind.MISOPERATION_REFUND
    assert ticket.category == Ticket.Category.WRONG_RECIPIENT
    assert ticket.refund_request.transaction == record
    assert ticket.refund_request.intended_recipient == "Li Na, 138 0000 0000"
    attachment = Attachment.objects.get(ticket=ticket)
    assert attachment.content_type == "image/png"
    assert attachment.evidence_type == "screenshot"
    assert len(mailoutbox) == 1
    confirmation = client.get(response["Location"])
    assert ticket.reference in confirmation.text


def test_double_submission_with_the_same_key_files_one_ticket(client, customer):
    record = TransactionFactory(owner=customer)
    client.force_login(customer)
    first = client.post(create_url("wrong-recipient"), refund_post(record))
    second = client.post(create_url("wrong-recipient"), refund_post(record))
    assert Ticket.objects.filter(customer=customer).count() == 1
    assert first["Location"] == second["Location"]


def test_each_form_load_gets_a_fresh_submission_key(client, customer):
    client.force_login(customer)
    first = client.get(create_url("cannot-log-in")).context["form"]
    second = client.get(create_url("cannot-log-in")).context["form"]
    assert first["client_token"].value() != second["client_token"].value()


def test_refund_of_another_customers_transaction_is_refused_at_the_field(
    client, customer
):
    stranger_record = TransactionFactory(owner=CustomerFactory())
    client.force_login(customer)
    response = client.post(create_url("wrong-recipient"), refund_post(stranger_record))
    assert response.status_code == 200
    assert response.context["form"].errors["transaction"]
    assert not Ticket.objects.exists()


def test_refund_above_the_transaction_amount_is_refused_at_the_field(client, customer):
    record = TransactionFactory(owner=customer, amount=Decimal("50.00"))
    client.force_login(customer)
    response = client.post(
        create_url("wrong-recipient"), refund_post(record, amount_requested="80")
    )
    errors = response.context["form"].errors["amount_requested"]
    assert "50.00 CNY" in errors[0]
    assert not Ticket.objects.exists()


def test_a_refused_file_is_named_as_not_kept_next_to_the_file_field(client, customer):
    record = TransactionFactory(owner=customer, amount=Decimal("50.00"))
    client.force_login(customer)
    fake = SimpleUploadedFile("virus.png", b"MZ not a picture", "image/png")
    response = client.post(
        create_url("wrong-recipient"),
        {**refund_post(record, amount_requested="40"), "evidence": [fake]},
    )
    assert response.status_code == 200
    html = response.text
    warning = html.index('data-test="evidence-again"')
    assert "virus.png" in html[warning : warning + 600]
    assert "attach" in html[warning : warning + 600]
    assert 'name="kept_evidence"' not in html
    # Without files nothing needs saying.
    plain = client.post(
        create_url("wrong-recipient"), refund_post(record, amount_requested="80")
    ).text
    assert 'data-test="evidence-again"' not in plain


def test_refund_of_a_failed_transaction_is_refused_at_the_field(client, customer):
    record = TransactionFactory(owner=customer, status=Transaction.Status.FAILED)
    client.force_login(customer)
    response = client.post(create_url("wrong-recipient"), refund_post(record))
    assert response.context["form"].errors["transaction"]
    assert not Ticket.objects.exists()


def test_wrong_recipient_needs_the_intended_recipient(client, customer):
    record = TransactionFactory(owner=customer)
    client.force_login(customer)
    response = client.post(
        create_url("wrong-recipient"), refund_post(record, intended_recipient="")
    )
    assert response.context["form"].errors["intended_recipient"]


def test_paid_twice_files_a_duplicate_payment_with_the_original(client, customer):
    original = TransactionFactory(owner=customer)
    repeat = TransactionFactory(owner=customer)
    client.force_login(customer)
    response = client.post(
        create_url("paid-twice"),
        {
            "client_token": "dup-1",
            "transaction": repeat.pk,
            "duplicate_of": original.pk,
            "amount_requested": "100",
            "subject": "Charged twice",
            "description": "The shop charged me twice.",
        },
    )
    assert response.status_code == 302
    ticket = Ticket.objects.get(customer=customer)
    assert ticket.category == Ticket.Category.DUPLICATE_PAYMENT
    assert ticket.refund_request.duplicate_of == original


def test_cancelled_transaction_inquiry_is_filed(client, customer):
    record = TransactionFactory(owner=customer, cancelled=True)
    client.force_login(customer)
    response = client.post(
        create_url("cancelled"),
        {
            "client_token": "inq-1",
            "transaction": record.pk,
            "subject": "Why was it cancelled?",
            "description": "My transfer was cancelled.",
        },
    )
    assert response.status_code == 302
    ticket = Ticket.objects.get(customer=customer)
    assert ticket.kind == Ticket.Kind.CANCELLED_TX_INQUIRY
    assert ticket.cancellation_inquiry.transaction == record


def test_login_problem_is_filed_without_a_transaction(client, customer):
    client.force_login(customer)
    response = client.post(
        create_url("cannot-log-in"),
        {
            "client_token": "login-1",
            "subject": "Locked out",
            "description": "My account is locked after a password reset.",
            "remedy_sought": "Unlock it",
        },
    )
    assert response.status_code == 302
    ticket = Ticket.objects.get(customer=customer)
    assert ticket.category == Ticket.Category.ACCOUNT_ACCESS
    assert ticket.complaint_detail.remedy_sought == "Unlock it"


def test_something_else_lets_the_customer_pick_fees(client, customer):
    record = TransactionFactory(owner=customer)
    client.force_login(customer)
    client.post(
        create_url("other"),
        {
            "client_token": "other-1",
            "category_choice": "fees",
            "transaction": record.pk,
            "subject": "Fee too high",
            "description": "I was charged a fee I did not expect.",
        },
    )
    assert Ticket.objects.get(customer=customer).category == Ticket.Category.FEES


def test_failed_transfer_complaint_needs_a_transaction(client, customer):
    client.force_login(customer)
    response = client.post(
        create_url("transfer-failed"),
        {"client_token": "tf-1", "subject": "Failed", "description": "It failed."},
    )
    assert response.context["form"].errors["transaction"]


def test_open_ticket_about_the_transaction_is_flagged_in_the_picker(client, customer):
    ticket = TicketFactory(
        customer=customer,
        kind=Ticket.Kind.MISOPERATION_REFUND,
        category=Ticket.Category.WRONG_RECIPIENT,
    )
    client.force_login(customer)
    html = client.get(create_url("wrong-recipient")).text
    assert ticket.reference in html


def test_second_ticket_about_the_same_transaction_points_to_the_open_one(
    client, customer
):
    ticket = TicketFactory(
        customer=customer,
        kind=Ticket.Kind.MISOPERATION_REFUND,
        category=Ticket.Category.WRONG_RECIPIENT,
    )
    record = ticket.refund_request.transaction
    client.force_login(customer)
    response = client.post(
        create_url("wrong-recipient"), refund_post(record, client_token="again")
    )
    assert response.status_code == 200
    assert response.context["duplicate"] == ticket
    assert ticket.get_absolute_url() in response.text
    assert Ticket.objects.filter(customer=customer).count() == 1


def test_evidence_with_a_faked_type_is_refused_at_the_field(client, customer):
    record = TransactionFactory(owner=customer)
    client.force_login(customer)
    fake = SimpleUploadedFile(
        "receipt.png", b"MZ\x90\x00\x03\x00\x00\x00", content_type="image/png"
    )
    response = client.post(
        create_url("wrong-recipient"), {**refund_post(record), "evidence": fake}
    )
    assert response.context["form"].errors["evidence"]
    assert not Ticket.objects.exists()


def test_too_large_evidence_is_refused_at_the_field(client, customer, settings):
    settings.WALLETDESK_MAX_EVIDENCE_BYTES = 50
    record = TransactionFactory(owner=customer)
    client.force_login(customer)
    response = client.post(
        create_url("wrong-recipient"), {**refund_post(record), "evidence": png_upload()}
    )
    assert "limit" in response.context["form"].errors["evidence"][0]


def test_several_evidence_files_are_stored(client, customer):
    record = TransactionFactory(owner=customer)
    client.force_login(customer)
    client.post(
        create_url("wrong-recipient"),
        {**refund_post(record), "evidence": [png_upload("a.png"), png_upload("b.png")]},
    )
    ticket = Ticket.objects.get(customer=customer)
    assert sorted(ticket.attachments.values_list("original_name", flat=True)) == [
        "a.png",
        "b.png",
    ]


def test_confirmation_page_of_another_customers_ticket_is_not_found(client, customer):
    ticket = TicketFactory()
    client.force_login(customer)
    url = reverse("complaints:ticket_submitted", args=[ticket.reference])
    assert client.get(url).status_code == 404


def test_filing_page_query_count_does_not_grow_with_transactions(
    client, customer, django_assert_num_queries
):
    TransactionFactory.create_batch(2, owner=customer)
    client.force_login(customer)
    url = create_url("wrong-recipient")
    # user, the picker's transactions, open tickets about them, unread count,
    # open incidents (the banner)
    with django_assert_num_queries(5):
        client.get(url)
    TransactionFactory.create_batch(30, owner=customer)
    with django_assert_num_queries(5):
        response = client.get(url)
    assert response.text.count('name="transaction"') == 20


def test_paid_twice_refuses_another_customers_payment_and_lists_recent_own_ones(
    client, customer
):
    own = [TransactionFactory(owner=customer) for _ in range(3)]
    others = TransactionFactory(reference="TXOTHERS002")
    client.force_login(customer)
    response = client.post(
        create_url("paid-twice"),
        {
            "client_token": "dup-2",
            "transaction": own[0].pk,
            "duplicate_of": others.pk,
            "amount_requested": "100",
            "subject": "Charged twice",
            "description": "The shop charged me twice.",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["duplicate_of"]
    assert not Ticket.objects.filter(customer=customer).exists()
    select = response.text.split('name="duplicate_of"', 1)[1].split("</select>")[0]
    for record in own:
        assert f'value="{record.pk}"' in select
    assert f'value="{others.pk}"' not in select


def test_filing_without_a_transaction_reads_no_transactions(client, customer):
    client.force_login(customer)
    with CaptureQueriesContext(connection) as captured:
        response = client.post(
            create_url("cannot-log-in"),
            {
                "client_token": "login-1",
                "subject": "Locked out",
                "description": "Since this morning.",
            },
        )
    assert response.status_code == 302
    table = Transaction._meta.db_table
    assert not [q for q in captured.captured_queries if table in q["sql"]]


def test_transaction_search_with_a_nul_character_shows_the_form(client, customer):
    record = TransactionFactory(
        owner=customer, reference="TXNULSEARCH1", status=Transaction.Status.FAILED
    )
    client.force_login(customer)
    response = client.get(create_url("transfer-failed"), {"q": "NULSEARCH\x00"})
    assert response.status_code == 200
    assert record.reference in response.text
