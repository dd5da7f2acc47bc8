"""Roster import as a job: stage the checked rows, confirm, create the accounts in the worker,
hand the temporary passwords to the admin who ran it exactly once.

Choices, and why they are safe:
- Staged rows are sealed (`core.sealing`, AES-GCM with a key derived from the secret key):
  they may carry initial passwords and card numbers, and sit in the database between preview
  and import. The job clears them as it creates the accounts; an unconfirmed stage expires
  after `STAGED_FOR` and is deleted by the next preview of the institution.
- All or nothing per import: every password is hashed first, with no transaction open (the
  slow part, reported as progress), then one short transaction re-checks the e-mails, inserts
  every account and marks the import done. A retry after a crash before that commit starts
  over and finds nothing half-made; a retry after it finds the import done and answers its
  result again. An e-mail registered by someone else meanwhile refuses the import (nothing is
  created; the job says which rows).
- Generated temporary passwords are sealed on the import and handed out once, as an XLSX, to
  the admin who ran the import: the download clears them in the same transaction that reads
  them, guarded so two parallel downloads cannot both get them. If the file is lost, the admin
  resets those accounts' passwords. Undownloaded passwords are cleared after
  `PASSWORDS_KEPT_FOR`. Every imported account must change its password at first sign-in.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from classroom.accounts import passwords as password_work
from classroom.accounts.auth import principal_for
from classroom.accounts.models import ImportStatus, RosterImport, User
from classroom.accounts.roster import Preview, RosterRow, taken_emails
from classroom.audit import service as audit
from classroom.core import i18n, spreadsheets
from classroom.core.clock import Clock
from classroom.core.errors import ClassroomError, Conflict, NotFound
from classroom.core.events import EventBus
from classroom.core.sealing import SealBroken, Sealer
from classroom.core.tenancy import Principal, Role, parse_id, scoped
from classroom.jobs import service as jobs
from classroom.jobs.models import Job

KIND = "accounts.roster_import"
STAGED_FOR = timedelta(hours=1)
PASSWORDS_KEPT_FOR = timedelta(days=7)
EXPORT_LANG = "ko"  # the password sheet is handed to trainees in Korean, like other exports


def sealer(secret_key: str) -> Sealer:
    return Sealer(secret_key, "accounts.roster_import")


def _purge(session: Session, clock: Clock, principal: Principal) -> None:
    """Forget what is no longer needed: expired stages, and passwords nobody came for."""
    now = clock.now()
    for old in session.exec(
        scoped(select(RosterImport), principal).where(
            RosterImport.status == ImportStatus.STAGED, col(RosterImport.expires_at) < now
        )
    ):
        session.delete(old)
    for stale in session.exec(
        scoped(select(RosterImport), principal).where(
            col(RosterImport.passwords).is_not(None), col(RosterImport.finished_at) < now - PASSWORDS_KEPT_FOR
        )
    ):
        stale.passwords = None
        session.add(stale)


def stage(
    session: Session, clock: Clock, secret_key: str, principal: Principal, checked: Preview
) -> RosterImport:
    """Keep a valid preview's rows (sealed) until the admin confirms them."""
    _purge(session, clock, principal)
    now = clock.now()
    staged = RosterImport(
        institution_id=principal.require_institution(),
        requested_by=principal.user_id,
        filename=checked.filename[:255] or "roster",
        row_count=checked.count,
        supplied_passwords=checked.supplied_passwords,
        created_at=now,
        expires_at=now + STAGED_FOR,
    )
    staged.rows = sealer(secret_key).seal([row.to_json() for row in checked.rows], bound_to=str(staged.id))
    session.add(staged)
    session.flush()
    return staged


def get_import(
    session: Session, principal: Principal, import_id: object, *, for_update: bool = False
) -> RosterImport:
    """Only the admin who uploaded the roster sees it (it leads to passwords); others get 404."""
    statement = scoped(select(RosterImport), principal).where(
        RosterImport.id == parse_id(import_id), RosterImport.requested_by == principal.user_id
    )
    if for_update:
        statement = statement.with_for_update()
    found = session.exec(statement).first()
    if found is None:
        raise NotFound()
    return found


def confirm(
    session: Session, clock: Clock, events: EventBus, principal: Principal, staged: RosterImport
) -> Job:
    """Queue the import; confirming twice answers the same job."""
    staged = get_import(session, principal, staged.id, for_update=True)
    if staged.job_id is not None:
        job = session.get(Job, staged.job_id)  # tenancy: the import's own job, read through its import
        assert job is not None
        return job
    if staged.expires_at <= clock.now() or staged.rows is None:
        raise Conflict("roster.expired", code="roster_expired")
    job = jobs.submit(
        session, clock, events, principal, KIND, {"import_id": str(staged.id)}, total=staged.row_count
    )
    staged.status = ImportStatus.QUEUED
    staged.job_id = job.id
    session.add(staged)
    session.flush()
    audit.record(
        session, clock, principal, "user.import", "roster", staged.id, detail={"rows": staged.row_count}
    )
    return job


def result_of(staged: RosterImport) -> dict[str, Any]:
    return {
        "import_id": str(staged.id),
        "imported": staged.imported,
        "generated_passwords": staged.generated,
        "passwords_available": staged.passwords is not None,
    }


def _refuse(session: Session, staged: RosterImport, error: ClassroomError, clock: Clock) -> ClassroomError:
    staged.status = ImportStatus.FAILED
    staged.error_key = error.message_key
    staged.error_params = {k: str(v) for k, v in error.params.items()}
    staged.rows = None  # nothing more will be done with them
    staged.finished_at = clock.now()
    session.add(staged)
    session.commit()
    return error


def _emails_taken(rows: list[RosterRow], taken: set[str]) -> Conflict:
    numbers = ", ".join(str(row.row) for row in rows if row.email in taken)
    return Conflict("roster.taken_meanwhile", code="roster_emails_taken", params={"rows": numbers})


Hashed = list[tuple[RosterRow, str, str | None]]  # (row, password hash, generated password or None)


def create_accounts(
    session: Session, clock: Clock, principal: Principal, staged: RosterImport, hashed: Hashed
) -> None:
    """The import's one write: every account, the import marked done and its rows forgotten."""
    now = clock.now()
    for row, password_hash, _ in hashed:
        session.add(
            User(
                institution_id=staged.institution_id,
                email=row.email,
                name=row.name,
                role=Role.TRAINEE,
                password_hash=password_hash,
                phone=row.phone,
                learning_card_no=row.learning_card_no,
                must_change_password=True,  # chosen by the institution or by us, not the trainee
                created_at=now,
            )
        )
    staged.status = ImportStatus.DONE
    staged.imported = len(hashed)
    staged.generated = sum(1 for _, _, temporary in hashed if temporary)
    staged.rows = None
    staged.finished_at = now
    session.add(staged)
    session.flush()
    audit.record(
        session,
        clock,
        principal,
        "user.imported",
        "roster",
        staged.id,
        detail={"count": staged.imported, "generated_passwords": staged.generated},
    )


def run(ctx: Any) -> dict[str, Any]:
    """The job (`ctx` is a `jobs.runner.JobContext`)."""
    import_id = uuid.UUID(str(ctx.params["import_id"]))
    box = sealer(ctx.app.state.settings.secret_key)
    with ctx.session() as session:
        staged = session.get(RosterImport, import_id)  # tenancy: the import this job was created for
        if staged is None:
            raise NotFound()
        if staged.status is ImportStatus.DONE:
            return result_of(staged)  # an earlier attempt finished; same answer
        requester = session.get(User, staged.requested_by)  # tenancy: the admin who confirmed it
        if staged.rows is None or requester is None:
            raise Conflict("roster.expired", code="roster_expired")
        try:
            rows = [RosterRow.from_json(item) for item in box.open(staged.rows, bound_to=str(staged.id))]
        except SealBroken:
            raise _refuse(
                session, staged, Conflict("roster.expired", code="roster_expired"), ctx.clock
            ) from None
        principal = principal_for(requester)
        taken = taken_emails(session, principal, [row.email for row in rows])
        if taken:
            raise _refuse(session, staged, _emails_taken(rows, taken), ctx.clock)
        session.commit()  # the slow part below holds no transaction

    passwords = ctx.app.state.passwords
    hashed: Hashed = []
    for done, row in enumerate(rows, start=1):
        secret = password_work.credential(passwords, row.password, email=row.email, name=row.name)
        hashed.append((row, secret.password_hash, secret.temporary))
        ctx.progress(done, len(rows))

    with ctx.session() as session:
        # tenancy: the import this job was created for, locked so two attempts cannot both write
        staged = session.exec(
            select(RosterImport).where(RosterImport.id == import_id).with_for_update()
        ).one()
        if staged.status is ImportStatus.DONE:
            return result_of(staged)
        taken = taken_emails(session, principal, [row.email for row in rows])
        if taken:
            raise _refuse(session, staged, _emails_taken(rows, taken), ctx.clock)
        create_accounts(session, ctx.clock, principal, staged, hashed)
        staged.passwords = box.seal(
            [[row.row, row.name, row.email, temporary] for row, _, temporary in hashed],
            bound_to=str(staged.id),
        )
        session.add(staged)
        session.commit()
        return result_of(staged)


def take_passwords(
    session: Session, clock: Clock, secret_key: str, principal: Principal, staged: RosterImport
) -> bytes:
    """The import's accounts and temporary passwords as XLSX — once. The read and the clearing
    are one transaction, and the clearing only counts if this request is the one that cleared
    them (a parallel download finds them gone), so at most one response ever carries them."""
    staged = get_import(session, principal, staged.id, for_update=True)
    if staged.passwords is None:
        raise ClassroomError("roster.passwords_gone", code="roster_passwords_gone", status=410)
    try:
        generated = sealer(secret_key).open(staged.passwords, bound_to=str(staged.id))
    except SealBroken:
        generated = None
    cleared = session.execute(
        update(RosterImport)
        .where(col(RosterImport.id) == staged.id, col(RosterImport.passwords).is_not(None))
        .values(passwords=None, passwords_taken_at=clock.now())
    )
    session.expire(staged)
    if getattr(cleared, "rowcount", 0) != 1 or generated is None:
        raise ClassroomError("roster.passwords_gone", code="roster_passwords_gone", status=410)
    audit.record(session, clock, principal, "user.import_passwords", "roster", staged.id)
    supplied = i18n.t("roster.sheet.supplied", EXPORT_LANG)
    header = [i18n.t(f"roster.sheet.{key}", EXPORT_LANG) for key in ("row", "name", "email", "password")]
    return spreadsheets.xlsx_bytes(
        i18n.t("roster.sheet.title", EXPORT_LANG),
        header,
        ([row, name, email, temporary or supplied] for row, name, email, temporary in generated),
        widths=[6, 14, 32, 18],
    )
