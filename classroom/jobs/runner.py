"""Running one job: claim it, run its package's handler, record the outcome, retry or give up.

Contract (what makes a job "accepted is not lost" and "retries are idempotent"):
- A job is claimed in a short transaction that locks its row: only a queued job, or a running
  job whose heartbeat went stale (its process died), is taken. A second delivery of the same id
  finds it running (fresh heartbeat) or finished and does nothing.
- While the handler runs, a timer refreshes the heartbeat; `recover()` (at consumer start)
  enqueues again every queued job the queue no longer holds and every running job whose
  heartbeat is older than `STALE_AFTER`.
- A failure is retried after the spec's delay until its retries are used up, then the job is
  failed with the error. Handlers are written to be re-run (see `core.package.JobSpec`).
- A refusal (`ClassroomError`: the work is not allowed, e.g. an e-mail was taken meanwhile) is
  not retried — trying again cannot change the answer. The job fails at once and its result
  carries the refusal (`{"refusal": {"code", "message_key", "params"}}`) so pages can say why
  in the reader's language.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from fastapi import FastAPI
from sqlmodel import Session, select

from classroom.core.clock import Clock
from classroom.core.errors import ClassroomError
from classroom.core.package import JobSpec
from classroom.jobs.models import Job, JobStatus
from classroom.jobs.queue import JobQueue

log = logging.getLogger(__name__)

STALE_AFTER = timedelta(seconds=90)
HEARTBEAT_EVERY = 20.0
PROGRESS_EVERY = 0.5  # seconds between progress writes; the last one is always written


@dataclass
class JobContext:
    """What a handler gets: its parameters, the app's parts, and a way to report progress."""

    app: FastAPI
    job_id: uuid.UUID
    kind: str
    params: dict[str, Any]
    institution_id: uuid.UUID | None
    requested_by: uuid.UUID | None
    attempt: int
    _last_write: float = field(default=0.0, repr=False)

    @property
    def clock(self) -> Clock:
        clock: Clock = self.app.state.clock
        return clock

    def session(self, *, write: bool = True) -> Session:
        """A new database session; the handler commits its own work. `write=False` gives a
        read-only one (on SQLite it never takes the write lock)."""
        session: Session = self.app.state.db.session(write=write)
        return session

    def progress(self, done: int, total: int | None = None, *, force: bool = False) -> None:
        """Report `done` of `total` units; written at most every PROGRESS_EVERY seconds."""
        now = time.monotonic()
        if not force and now - self._last_write < PROGRESS_EVERY:
            return
        self._last_write = now
        with self.session() as session:
            job = session.get(Job, self.job_id)  # tenancy: the running job's own row
            if job is None:
                return
            job.done = done
            if total is not None:
                job.total = total
            job.heartbeat_at = self.clock.now()
            session.add(job)
            session.commit()


class JobRunner:
    def __init__(self, app: FastAPI, specs: Mapping[str, JobSpec], queue: JobQueue) -> None:
        self.app = app
        self.specs = dict(specs)
        self.queue = queue

    @property
    def _clock(self) -> Clock:
        clock: Clock = self.app.state.clock
        return clock

    def _session(self) -> Session:
        session: Session = self.app.state.db.session()
        return session

    def _claim(self, job_id: uuid.UUID) -> JobContext | None:
        now = self._clock.now()
        with self._session() as session:
            # tenancy: the worker runs the job it was handed, for whichever institution asked
            statement = select(Job).where(Job.id == job_id).with_for_update()
            job = session.exec(statement).first()
            if job is None or job.status.finished:
                return None
            heartbeat = job.heartbeat_at or job.started_at
            if job.status is JobStatus.RUNNING and heartbeat is not None and now - heartbeat < STALE_AFTER:
                return None  # another worker has it
            job.status = JobStatus.RUNNING
            job.attempts += 1
            job.started_at = job.started_at or now
            job.heartbeat_at = now
            job.error = None
            session.add(job)
            session.commit()
            return JobContext(
                self.app,
                job.id,
                job.kind,
                dict(job.params),
                job.institution_id,
                job.requested_by,
                job.attempts,
            )

    def execute(self, job_id: uuid.UUID) -> None:
        context = self._claim(job_id)
        if context is None:
            return
        spec = self.specs.get(context.kind)
        if spec is None:
            self._finish(job_id, JobStatus.FAILED, error=f"unknown job kind {context.kind!r}")
            return
        beating = threading.Event()
        beat = threading.Thread(
            target=self._heartbeat, args=(job_id, beating), daemon=True, name=f"job-heartbeat-{job_id}"
        )
        beat.start()
        try:
            result = spec.run(context)
        except ClassroomError as exc:  # refused: the same answer on every attempt
            log.info("job %s (%s) refused: %s", job_id, context.kind, exc.code)
            params = {
                k: v if isinstance(v, str | int | float | bool) or v is None else str(v)
                for k, v in exc.params.items()
            }
            refusal = {"code": exc.code, "message_key": exc.message_key, "params": params}
            self._finish(job_id, JobStatus.FAILED, result={"refusal": refusal}, error=exc.code)
        except Exception as exc:  # the job failed; the worker goes on
            log.warning("job %s (%s) attempt %d failed: %s", job_id, context.kind, context.attempt, exc)
            error = "".join(traceback.format_exception_only(type(exc), exc)).strip()[:2000]
            if context.attempt <= spec.retries:
                self._requeue(job_id, error, timedelta(seconds=spec.retry_delay_seconds))
            else:
                self._finish(job_id, JobStatus.FAILED, error=error)
        else:
            self._finish(job_id, JobStatus.DONE, result=result or {})
        finally:
            beating.set()
            beat.join(timeout=1)

    def _heartbeat(self, job_id: uuid.UUID, stop: threading.Event) -> None:
        while not stop.wait(HEARTBEAT_EVERY):
            try:
                with self._session() as session:
                    job = session.get(Job, job_id)  # tenancy: the running job's own row
                    if job is None or job.status is not JobStatus.RUNNING:
                        return
                    job.heartbeat_at = self._clock.now()
                    session.add(job)
                    session.commit()
            except Exception:  # a missed heartbeat is not worth failing the job over
                log.exception("job %s heartbeat failed", job_id)

    def _finish(
        self,
        job_id: uuid.UUID,
        status: JobStatus,
        *,
        result: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> None:
        with self._session() as session:
            job = session.get(Job, job_id)  # tenancy: the running job's own row
            if job is None:
                return
            job.status = status
            job.result = result
            job.error = error
            job.finished_at = self._clock.now()
            if status is JobStatus.DONE and job.total:
                job.done = job.total
            session.add(job)
            session.commit()

    def _requeue(self, job_id: uuid.UUID, error: str, delay: timedelta) -> None:
        with self._session() as session:
            job = session.get(Job, job_id)  # tenancy: the running job's own row
            if job is None:
                return
            job.status = JobStatus.QUEUED
            job.error = error
            job.heartbeat_at = None
            session.add(job)
            session.commit()
        self.queue.enqueue(job_id, delay=delay)

    def recover(self) -> list[uuid.UUID]:
        """Enqueue again what a crash or a lost queue left behind; returns the job ids."""
        now: datetime = self._clock.now()
        waiting = self.queue.waiting()
        again: list[uuid.UUID] = []
        with self._session() as session:
            # tenancy: recovery is platform housekeeping over every institution's jobs
            statement = select(Job).where(Job.status.in_([JobStatus.QUEUED, JobStatus.RUNNING]))  # type: ignore[attr-defined]
            for job in session.exec(statement):
                if job.id in waiting:
                    continue
                heartbeat = job.heartbeat_at or job.started_at
                if (
                    job.status is JobStatus.RUNNING
                    and heartbeat is not None
                    and now - heartbeat < STALE_AFTER
                ):
                    continue
                again.append(job.id)
        for job_id in again:
            self.queue.enqueue(job_id)
        if again:
            log.info("re-enqueued %d job(s) left behind: %s", len(again), ", ".join(map(str, again)))
        return again
