"""factory_boy factories; tickets are filed through ticket_create like real ones."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone

from accounts.models import User
from accounts.second_factor import second_factor_required, totp_enrol
from accounts.services import user_create
from complaints.models import Ticket
from complaints.services import ComplaintInput, InquiryInput, RefundInput, ticket_create
from transactions.models import Transaction

PASSWORD = "walletdesk-test-pw"
# The TOTP secret factories give staff whose role needs a second factor
# (tests/second_factor.py makes its codes).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    first_name = factory.Faker("first_name")
    role = User.Role.CUSTOMER
    preferred_language = "en"

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        return user_create(
            username=kwargs["username"],
            email=kwargs["email"],
            password=kwargs.pop("password", PASSWORD),
            role=kwargs["role"],
            first_name=kwargs.get("first_name", ""),
            last_name=kwargs.get("last_name", ""),
            preferred_language=kwargs["preferred_language"],
            wallet_account_id=kwargs.get("wallet_account_id"),
            phone=kwargs.get("phone", ""),
        )

    @factory.post_generation
    def second_factor(
        user: User,  # noqa: N805 (factory_boy passes the built user)
        create: bool,
        extracted: bool | None,
        **kwargs: Any,
    ) -> None:
        """Supervisors, managers and admins get a TOTP app, as production needs;
        second_factor=False leaves one without, second_factor=True gives anyone one."""
        wanted = second_factor_required(user=user) if extracted is None else extracted
        if create and wanted:
            totp_enrol(user=user, secret=TOTP_SECRET)


class CustomerFactory(UserFactory):
    role = User.Role.CUSTOMER


class AgentFactory(UserFactory):
    username = factory.Sequence(lambda n: f"agent{n}")
    role = User.Role.AGENT


class SupervisorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"supervisor{n}")
    role = User.Role.SUPERVISOR


class ManagerFactory(UserFactory):
    username = factory.Sequence(lambda n: f"manager{n}")
    role = User.Role.MANAGER


class TransactionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Transaction

    reference = factory.Sequence(lambda n: f"TX{n:010d}")
    owner = factory.SubFactory(CustomerFactory)
    type = Transaction.Type.TRANSFER_OUT
    amount = Decimal("100.00")
    currency = "CNY"
    fee = Decimal("0")
    status = Transaction.Status.COMPLETED
    counterparty_name = factory.Faker("name")
    counterparty_account = factory.Sequence(lambda n: f"62220000{n:08d}")
    occurred_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    completed_at = factory.LazyAttribute(lambda o: o.occurred_at + timedelta(seconds=5))

    class Params:
        cancelled = factory.Trait(
            status=Transaction.Status.CANCELLED,
            cancel_source=Transaction.CancelSource.SYSTEM_FAILURE,
            completed_at=None,
            cancelled_at=factory.LazyAttribute(
                lambda o: o.occurred_at + timedelta(minutes=1)
            ),
        )


DEFAULT_CATEGORY = {
    Ticket.Kind.COMPLAINT: Ticket.Category.TRANSFER_FAILED,
    Ticket.Kind.MISOPERATION_REFUND: Ticket.Category.WRONG_RECIPIENT,
    Ticket.Kind.CANCELLED_TX_INQUIRY: Ticket.Category.CANCELLED_TRANSACTION,
}


class TicketFactory(factory.django.DjangoModelFactory):
    """A complaint about a failed transfer by default; misoperation/inquiry via kind."""

    class Meta:
        model = Ticket

    customer = factory.SubFactory(CustomerFactory)
    kind = Ticket.Kind.COMPLAINT
    category = factory.LazyAttribute(lambda o: DEFAULT_CATEGORY[o.kind])
    subject = factory.Faker("sentence", nb_words=5)
    description = factory.Faker("paragraph")
    language = "en"

    @classmethod
    def _create(cls, model_class: type[Ticket], *args: Any, **kwargs: Any) -> Ticket:
        customer = kwargs.pop("customer")
        kind = kwargs.pop("kind")
        details = kwargs.pop("details", None)
        if details is None:
            if kind == Ticket.Kind.MISOPERATION_REFUND:
                record = TransactionFactory(owner=customer)
                details = RefundInput(
                    transaction_id=record.pk,
                    amount_requested=record.amount,
                    intended_recipient="Zhang Wei",
                )
            elif kind == Ticket.Kind.CANCELLED_TX_INQUIRY:
                record = TransactionFactory(owner=customer, cancelled=True)
                details = InquiryInput(transaction_id=record.pk)
            else:
                record = TransactionFactory(
                    owner=customer, status=Transaction.Status.FAILED
                )
                details = ComplaintInput(transaction_ids=(record.pk,))
        return ticket_create(customer=customer, kind=kind, details=details, **kwargs)
