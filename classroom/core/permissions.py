"""Who may do what: every permission of every package and the one role → permission table.

The table is deliberately one literal: reading it whole answers "what can an inspector do?"
without chasing grants through the packages. Permissions say which *kind* of action a role may
take; which *rows* it may take it on is the tenant filter (`tenancy.scoped`) and the row rules
of each domain (e.g. an instructor edits only the courses they teach).

Each package names the permissions it owns in its declaration (`core.package.Package`); a test
checks that every permission belongs to exactly one package and that every route's permission
is owned by a registered package.

Decisions recorded here:
- the operator runs the programme (institutions, programme years, designations, lease
  decisions, month close, payments received) and reads everything;
- the inspector reads everything and writes nothing of an institution's data (the route walker
  enforces it; its own inspection records are the exception below);
- institution admins run their institution: users, enrolment, leases, invoices, courses;
- instructors build and teach the courses they are assigned to; supervisors and trainees read
  what concerns them; calendars are personal (trainees, instructors, supervisors).
- attendance: staff and instructors take it (QR, entries by hand), supervisors confirm on-site
  days only, trainees check in and read their own, institution admins decide corrections;
  fraud signals are for the platform (inspectors), so the flagged cannot tidy them away;
- content is read by a course's enrolled trainees, its instructors, the institution's staff and
  the platform; supervisors (on-site mentors) have no use for it. Only trainees post viewing
  progress: an instructor previewing a video is not watching it for credit.
- payments are recorded by the operator only: the receiving party confirms money, an
  institution marking its own bill paid would be self-attestation.
- quality (issue 13): instructors run the assessment of the courses they teach (bank, exam,
  grading, retakes, results); institution admins too, and they alone confirm completion and
  record employment; trainees take exams and answer surveys; satisfaction is read in
  aggregate only. Inspectors conduct inspections: opening them, recording findings and
  closing them is the inspector's own work (`INSPECTOR_OWN_WORK`), the one kind of write an
  inspector makes; it changes nothing of an institution's data. Institutions answer findings.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Final

from classroom.core.roles import Role


class Permission(StrEnum):
    SELF = "self"  # any signed-in user: own profile, password, language
    # institutions, accounts, audit
    INSTITUTIONS_READ = "institutions:read"
    INSTITUTIONS_WRITE = "institutions:write"
    USERS_READ = "users:read"
    USERS_WRITE = "users:write"
    AUDIT_READ = "audit:read"
    # courses
    COURSES_READ = "courses:read"
    COURSES_WRITE = "courses:write"
    COURSES_ROSTER_READ = "courses:roster_read"
    COURSES_ENROL = "courses:enrol"
    CALENDAR_OWN = "calendar:own"
    # leases and money
    PROGRAMMES_READ = "programmes:read"
    PROGRAMMES_WRITE = "programmes:write"
    PROGRAMME_DASHBOARD = "programmes:dashboard"  # per-institution figures: platform staff only
    DESIGNATIONS_READ = "designations:read"
    DESIGNATIONS_WRITE = "designations:write"
    LEASES_READ = "leases:read"
    LEASES_REQUEST = "leases:request"
    LEASES_DECIDE = "leases:decide"
    LEASES_TERMINATE = "leases:terminate"
    INVOICES_READ = "invoices:read"
    BILLING_CLOSE = "billing:close"
    BILLING_VERIFY = "billing:verify"
    PAYMENTS_WRITE = "payments:write"
    # attendance
    ATTENDANCE_READ = "attendance:read"  # course reports; a trainee reads only their own
    ATTENDANCE_CHECKIN = "attendance:checkin"  # a trainee's own QR check-in
    ATTENDANCE_TAKE = "attendance:take"  # QR display, staff entries, ingestion API
    ATTENDANCE_CONFIRM = "attendance:confirm"  # a supervisor confirms on-site days
    ATTENDANCE_CORRECT = "attendance:correct"  # file a correction request
    ATTENDANCE_MANAGE = "attendance:manage"  # decide corrections, course policy, networks
    ATTENDANCE_SIGNALS = "attendance:signals"  # fraud signals
    # content (lesson videos and documents) and viewing progress
    CONTENT_READ = "content:read"
    CONTENT_WRITE = "content:write"
    CONTENT_PROGRESS = "content:progress"
    # quality: assessment, completion, employment, satisfaction, inspections
    ASSESSMENT_TAKE = "assessment:take"
    ASSESSMENT_READ = "assessment:read"
    ASSESSMENT_MANAGE = "assessment:manage"
    COMPLETION_CONFIRM = "completion:confirm"
    EMPLOYMENT_READ = "employment:read"
    EMPLOYMENT_WRITE = "employment:write"
    SURVEY_ANSWER = "survey:answer"
    SURVEY_RESULTS = "survey:results"
    INSPECTIONS_READ = "inspections:read"
    INSPECTIONS_CONDUCT = "inspections:conduct"
    INSPECTIONS_ANSWER = "inspections:answer"
    QUALITY_PRIORITIES = "quality:priorities"
    # live lessons
    LIVE_ATTEND = "live:attend"  # enter a live lesson's room (which rooms: the room's door)
    LIVE_EVIDENCE = "live:evidence"  # read a lesson's presence log and check outcomes
    LIVE_MODERATE = "live:moderate"  # mute a participant's audio/video, give the floor (Janus)


P = Permission

_PLATFORM_READ: Final = frozenset(
    {
        P.SELF,
        P.INSTITUTIONS_READ,
        P.USERS_READ,
        P.AUDIT_READ,
        P.COURSES_READ,
        P.COURSES_ROSTER_READ,
        P.PROGRAMMES_READ,
        P.PROGRAMME_DASHBOARD,
        P.DESIGNATIONS_READ,
        P.LEASES_READ,
        P.INVOICES_READ,
        P.BILLING_VERIFY,
        P.ATTENDANCE_READ,
        P.ATTENDANCE_SIGNALS,
        P.CONTENT_READ,
        P.ASSESSMENT_READ,
        P.EMPLOYMENT_READ,
        P.SURVEY_RESULTS,
        P.INSPECTIONS_READ,
        P.QUALITY_PRIORITIES,
        P.LIVE_EVIDENCE,
    }
)

# The inspector's writes: its own inspection records, never an institution's data.
INSPECTOR_OWN_WORK: Final = frozenset({P.INSPECTIONS_CONDUCT})

ROLE_PERMISSIONS: Final[Mapping[Role, frozenset[Permission]]] = {
    Role.OPERATOR: _PLATFORM_READ
    | {
        P.INSTITUTIONS_WRITE,
        P.PROGRAMMES_WRITE,
        P.DESIGNATIONS_WRITE,
        P.LEASES_DECIDE,
        P.LEASES_TERMINATE,
        P.BILLING_CLOSE,
        P.PAYMENTS_WRITE,
    },
    Role.INSPECTOR: _PLATFORM_READ | INSPECTOR_OWN_WORK | {P.LIVE_ATTEND},  # observes live lessons, invisible
    Role.INSTITUTION_ADMIN: frozenset(
        {
            P.SELF,
            P.USERS_READ,
            P.USERS_WRITE,
            P.AUDIT_READ,
            P.COURSES_READ,
            P.COURSES_WRITE,
            P.COURSES_ROSTER_READ,
            P.COURSES_ENROL,
            P.PROGRAMMES_READ,
            P.DESIGNATIONS_READ,
            P.LEASES_READ,
            P.LEASES_REQUEST,
            P.LEASES_TERMINATE,
            P.INVOICES_READ,
            P.ATTENDANCE_READ,
            P.ATTENDANCE_TAKE,
            P.ATTENDANCE_MANAGE,
            P.CONTENT_READ,
            P.CONTENT_WRITE,
            P.ASSESSMENT_READ,
            P.ASSESSMENT_MANAGE,
            P.COMPLETION_CONFIRM,
            P.EMPLOYMENT_READ,
            P.EMPLOYMENT_WRITE,
            P.SURVEY_RESULTS,
            P.INSPECTIONS_READ,
            P.INSPECTIONS_ANSWER,
            P.LIVE_EVIDENCE,
        }
    ),
    Role.INSTRUCTOR: frozenset(
        {
            P.SELF,
            P.COURSES_READ,
            P.COURSES_WRITE,
            P.COURSES_ROSTER_READ,
            P.CALENDAR_OWN,
            P.ATTENDANCE_READ,
            P.ATTENDANCE_TAKE,
            P.ATTENDANCE_CORRECT,
            P.CONTENT_READ,
            P.CONTENT_WRITE,
            P.ASSESSMENT_READ,
            P.ASSESSMENT_MANAGE,
            P.SURVEY_RESULTS,
            P.LIVE_ATTEND,
            P.LIVE_EVIDENCE,
            P.LIVE_MODERATE,
        }
    ),
    Role.SUPERVISOR: frozenset({P.SELF, P.COURSES_READ, P.CALENDAR_OWN, P.ATTENDANCE_CONFIRM}),
    Role.TRAINEE: frozenset(
        {
            P.SELF,
            P.COURSES_READ,
            P.CALENDAR_OWN,
            P.ATTENDANCE_READ,
            P.ATTENDANCE_CHECKIN,
            P.ATTENDANCE_CORRECT,
            P.CONTENT_READ,
            P.CONTENT_PROGRESS,
            P.ASSESSMENT_TAKE,
            P.SURVEY_ANSWER,
            P.LIVE_ATTEND,
        }
    ),
}


def allows(role: Role, permission: str) -> bool:
    return permission in ROLE_PERMISSIONS[role]
