"""Pages of the audit package: the activity log and the recent-activity home panel."""

from classroom.core.permissions import Permission
from classroom.core.tenancy import Role
from classroom.web.audit import pages
from classroom.web.audit.messages import MESSAGES
from classroom.web.nav import HomePanel, NavItem, Pages

PAGES = Pages(
    routers=(pages.router,),
    nav=(NavItem("/audit", "nav.audit", Permission.AUDIT_READ, order=90),),
    panels=(HomePanel(pages.audit_panel, (Role.OPERATOR, Role.INSPECTOR, Role.INSTITUTION_ADMIN)),),
    messages=MESSAGES,
)
