"""Settings from the environment (``CLASSROOM_*``), with embedded defaults under ``./var``."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET = "dev-only-secret-change-me"
WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::", "[::]"})


def local_url(host: str, port: int) -> str:
    """`http://host:port` for a listening address, as a browser on this machine would type it."""
    if host in WILDCARD_HOSTS:
        host = "127.0.0.1"
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 literal
    return f"http://{host}:{port}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CLASSROOM_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    secret_key: str = DEV_SECRET
    data_dir: Path = Path("var")
    # Empty means "SQLite file in data_dir"; a PostgreSQL URL switches the engine.
    database_url: str = ""
    # "local" keeps objects under data_dir/objects; "s3" speaks to MinIO/S3.
    storage_backend: Literal["local", "s3"] = "local"
    s3_endpoint: str = "127.0.0.1:9000"
    s3_access_key: str = ""
    s3_secret_key: str = ""
    s3_bucket: str = "classroom"
    s3_secure: bool = False
    backplane_url: str = "memory://"
    # FastAPI's native OpenTelemetry (traces, metrics, logs through the global providers): off
    # unless asked for, since deciding per request whether a provider is configured is a
    # measurable share of a short request's cost (bench/concurrency.py).
    opentelemetry: bool = False
    # Job queue: empty keeps a durable SQLite queue in data_dir (no other process needed);
    # `redis://host:port/db` shares one queue between app processes and `classroom worker`s.
    jobs_url: str = ""
    # Consumer threads inside each app process; 0 when separate `classroom worker`s run the jobs.
    jobs_workers: int = 2
    base_url: str = "http://127.0.0.1:8000"
    default_locale: Literal["ko", "en"] = "ko"
    session_max_age_seconds: int = 12 * 3600
    api_token_max_age_seconds: int = 24 * 3600
    # Failed sign-ins within the window: per account from one address (then that pair waits for
    # the window), per address whatever the account, and per account from everywhere (past this
    # many, each try waits a doubling delay up to the maximum). See accounts/login.py.
    login_max_failures: int = 5
    login_failure_window_seconds: int = 15 * 60
    login_address_max_failures: int = 100
    login_account_delay_after: int = 10
    login_account_max_delay_seconds: int = 60
    # How often each server process moves courses along by date (0: only `classroom courses advance`).
    calendar_tick_seconds: int = 3600
    max_upload_rows: int = 5000
    max_roster_bytes: int = 2 * 1024 * 1024
    # Requests using the database at once per process (admission; the thread pool and the
    # connection pools are sized from it, see core.admission), how long a request may queue
    # for a slot, and how long a write may wait for this process's write gate, before the answer
    # is 503 with Retry-After.
    max_concurrent_requests: int = Field(default=16, ge=1, le=256)
    request_queue_seconds: float = Field(default=30.0, gt=0, le=300)
    write_wait_seconds: float = Field(default=15.0, gt=0, le=300)
    # argon2id cost; tests lower it, production keeps the library's recommended profile.
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 64 * 1024

    @field_validator("secret_key")
    @classmethod
    def _secret_long_enough(cls, value: str) -> str:
        if len(value) < 16:
            raise ValueError("CLASSROOM_SECRET_KEY must be at least 16 characters")
        return value

    @model_validator(mode="after")
    def _no_default_secret_outside_development(self) -> Settings:
        # The default key is public (it is in this file): anyone could forge CSRF tokens with it.
        if self.environment != "development" and self.secret_key == DEV_SECRET:
            raise ValueError(f"CLASSROOM_SECRET_KEY must be set to a private value in {self.environment}")
        return self

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'classroom.db').as_posix()}"

    @property
    def jobs_file(self) -> Path:
        return self.data_dir / "jobs.sqlite"

    @property
    def objects_dir(self) -> Path:
        return self.data_dir / "objects"

    def served_base_url(self, host: str, port: int) -> str:
        """The public address: CLASSROOM_BASE_URL when it is set, otherwise the host and port
        `classroom serve` listens on (a wildcard host is reached on this machine as 127.0.0.1)."""
        if "base_url" in self.model_fields_set:
            return self.base_url.rstrip("/")
        return local_url(host, port)

    @property
    def cookies_secure(self) -> bool:
        return self.base_url.startswith("https://")
