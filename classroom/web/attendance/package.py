"""Pages of attendance: reports, the QR display and the trainee's check-in pages."""

from classroom.core.permissions import Permission as P
from classroom.web.attendance import checkin, pages
from classroom.web.attendance.messages import MESSAGES
from classroom.web.nav import NavItem, Pages

PAGES = Pages(
    routers=(checkin.router, pages.router),
    nav=(NavItem("/attendance", "nav.attendance", P.ATTENDANCE_READ, order=26),),
    messages=MESSAGES,
)
