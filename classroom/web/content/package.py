"""Pages of the content package: course libraries, item pages and the trainee's e-learning."""

from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Role
from classroom.web.content import learning, pages
from classroom.web.content.messages import MESSAGES
from classroom.web.nav import HomePanel, NavItem, Pages

PAGES = Pages(
    routers=(pages.router, learning.router),
    nav=(NavItem("/my/learning", "nav.learning", P.CONTENT_PROGRESS, roles=(Role.TRAINEE,), order=31),),
    panels=(HomePanel(learning.continue_panel, (Role.TRAINEE,)),),
    messages=MESSAGES,
)
