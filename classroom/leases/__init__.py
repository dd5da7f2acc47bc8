"""ASP leases, quotas, invoices and the subsidy ledger."""

# Message catalogue and role grants load with the package, so the CLI and other packages
# that only call a service still get translated errors and a complete permission table.
from classroom.leases import messages as _messages  # noqa: F401
from classroom.leases import permissions as _permissions  # noqa: F401
