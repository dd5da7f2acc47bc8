"""Accounts: users of every role, sign-in, tokens, roster import; the first demo step."""

from classroom.accounts.demo import seed_people
from classroom.accounts.messages import MESSAGES
from classroom.accounts.models import AuthSession, LoginFailure, User
from classroom.accounts.routes import router
from classroom.core.package import Package
from classroom.core.permissions import Permission

PACKAGE = Package(
    name="accounts",
    models=(User, AuthSession, LoginFailure),
    messages=MESSAGES,
    permissions=frozenset({Permission.SELF, Permission.USERS_READ, Permission.USERS_WRITE}),
    api_routers=(router,),
    demo=seed_people,
)
