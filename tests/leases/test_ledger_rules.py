"""Example tests of the books check (rules/ledger.py) over plain figures: each invariant broken
once is reported once, with its numbers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

import pytest

from classroom.leases.rules.ledger import EntryKind, check_books
from classroom.leases.rules.reasons import Reason

YEAR = uuid.uuid4()
INVOICE = uuid.uuid4()
UNNUMBERED = uuid.UUID(int=0)  # `entries()` numbers the rows


@dataclass(frozen=True)
class Invoice:
    id: uuid.UUID = INVOICE
    programme_id: uuid.UUID = YEAR
    total: int = 300_000
    subsidy: int = 150_000
    institution_share: int = 150_000


@dataclass(frozen=True)
class Entry:
    kind: EntryKind
    amount: int
    id: uuid.UUID = UNNUMBERED
    programme_id: uuid.UUID = YEAR
    invoice_id: uuid.UUID = INVOICE
    reverses_id: uuid.UUID | None = None


@dataclass(frozen=True)
class Year:
    id: uuid.UUID = YEAR
    year: int = 2026
    budget: int = 1_000_000
    subsidy_committed: int = 150_000


def entries(*rows: Entry) -> list[Entry]:
    return [replace(row, id=uuid.UUID(int=n + 1)) for n, row in enumerate(rows)]


BALANCED = entries(
    Entry(EntryKind.CHARGE, 300_000),
    Entry(EntryKind.SUBSIDY, 150_000),
    Entry(EntryKind.PAYMENT, 100_000),
)


def keys(invoices: list[Invoice], rows: list[Entry], years: list[Year]) -> list[tuple[str, Reason]]:
    return [(p.scope, p.reason) for p in check_books(invoices, rows, years)]


def test_balanced_books_have_no_problem() -> None:
    assert check_books([Invoice()], BALANCED, [Year()]) == []
    assert check_books([], [], []) == []


def test_a_reversal_must_negate_a_payment_of_the_same_invoice() -> None:
    payment = BALANCED[2]
    good = replace(payment, id=uuid.UUID(int=10), amount=-100_000, reverses_id=payment.id)
    assert check_books([Invoice()], [*BALANCED, good], [Year()]) == []
    wrong = replace(good, amount=-90_000)
    scope = f"entry:{wrong.id}"
    # the ledger's payments stay within the share (10,000 net), so only the reversal is wrong
    assert keys([Invoice()], [*BALANCED, wrong], [Year()]) == [(scope, Reason("ledger.check.reversal"))]
    dangling = replace(good, reverses_id=uuid.uuid4())
    assert keys([Invoice()], [*BALANCED, dangling], [Year()]) == [
        (f"entry:{dangling.id}", Reason("ledger.check.reversal"))
    ]


@pytest.mark.parametrize(
    ("invoice", "rows", "year", "expected"),
    [
        (
            Invoice(institution_share=150_001),
            BALANCED,
            Year(),
            [
                (
                    "invoice",
                    Reason("ledger.check.split", {"subsidy": 150_000, "share": 150_001, "total": 300_000}),
                )
            ],
        ),
        (
            Invoice(),
            [replace(BALANCED[0], amount=300_001), *BALANCED[1:]],
            Year(),
            [("invoice", Reason("ledger.check.charge", {"charge": 300_001, "total": 300_000}))],
        ),
        (
            Invoice(),
            [BALANCED[0], replace(BALANCED[1], amount=1), BALANCED[2]],
            Year(subsidy_committed=150_000),
            [
                ("invoice", Reason("ledger.check.subsidy", {"ledger": 1, "subsidy": 150_000})),
                (
                    "programme",
                    Reason(
                        "ledger.check.committed", {"committed": 150_000, "invoices": 150_000, "ledger": 1}
                    ),
                ),
            ],
        ),
        (
            Invoice(),
            [*BALANCED, replace(BALANCED[2], id=uuid.UUID(int=9), amount=50_001)],
            Year(),
            [("invoice", Reason("ledger.check.payments", {"paid": 150_001, "share": 150_000}))],
        ),
        (
            Invoice(),
            BALANCED,
            Year(budget=149_999),
            [("programme", Reason("ledger.check.budget", {"subsidy": 150_000, "budget": 149_999}))],
        ),
    ],
)
def test_each_broken_invariant(
    invoice: Invoice, rows: list[Entry], year: Year, expected: list[tuple[str, Reason]]
) -> None:
    scopes = {"invoice": f"invoice:{invoice.id}", "programme": "programme:2026"}
    assert keys([invoice], rows, [year]) == [(scopes[s], reason) for s, reason in expected]
