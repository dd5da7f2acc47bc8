"""Pages of the quality package: exams and surveys (trainees), assessment and grading (staff),
completion and employment (institutions), satisfaction, inspections and priorities."""

from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Role
from classroom.web.nav import HomePanel, NavItem, Pages
from classroom.web.quality import assessment, exam, inspections, outcomes, panels
from classroom.web.quality.messages import MESSAGES

PAGES = Pages(
    routers=(exam.router, assessment.router, outcomes.router, inspections.router),
    nav=(
        NavItem("/exams", "nav.exams", P.ASSESSMENT_TAKE, order=26),
        NavItem("/quality", "nav.quality", P.ASSESSMENT_READ, order=40),
        NavItem("/employment", "nav.employment", P.EMPLOYMENT_READ, order=41),
        NavItem("/satisfaction", "nav.satisfaction", P.SURVEY_RESULTS, order=42),
        NavItem("/inspections", "nav.inspections", P.INSPECTIONS_READ, order=43),
        NavItem("/quality/priorities", "nav.priorities", P.QUALITY_PRIORITIES, order=44),
    ),
    panels=(
        HomePanel(panels.trainee_panel, (Role.TRAINEE,)),
        HomePanel(panels.grading_panel, (Role.INSTRUCTOR,)),
        HomePanel(panels.priorities_panel, (Role.INSPECTOR, Role.OPERATOR)),
    ),
    messages=MESSAGES,
)
