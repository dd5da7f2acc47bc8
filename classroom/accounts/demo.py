"""The first demo step: two institutions and the platform, with every role and realistic Korean names.

Later packages' steps build on `DemoResult` (the institutions, users and trainees made here)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from sqlmodel import Session, col, select

from classroom.accounts.models import User
from classroom.accounts.service import insert_user
from classroom.core.clock import Clock
from classroom.core.security import Passwords
from classroom.core.tenancy import Role
from classroom.institutions.models import Institution
from classroom.institutions.schemas import InstitutionCreate
from classroom.institutions.service import create_institution

DEMO_PASSWORD = "demo-pass-2026"


@dataclass
class DemoLogin:
    role: Role
    institution_code: str | None
    email: str
    name: str


@dataclass
class DemoResult:
    created: bool
    logins: list[DemoLogin] = field(default_factory=list)
    institutions: dict[str, Institution] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)  # "code:role" or "platform:role" → first user
    trainees: dict[str, list[User]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


PLATFORM = [
    (Role.OPERATOR, "operator@step.example", "정하은"),
    (Role.INSPECTOR, "inspector@step.example", "윤서준"),
]


@dataclass(frozen=True)
class DemoInstitution:
    code: str
    name: str
    business_number: str
    staff: tuple[tuple[Role, str, str, str], ...]  # role, e-mail, name, phone; the admin first
    trainees: tuple[tuple[str, str, str, str | None], ...]  # name, e-mail, phone, learning card


INSTITUTIONS = (
    DemoInstitution(
        code="hanbit",
        name="한빛직업전문학교",
        business_number="214-86-12341",
        staff=(
            (Role.INSTITUTION_ADMIN, "admin@hanbit.example", "김민준", "010-2345-6789"),
            (Role.INSTRUCTOR, "teacher@hanbit.example", "이서연", "010-3456-7890"),
            (Role.INSTRUCTOR, "kang@hanbit.example", "강태호", "010-3456-1122"),
            (Role.SUPERVISOR, "mentor@hanbit.example", "박도윤", "010-4567-8901"),
        ),
        trainees=(
            ("최지우", "jiwoo@hanbit.example", "010-5678-9012", "9410123456789012"),
            ("한예린", "yerin@hanbit.example", "010-5678-1234", "9410123456780001"),
            ("오승현", "seunghyun@hanbit.example", "010-5678-2345", "9410123456780002"),
            ("서하준", "hajun@hanbit.example", "010-5678-3456", None),
            ("임수아", "sua@hanbit.example", "010-5678-4567", "9410123456780004"),
            ("조민재", "minjae@hanbit.example", "010-5678-5678", "9410123456780005"),
            ("신다은", "daeun@hanbit.example", "010-5678-6789", None),
            ("권유진", "yujin@hanbit.example", "010-5678-7890", "9410123456780007"),
        ),
    ),
    DemoInstitution(
        code="mirae",
        name="미래IT아카데미",
        business_number="105-87-54326",
        staff=(
            (Role.INSTITUTION_ADMIN, "admin@mirae.example", "송지호", "010-6789-0123"),
            (Role.INSTRUCTOR, "teacher@mirae.example", "배수빈", "010-7890-1234"),
            (Role.SUPERVISOR, "mentor@mirae.example", "홍준영", "010-8901-2345"),
        ),
        trainees=(
            ("문채원", "chaewon@mirae.example", "010-9012-3456", "9420123456789012"),
            ("양현우", "hyunwoo@mirae.example", "010-9012-4567", None),
            ("남궁민", "min@mirae.example", "010-9012-5678", "9420123456780003"),
        ),
    ),
)


def seed_people(session: Session, clock: Clock, passwords: Passwords, result: DemoResult) -> None:
    def add(
        institution_id: uuid.UUID | None,
        role: Role,
        email: str,
        name: str,
        phone: str | None = None,
        card: str | None = None,
    ) -> User:
        return insert_user(
            session,
            clock,
            passwords,
            institution_id=institution_id,
            email=email,
            name=name,
            role=role,
            password=DEMO_PASSWORD,
            phone=phone,
            learning_card_no=card,
        ).user

    for role, email, name in PLATFORM:
        result.users[f"platform:{role}"] = add(None, role, email, name)
        result.logins.append(DemoLogin(role, None, email, name))
    for spec in INSTITUTIONS:
        admin_role, admin_email, admin_name, admin_phone = spec.staff[0]
        created = create_institution(
            session,
            clock,
            passwords,
            None,
            InstitutionCreate(
                code=spec.code,
                name=spec.name,
                business_number=spec.business_number,
                admin_email=admin_email,
                admin_name=admin_name,
                admin_password=DEMO_PASSWORD,
            ),
        )
        institution = created.institution
        admin = created.admin.user
        admin.phone = admin_phone
        result.institutions[spec.code] = institution
        result.users[f"{spec.code}:{admin_role}"] = admin
        result.logins.append(DemoLogin(admin_role, spec.code, admin_email, admin_name))
        for role, email, name, phone in spec.staff[1:]:
            user = add(institution.id, role, email, name, phone)
            key = f"{spec.code}:{role}"
            if key not in result.users:
                result.users[key] = user
                result.logins.append(DemoLogin(role, spec.code, email, name))
        trainees = [
            add(institution.id, Role.TRAINEE, email, name, phone, card)
            for name, email, phone, card in spec.trainees
        ]
        result.trainees[spec.code] = trainees
        result.users[f"{spec.code}:{Role.TRAINEE}"] = trainees[0]
        result.logins.append(DemoLogin(Role.TRAINEE, spec.code, trainees[0].email, trainees[0].name))
    session.flush()
    seed_roster_history(session, clock, passwords, result)


def static_logins() -> list[tuple[Role, str | None, str, str]]:
    rows: list[tuple[Role, str | None, str, str]] = [(r, None, e, n) for r, e, n in PLATFORM]
    for spec in INSTITUTIONS:
        seen = set()
        for role, email, name, _ in spec.staff:
            if role not in seen:
                seen.add(role)
                rows.append((role, spec.code, email, name))
        name, email, _, _ = spec.trainees[0]
        rows.append((Role.TRAINEE, spec.code, email, name))
    return rows


# A roster the hanbit admin imported a week ago for the next cohort: the import's job is done and
# its temporary passwords were downloaded, so the users page shows it in the admin's history.
IMPORTED_ROSTER = (
    "2026 하반기 스마트팩토리 과정 명단.xlsx",
    (
        ("정우진", "woojin@hanbit.example", "010-6789-1357", "9410123456780011"),
        ("김하늘", "haneul@hanbit.example", "010-6789-2468", None),
        ("이준서", "junseo@hanbit.example", "010-6789-3579", "9410123456780013"),
    ),
)


def seed_roster_history(session: Session, clock: Clock, passwords: Passwords, result: DemoResult) -> None:
    """The import runs as it does in the worker (rows checked, passwords generated and hashed,
    accounts created), recorded with its finished job; the passwords were taken already."""
    from classroom.accounts import roster_import
    from classroom.accounts.auth import principal_for
    from classroom.accounts.models import ImportStatus, RosterImport
    from classroom.accounts.passwords import credential
    from classroom.accounts.roster import RosterRow
    from classroom.jobs.models import Job, JobStatus

    admin = result.users[f"hanbit:{Role.INSTITUTION_ADMIN}"]
    principal = principal_for(admin)
    filename, people = IMPORTED_ROSTER
    rows = [
        RosterRow(n, name, email, phone, card, None) for n, (name, email, phone, card) in enumerate(people, 2)
    ]
    week_ago = clock.now() - timedelta(days=7)
    staged = RosterImport(
        institution_id=principal.require_institution(),
        requested_by=admin.id,
        filename=filename,
        status=ImportStatus.QUEUED,
        row_count=len(rows),
        created_at=week_ago,
        expires_at=week_ago + roster_import.STAGED_FOR,
    )
    job = Job(
        kind=roster_import.KIND,
        institution_id=admin.institution_id,
        requested_by=admin.id,
        params={"import_id": str(staged.id)},
        total=len(rows),
        created_at=week_ago,
    )
    session.add(job)
    session.flush()
    staged.job_id = job.id
    hashed = []
    for row in rows:
        secret = credential(passwords, None, email=row.email, name=row.name)
        hashed.append((row, secret.password_hash, secret.temporary))
    roster_import.create_accounts(session, clock, principal, staged, hashed)
    imported = session.exec(  # tenancy: the accounts this import just created in the admin's institution
        select(User).where(
            User.institution_id == admin.institution_id, col(User.email).in_([r.email for r in rows])
        )
    )
    result.trainees["hanbit"].extend(sorted(imported, key=lambda user: user.email))
    staged.finished_at = staged.passwords_taken_at = week_ago + timedelta(minutes=2)
    job.status, job.attempts, job.done = JobStatus.DONE, 1, len(rows)
    job.started_at, job.finished_at = week_ago + timedelta(seconds=5), staged.finished_at
    job.result = roster_import.result_of(staged)
    session.add_all([staged, job])
    session.flush()
