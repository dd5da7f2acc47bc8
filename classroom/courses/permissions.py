"""Who may do what with courses (granted into the one role table at import).

- Every role reads courses; *which* courses is narrowed per row in `access.py`: trainees see the
  courses they are enrolled in, supervisors those with on-site days they supervise, instructors
  and admins every course of their institution, operator/inspector every institution's.
- Building schedules (course details, sessions, recurring generator, publishing, status) is for
  institution admins on any course of their institution, and for instructors on the courses
  they teach (an instructor who creates a course becomes one of its instructors). Instructors
  may read the other courses of their institution because conflicts involve them.
- Enrolling and dropping trainees is an institution-admin task; rosters are readable by the
  admin, the course's instructors, and (read-only) the operator and inspector.
- Calendars and the iCal feed are personal: trainees, instructors and supervisors.
- The inspector and the operator never write here.
"""

from __future__ import annotations

from enum import StrEnum

from classroom.core.tenancy import Role, grant


class CoursePermission(StrEnum):
    READ = "courses:read"
    WRITE = "courses:write"
    ROSTER_READ = "courses:roster_read"
    ENROL = "courses:enrol"
    CALENDAR = "calendar:own"


grant(CoursePermission.READ, *Role)
grant(CoursePermission.WRITE, Role.INSTITUTION_ADMIN, Role.INSTRUCTOR)
grant(CoursePermission.ROSTER_READ, Role.INSTITUTION_ADMIN, Role.INSTRUCTOR, Role.OPERATOR, Role.INSPECTOR)
grant(CoursePermission.ENROL, Role.INSTITUTION_ADMIN)
grant(CoursePermission.CALENDAR, Role.TRAINEE, Role.INSTRUCTOR, Role.SUPERVISOR)
