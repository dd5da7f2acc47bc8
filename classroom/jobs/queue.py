"""The transport of job ids: huey, on a SQLite file (embedded default) or on Redis (production).

Why huey: it is small and well kept, keeps its queue durable in a SQLite file with no server
(the embedded default must run with no other process), speaks Redis for several app processes
and separate workers, and runs its consumer as threads we can host inside the app process.
What it does not do — progress, results that outlive the queue, recovering a job whose worker
died mid-run — lives in our `jobs` table (models.py, runner.py): the queue only says "look at
job X now".
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from huey import RedisHuey, SqliteHuey
from huey.api import Huey
from huey.consumer import Consumer

log = logging.getLogger(__name__)

TASK_NAME = "classroom.run_job"


class _HostedConsumer(Consumer):
    """A consumer living inside another program (uvicorn, tests): it must not take over the
    process's signal handlers; its host stops it."""

    def _set_signal_handlers(self) -> None:
        pass


class JobQueue:
    def __init__(self, url: str, sqlite_file: Path, *, name: str = "classroom") -> None:
        self.huey: Huey
        if url.startswith(("redis://", "rediss://", "unix://")):
            self.huey = RedisHuey(name, url=url, results=False, utc=True)
            self.backend = "redis"
        elif url in ("", "sqlite"):
            sqlite_file.parent.mkdir(parents=True, exist_ok=True)
            self.huey = SqliteHuey(name, filename=str(sqlite_file), results=False, utc=True)
            self.backend = "sqlite"
        else:
            raise ValueError(f"CLASSROOM_JOBS_URL must be empty (SQLite) or redis://…, not {url!r}")
        self._handler: Callable[[uuid.UUID], None] | None = None
        self._task = self.huey.task(name=TASK_NAME)(self._dispatch)
        self._consumer: Consumer | None = None

    def bind(self, handler: Callable[[uuid.UUID], None]) -> None:
        """The function that runs one job by id (the runner of the app in this process)."""
        self._handler = handler

    def _dispatch(self, job_id: str) -> None:
        if self._handler is None:
            raise RuntimeError("job queue consumer started without a runner bound")
        self._handler(uuid.UUID(job_id))

    def enqueue(self, job_id: uuid.UUID, *, delay: timedelta | None = None) -> None:
        if delay is not None and delay.total_seconds() > 0:
            self._task.schedule(args=(str(job_id),), delay=delay.total_seconds())
        else:
            self._task(str(job_id))

    def waiting(self) -> set[uuid.UUID]:
        """Job ids sitting in the queue or its schedule (not the ones a worker holds)."""
        found: set[uuid.UUID] = set()
        for task in [*self.huey.pending(), *self.huey.scheduled()]:
            if task.name == TASK_NAME and task.args:
                found.add(uuid.UUID(task.args[0]))
        return found

    def drain(self, *, include_scheduled: bool = False, limit: int = 1000) -> int:
        """Run waiting jobs in the calling thread until none is left; returns how many ran.
        For `classroom jobs run` and tests; `include_scheduled` also runs delayed retries now."""
        ran = 0
        while ran < limit:
            if include_scheduled:
                for task in self.huey.read_schedule(self.huey._get_timestamp() + timedelta(days=3650)):
                    task.eta = None  # due now
                    self.huey.enqueue(task)
            task = self.huey.dequeue()
            if task is None:
                return ran
            if not self.huey.ready_to_run(task):
                self.huey.add_schedule(task)  # a delayed retry: back to the schedule, as a worker does
                continue
            self.huey.execute(task)
            ran += 1
        return ran

    def start(self, threads: int) -> None:
        """Consume in this process with `threads` worker threads (no periodic scheduler: the
        app's periodic work has its own loop)."""
        if self._consumer is not None or threads <= 0:
            return
        self._consumer = _HostedConsumer(
            self.huey,
            workers=threads,
            periodic=False,
            initial_delay=0.05,
            max_delay=1.0,
            check_worker_health=False,
        )
        self._consumer.start()
        log.info("job queue (%s) consuming with %d thread(s)", self.backend, threads)

    def stop(self, *, timeout: float = 10.0) -> None:
        consumer, self._consumer = self._consumer, None
        if consumer is None:
            return
        consumer.shutdown_timeout = timeout
        consumer.stop(graceful=True)

    def run_forever(self, threads: int) -> None:
        """`classroom worker`: a foreground consumer that owns the process's signals."""
        Consumer(self.huey, workers=threads, periodic=False, initial_delay=0.05, max_delay=1.0).run()
