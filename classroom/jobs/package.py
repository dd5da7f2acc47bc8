"""Jobs: long or heavy work accepted from a request and run by the queue's workers."""

from classroom.core.package import Package
from classroom.jobs.messages import MESSAGES
from classroom.jobs.models import Job
from classroom.jobs.routes import router

PACKAGE = Package(
    name="jobs",
    models=(Job,),
    messages=MESSAGES,
    permissions=frozenset(),  # reading one's own jobs needs only a sign-in (Permission.SELF)
    api_routers=(router,),
)
