"""Pages of the leases package: leases and quotas, billing, the operator's programme dashboard."""

from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Role
from classroom.web.leases import billing, leases, programme
from classroom.web.leases.messages import MESSAGES
from classroom.web.nav import HomePanel, NavItem, Pages

PAGES = Pages(
    routers=(leases.router, billing.router, programme.router),
    nav=(
        NavItem("/leases", "nav.leases", P.LEASES_READ, order=30),
        NavItem("/billing", "nav.billing", P.INVOICES_READ, order=31),
        NavItem("/programme", "nav.programme", P.PROGRAMME_DASHBOARD, order=32),
    ),
    panels=(
        HomePanel(leases.institution_panel, (Role.INSTITUTION_ADMIN,)),
        HomePanel(leases.operator_panel, (Role.OPERATOR, Role.INSPECTOR)),
    ),
    messages=MESSAGES,
)
