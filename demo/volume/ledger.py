"""Seeding the wallet ledger: the transactions tickets are about, and the rest."""

from datetime import datetime, timedelta
from decimal import Decimal

from accounts.models import Language
from demo.volume.batches import _Batch, _People, _TicketState
from demo.volume.mix import CANCEL_SOURCES, COUNTERPARTIES, FILLER_TYPES
from demo.volume.sizes import CHUNK, SPAN
from transactions.models import Transaction


class LedgerSeeding:
    """Transaction rows: one a ticket names (record), and fillers no ticket names."""

    def record(
        self,
        batch: "_Batch",
        state: "_TicketState",
        *,
        owner: int,
        language: str,
        tx_type: str,
        status: str,
        occurred: datetime,
        amount: Decimal | None = None,
        currency: str | None = None,
    ) -> tuple[int, dict[str, str], Decimal, str, str]:
        rng = self.rng
        pk = state.ids["tx"] + self.tx_made
        reference = f"VOL{self.seed}-T{self.tx_made:09d}"
        self.tx_made += 1
        if currency is None:
            currency = (
                "USDT"
                if rng.random() < 0.1
                else ("USD" if language == Language.EN else "CNY")
            )
        if amount is None:
            amount = Decimal(rng.randint(100, 800_000)) / 100
        amount = amount.quantize(Decimal("0.00000001"))
        fee = (
            (amount * Decimal("0.006")).quantize(Decimal("0.00000001"))
            if tx_type in Transaction.OUTGOING_TYPES
            else Decimal("0E-8")
        )
        network = "TRON" if currency == "USDT" else ""
        name, account = COUNTERPARTIES[rng.randrange(len(COUNTERPARTIES))]
        cancel_source = ""
        cancel_reason = ""
        completed = None
        cancelled = None
        if status == Transaction.Status.CANCELLED:
            cancel_source = CANCEL_SOURCES.pick(rng)
            cancel_reason = (
                "" if cancel_source in {"risk_control", "compliance"} else "Timed out"
            )
            cancelled = occurred + timedelta(minutes=rng.randint(1, 600))
        elif status == Transaction.Status.COMPLETED:
            completed = occurred + timedelta(seconds=rng.randint(1, 900))
        chain_hash = f"{pk:064x}" if network else ""
        batch.txs.append(
            (
                pk,
                reference,
                owner,
                tx_type,
                amount,
                currency,
                network,
                fee,
                status,
                cancel_source,
                cancel_reason,
                name,
                account,
                chain_hash,
                occurred,
                completed,
                cancelled,
                occurred + timedelta(minutes=5),
            )
        )
        snapshot = {
            "reference": reference,
            "type": tx_type,
            "amount": str(amount),
            "currency": currency,
            "network": network,
            "fee": str(fee),
            "status": status,
            "cancel_source": cancel_source,
            "cancel_reason": cancel_reason,
            "counterparty_name": name,
            "counterparty_account": account,
            "chain_hash": chain_hash,
            "occurred_at": occurred.isoformat(),
            "completed_at": completed.isoformat() if completed else "",
            "cancelled_at": cancelled.isoformat() if cancelled else "",
        }
        return pk, snapshot, amount, currency, cancel_source

    def fillers(self, people: _People, first_tx: int) -> None:
        """The rest of the ledger: records no ticket is about."""
        rng = self.rng
        total = max(self.transactions - self.tx_made, 0)
        now = self.now
        span = SPAN.total_seconds()
        done = 0
        while done < total:
            batch = _Batch()
            for _index in range(min(CHUNK * 5, total - done)):
                owner_index = self.customer_index(rng, people.customers)
                tx_type = FILLER_TYPES.pick(rng)
                roll = rng.random()
                status = (
                    Transaction.Status.COMPLETED
                    if roll < 0.9
                    else Transaction.Status.FAILED
                    if roll < 0.95
                    else Transaction.Status.CANCELLED
                    if roll < 0.98
                    else Transaction.Status.PENDING
                )
                self.record(
                    batch,
                    _TicketState.only_ids({"tx": first_tx}),
                    owner=people.first_customer + owner_index,
                    language=people.languages[owner_index],
                    tx_type=tx_type,
                    status=status,
                    occurred=now - timedelta(seconds=span * rng.random() + 120),
                )
                done += 1
            batch.write(self.writer)
            self.progress("transactions", done, total)
