"""Pages of the jobs package: the progress page every long action sends people to."""

from classroom.web.jobs import pages
from classroom.web.nav import Pages

PAGES = Pages(routers=(pages.router,))
