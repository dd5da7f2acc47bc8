"""Pages of attendance: reports, the QR display and the trainee's check-in pages."""

from classroom.core.permissions import Permission as P
from classroom.web.attendance import checkin, manage, pages, signals
from classroom.web.attendance.messages import MESSAGES
from classroom.web.nav import NavItem, Pages

PAGES = Pages(
    routers=(checkin.router, manage.router, pages.router, signals.router),
    nav=(
        NavItem("/attendance", "nav.attendance", P.ATTENDANCE_READ, order=26),
        NavItem("/attendance/onsite", "nav.onsite", P.ATTENDANCE_CONFIRM, order=26),
        NavItem("/attendance/corrections", "nav.corrections", P.ATTENDANCE_MANAGE, order=27),
        NavItem("/attendance/signals", "nav.signals", P.ATTENDANCE_SIGNALS, order=28),
    ),
    messages=MESSAGES,
)
