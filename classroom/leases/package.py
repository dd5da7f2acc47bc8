"""ASP leases, quotas, invoices and the subsidy ledger."""

from classroom.core.package import JobSpec, Package
from classroom.core.permissions import Permission as P
from classroom.leases import closing
from classroom.leases.cli import billing_group
from classroom.leases.demo import seed_leases
from classroom.leases.messages import MESSAGES
from classroom.leases.models import Designation, Invoice, Lease, LedgerEntry, ProgrammeYear
from classroom.leases.routes import router

PACKAGE = Package(
    name="leases",
    models=(ProgrammeYear, Designation, Lease, Invoice, LedgerEntry),
    messages=MESSAGES,
    permissions=frozenset(
        {
            P.PROGRAMMES_READ,
            P.PROGRAMMES_WRITE,
            P.PROGRAMME_DASHBOARD,
            P.DESIGNATIONS_READ,
            P.DESIGNATIONS_WRITE,
            P.LEASES_READ,
            P.LEASES_REQUEST,
            P.LEASES_DECIDE,
            P.LEASES_TERMINATE,
            P.INVOICES_READ,
            P.BILLING_CLOSE,
            P.BILLING_VERIFY,
            P.PAYMENTS_WRITE,
        }
    ),
    api_routers=(router,),
    demo=seed_leases,
    commands=(billing_group,),
    jobs=(JobSpec(closing.KIND, closing.run),),
)
