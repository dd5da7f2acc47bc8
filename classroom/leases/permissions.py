"""Who may do what with leases and money.

Decisions: the operator runs the programme (years, designations, approvals, month close,
recording payments it received); the inspector reads everything and writes nothing; an
institution admin requests, renews, withdraws and terminates its own leases and reads its own
invoices. Payments are recorded by the operator only: the party that receives the money
confirms it, an institution marking its own bill paid would be self-attestation. Instructors,
supervisors and trainees have no part in leasing.
"""

from __future__ import annotations

from enum import StrEnum

from classroom.core.tenancy import Role, grant


class LeasePermission(StrEnum):
    PROGRAMMES_READ = "programmes:read"
    PROGRAMMES_WRITE = "programmes:write"
    PROGRAMME_DASHBOARD = "programmes:dashboard"  # per-institution figures: platform staff only
    DESIGNATIONS_READ = "designations:read"
    DESIGNATIONS_WRITE = "designations:write"
    LEASES_READ = "leases:read"
    LEASES_REQUEST = "leases:request"
    LEASES_DECIDE = "leases:decide"
    LEASES_TERMINATE = "leases:terminate"
    INVOICES_READ = "invoices:read"
    BILLING_CLOSE = "billing:close"
    BILLING_VERIFY = "billing:verify"
    PAYMENTS_WRITE = "payments:write"


P = LeasePermission
_READERS = (Role.OPERATOR, Role.INSPECTOR, Role.INSTITUTION_ADMIN)

grant(P.PROGRAMMES_READ, *_READERS)
grant(P.DESIGNATIONS_READ, *_READERS)
grant(P.LEASES_READ, *_READERS)
grant(P.INVOICES_READ, *_READERS)
grant(P.PROGRAMMES_WRITE, Role.OPERATOR)
grant(P.PROGRAMME_DASHBOARD, Role.OPERATOR, Role.INSPECTOR)
grant(P.DESIGNATIONS_WRITE, Role.OPERATOR)
grant(P.LEASES_DECIDE, Role.OPERATOR)
grant(P.BILLING_CLOSE, Role.OPERATOR)
grant(P.PAYMENTS_WRITE, Role.OPERATOR)
grant(P.BILLING_VERIFY, Role.OPERATOR, Role.INSPECTOR)
grant(P.LEASES_REQUEST, Role.INSTITUTION_ADMIN)
grant(P.LEASES_TERMINATE, Role.OPERATOR, Role.INSTITUTION_ADMIN)
