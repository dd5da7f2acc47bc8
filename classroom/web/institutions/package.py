"""Pages of the institutions package: the operator's institution list and its home panel."""

from classroom.core.permissions import Permission
from classroom.core.tenancy import Role
from classroom.web.institutions import pages
from classroom.web.institutions.messages import MESSAGES
from classroom.web.nav import HomePanel, NavItem, Pages

PAGES = Pages(
    routers=(pages.router,),
    nav=(NavItem("/institutions", "nav.institutions", Permission.INSTITUTIONS_READ, order=10),),
    panels=(HomePanel(pages.institutions_panel, (Role.OPERATOR, Role.INSPECTOR)),),
    messages=MESSAGES,
)
