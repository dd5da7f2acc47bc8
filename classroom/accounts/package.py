"""Accounts: users of every role, sign-in, tokens, roster import; the first demo step."""

from classroom.accounts.demo import seed_people
from classroom.accounts.messages import MESSAGES
from classroom.accounts import roster_import
from classroom.accounts.models import AuthSession, LoginFailure, RosterImport, User
from classroom.accounts.routes import router
from classroom.core.package import JobSpec, Package
from classroom.core.permissions import Permission

PACKAGE = Package(
    name="accounts",
    models=(User, AuthSession, LoginFailure, RosterImport),
    messages=MESSAGES,
    permissions=frozenset({Permission.SELF, Permission.USERS_READ, Permission.USERS_WRITE}),
    api_routers=(router,),
    demo=seed_people,
    # Hashing thousands of passwords: a retry redoes the whole import (all or nothing).
    jobs=(JobSpec(roster_import.KIND, roster_import.run, retries=2, retry_delay_seconds=10),),
)
