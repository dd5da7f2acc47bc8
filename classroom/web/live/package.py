"""Pages of the live room: the room itself and today's live lessons on the home page."""

from classroom.core.tenancy import Role
from classroom.web.live import pages
from classroom.web.live.messages import MESSAGES
from classroom.web.nav import HomePanel, Pages

PAGES = Pages(
    routers=(pages.router,),
    panels=(HomePanel(pages.live_panel, (Role.TRAINEE, Role.INSTRUCTOR)),),
    messages=MESSAGES,
)
