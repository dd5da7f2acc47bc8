"""Attendance: one evidence log for every mode, the policy engine, QR check-in, reports, signals."""

from attendance.demo import seed_attendance
from attendance.jobs import JOBS, PERIODIC
from attendance.messages import MESSAGES
from attendance.models import (
    AttendanceDay,
    AttendanceEvent,
    AttendanceNetwork,
    AttendancePolicyRow,
    CorrectionRequest,
    FraudSignal,
    SourceCheckpoint,
)
from attendance.routes import router
from attendance.routes_more import router as more_router
from attendance.wiring import wire
from classroom.core.package import Package
from classroom.core.permissions import Permission as P

PACKAGE = Package(
    name="attendance",
    models=(
        AttendanceEvent,
        AttendanceDay,
        AttendancePolicyRow,
        CorrectionRequest,
        FraudSignal,
        AttendanceNetwork,
        SourceCheckpoint,
    ),
    messages=MESSAGES,
    permissions=frozenset(
        {
            P.ATTENDANCE_READ,
            P.ATTENDANCE_CHECKIN,
            P.ATTENDANCE_TAKE,
            P.ATTENDANCE_CONFIRM,
            P.ATTENDANCE_CORRECT,
            P.ATTENDANCE_MANAGE,
            P.ATTENDANCE_SIGNALS,
        }
    ),
    api_routers=(router, more_router),
    demo=seed_attendance,
    jobs=JOBS,
    periodic=PERIODIC,
    wire=wire,
)
