"""Pages of the courses package: course list and builder, schedule, enrolment, calendars."""

from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Role
from classroom.web.courses import calendar, enrolment, generator, pages, schedule
from classroom.web.courses.messages import MESSAGES
from classroom.web.nav import HomePanel, NavItem, Pages

PAGES = Pages(
    # The generator before the schedule: "/lessons/recurring" is not a lesson id.
    routers=(pages.router, generator.router, schedule.router, enrolment.router, calendar.router),
    nav=(
        NavItem(
            "/courses",
            "nav.courses",
            P.COURSES_READ,
            roles=(Role.OPERATOR, Role.INSPECTOR, Role.INSTITUTION_ADMIN, Role.INSTRUCTOR),
            order=30,
        ),
        NavItem(
            "/my/courses", "nav.my_courses", P.COURSES_READ, roles=(Role.TRAINEE, Role.SUPERVISOR), order=30
        ),
        NavItem("/today", "nav.today", P.CALENDAR_OWN, order=24),
        NavItem("/calendar", "nav.calendar", P.CALENDAR_OWN, order=25),
    ),
    panels=(
        HomePanel(calendar.today_panel, (Role.TRAINEE, Role.INSTRUCTOR, Role.SUPERVISOR)),
        HomePanel(calendar.courses_panel, (Role.INSTITUTION_ADMIN, Role.OPERATOR, Role.INSPECTOR)),
    ),
    messages=MESSAGES,
)
