"""Who may touch leases and money: the typed gates of the lease routes and their path objects.

The operator runs the programme; the inspector reads; an institution admin requests, renews,
withdraws and terminates its own leases and reads its own invoices (core/permissions.py).
Objects that a write changes are loaded with a row lock (`…ForUpdate`), so two decisions on
one lease or two payments on one invoice are serialised.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from classroom.accounts.auth import path_loader, require
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Principal
from classroom.leases.models import Designation, Invoice, Lease, LedgerEntry

ProgrammeReader = Annotated[Principal, Depends(require(P.PROGRAMMES_READ))]
ProgrammeWriter = Annotated[Principal, Depends(require(P.PROGRAMMES_WRITE))]
DashboardReader = Annotated[Principal, Depends(require(P.PROGRAMME_DASHBOARD))]
DesignationReader = Annotated[Principal, Depends(require(P.DESIGNATIONS_READ))]
DesignationWriter = Annotated[Principal, Depends(require(P.DESIGNATIONS_WRITE))]
LeaseReader = Annotated[Principal, Depends(require(P.LEASES_READ))]
Requester = Annotated[Principal, Depends(require(P.LEASES_REQUEST))]
Decider = Annotated[Principal, Depends(require(P.LEASES_DECIDE))]
Terminator = Annotated[Principal, Depends(require(P.LEASES_TERMINATE))]
InvoiceReader = Annotated[Principal, Depends(require(P.INVOICES_READ))]
Closer = Annotated[Principal, Depends(require(P.BILLING_CLOSE))]
Verifier = Annotated[Principal, Depends(require(P.BILLING_VERIFY))]
PaymentWriter = Annotated[Principal, Depends(require(P.PAYMENTS_WRITE))]

LeaseRef = Annotated[Lease, Depends(path_loader(Lease, "lease_id"))]
LeaseForUpdate = Annotated[Lease, Depends(path_loader(Lease, "lease_id", for_update=True))]
InvoiceRef = Annotated[Invoice, Depends(path_loader(Invoice, "invoice_id"))]
InvoiceForUpdate = Annotated[Invoice, Depends(path_loader(Invoice, "invoice_id", for_update=True))]
EntryForUpdate = Annotated[LedgerEntry, Depends(path_loader(LedgerEntry, "entry_id", for_update=True))]
DesignationForUpdate = Annotated[
    Designation, Depends(path_loader(Designation, "designation_id", for_update=True))
]
