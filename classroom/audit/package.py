"""The activity log: who did what to which object, for admins, the operator and inspectors."""

from classroom.audit.messages import MESSAGES
from classroom.audit.models import AuditEvent
from classroom.audit.routes import router
from classroom.core.package import Package
from classroom.core.permissions import Permission

PACKAGE = Package(
    name="audit",
    models=(AuditEvent,),
    permissions=frozenset({Permission.AUDIT_READ}),
    api_routers=(router,),
    messages=MESSAGES,
)
