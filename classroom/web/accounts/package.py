"""Pages of the accounts package: sign-in, my account, user management and their home panels."""

from classroom.core.permissions import Permission
from classroom.core.tenancy import Role
from classroom.web.accounts import account, imports, signin, users
from classroom.web.accounts.messages import MESSAGES
from classroom.web.nav import HomePanel, NavItem, Pages

PAGES = Pages(
    routers=(signin.router, account.router, users.router, imports.router),
    nav=(NavItem("/users", "nav.users", Permission.USERS_READ, order=20),),
    panels=(
        HomePanel(users.people_panel, (Role.OPERATOR, Role.INSPECTOR, Role.INSTITUTION_ADMIN)),
        HomePanel(users.profile_panel, (Role.INSTRUCTOR, Role.SUPERVISOR, Role.TRAINEE)),
    ),
    messages=MESSAGES,
)
