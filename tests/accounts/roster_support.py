"""Helpers of the roster tests: files built in the test, the queue run by hand."""

from __future__ import annotations

import io
import uuid

from fastapi import FastAPI
from openpyxl import Workbook, load_workbook
from sqlmodel import Session, select

from classroom.accounts.models import User
from classroom.core.tenancy import Role
from classroom.institutions.models import Institution
from classroom.jobs.models import Job


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_xlsx(data: bytes) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def trainees(session: Session, institution: Institution) -> list[User]:
    """Read, then end the read: an open transaction would hold SQLite's lock while jobs run."""
    session.expire_all()
    found = list(
        session.exec(select(User).where(User.institution_id == institution.id, User.role == Role.TRAINEE))
    )
    session.commit()
    return found


def run_jobs(app: FastAPI, *, include_scheduled: bool = False) -> int:
    """What the consumer threads do, in this thread: run every queued job."""
    ran: int = app.state.queue.drain(include_scheduled=include_scheduled)
    return ran


def job_row(session: Session, job_id: object) -> Job:
    session.expire_all()
    job = session.exec(select(Job).where(Job.id == uuid.UUID(str(job_id)))).one()
    session.commit()
    return job
