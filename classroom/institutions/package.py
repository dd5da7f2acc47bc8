"""Institutions (the tenants): created and (de)activated by the operator."""

from classroom.core.package import Package
from classroom.core.permissions import Permission
from classroom.institutions.messages import MESSAGES
from classroom.institutions.models import Institution
from classroom.institutions.routes import router

PACKAGE = Package(
    name="institutions",
    models=(Institution,),
    messages=MESSAGES,
    permissions=frozenset({Permission.INSTITUTIONS_READ, Permission.INSTITUTIONS_WRITE}),
    api_routers=(router,),
)
