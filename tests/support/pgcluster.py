"""Throwaway PostgreSQL cluster for tests.

Each cluster lives in its own temp directory on a random loopback port, so
parallel test workers (and a system PostgreSQL on 5432) never collide.
"""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import re
import shutil
import socket
import stat
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
from psycopg import sql

PG_USER = "postgres"
_REQUIRED_BINARIES = ("initdb", "pg_ctl", "postgres")
# Durability is pointless for a cluster deleted after the run; these cut
# commit latency to roughly nothing.
DEFAULT_SETTINGS = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "listen_addresses": "127.0.0.1",
    "max_connections": "200",
    # Keep server messages in English so the log tail in errors is readable.
    "lc_messages": "C",
}
_START_ATTEMPTS = 5


class PostgresClusterError(RuntimeError):
    pass


def _has_binaries(bindir: str | os.PathLike[str]) -> bool:
    return all(os.access(os.path.join(bindir, b), os.X_OK) for b in _REQUIRED_BINARIES)


def _version_key(path: str) -> tuple[int, ...]:
    version = Path(path).parent.name
    return tuple(int(p) for p in re.findall(r"\d+", version)) or (0,)


def find_bindir() -> str | None:
    """Directory holding initdb/pg_ctl/postgres, or None."""
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, timeout=10)
            # Debian's libpq-dev pg_config can point at a dir without a server.
            if out.returncode == 0 and _has_binaries(out.stdout.strip()):
                return out.stdout.strip()
        except (OSError, subprocess.SubprocessError):
            pass
    for bindir in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True):
        if _has_binaries(bindir):
            return bindir
    initdb = shutil.which("initdb")
    if initdb:
        bindir = os.path.dirname(os.path.realpath(initdb))
        if _has_binaries(bindir):
            return bindir
    return None


def _run_as() -> pwd.struct_passwd | None:
    """The account to run the server as; None means the current user."""
    if os.geteuid() != 0:
        return None
    # PostgreSQL refuses to start as root.
    return pwd.getpwnam(PG_USER)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _world_traversable(path: str) -> bool:
    p = Path(path).resolve()
    return all(os.stat(part).st_mode & stat.S_IXOTH for part in [p, *p.parents])


def _pick_locale() -> str:
    try:
        out = subprocess.run(["locale", "-a"], capture_output=True, text=True, timeout=10)
        names = {n.strip().lower() for n in out.stdout.split()}
        if out.returncode == 0 and not names & {"c.utf8", "c.utf-8"}:
            return "C"
    except (OSError, subprocess.SubprocessError):
        pass
    return "C.UTF-8"


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no server log)"


class PostgresCluster:
    def __init__(self, settings: dict[str, str] | None = None, bindir: str | None = None):
        self.settings = {**DEFAULT_SETTINGS, **(settings or {})}
        self._bindir = bindir
        self.port: int | None = None
        self.tmpdir: Path | None = None
        self.start_seconds: float | None = None

    @staticmethod
    def available() -> str | None:
        """None when a cluster can be started here, else why not."""
        if find_bindir() is None:
            return "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found"
        if os.geteuid() == 0:
            try:
                pwd.getpwnam(PG_USER)
            except KeyError:
                return f"running as root and there is no {PG_USER!r} user to run PostgreSQL as"
        return None

    # -- paths -------------------------------------------------------------

    @property
    def datadir(self) -> Path:
        return self._require_tmp() / "data"

    @property
    def sockdir(self) -> Path:
        return self._require_tmp() / "run"

    @property
    def logfile(self) -> Path:
        return self._require_tmp() / "server.log"

    @property
    def url(self) -> str:
        return self.url_for("postgres")

    def url_for(self, dbname: str) -> str:
        if self.port is None:
            raise PostgresClusterError("cluster is not running")
        return f"postgresql+psycopg://{PG_USER}@127.0.0.1:{self.port}/{dbname}"

    def conninfo(self, dbname: str = "postgres") -> str:
        """libpq connection string, for plain psycopg.connect()."""
        if self.port is None:
            raise PostgresClusterError("cluster is not running")
        return f"host=127.0.0.1 port={self.port} user={PG_USER} dbname={dbname}"

    def _require_tmp(self) -> Path:
        if self.tmpdir is None:
            raise PostgresClusterError("cluster has no data directory yet")
        return self.tmpdir

    # -- lifecycle ---------------------------------------------------------

    def start(self) -> str:
        if self.port is not None:
            return self.url
        began = time.monotonic()
        reason = self.available()
        if reason:
            raise PostgresClusterError(reason)
        bindir = self._bindir or find_bindir()
        assert bindir is not None
        self._bindir = bindir
        self._make_tmpdir()
        atexit.register(self.stop)
        try:
            self._initdb()
            self._write_config()
            self._start_server()
        except BaseException:
            self.stop()
            raise
        self.start_seconds = time.monotonic() - began
        return self.url

    def stop(self) -> None:
        atexit.unregister(self.stop)
        if self.tmpdir is None:
            return
        if (self.datadir / "postmaster.pid").exists():
            self._run(["pg_ctl", "stop", "-D", str(self.datadir), "-m", "immediate", "-w"], check=False)
        shutil.rmtree(self.tmpdir, ignore_errors=True)
        self.tmpdir = None
        self.port = None

    def __enter__(self) -> PostgresCluster:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- databases ---------------------------------------------------------

    def create_database(self, name: str) -> str:
        with psycopg.connect(self.conninfo(), autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url_for(name)

    def drop_database(self, name: str) -> None:
        # FORCE so a test that leaked a connection cannot block teardown.
        with psycopg.connect(self.conninfo(), autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    # -- internals ---------------------------------------------------------

    def _make_tmpdir(self) -> None:
        owner = _run_as()
        base = tempfile.gettempdir()
        # The server account must be able to reach the directory, and the
        # socket path must stay under the ~107-byte sun_path limit.
        if owner is not None and not _world_traversable(base):
            base = "/tmp"
        if len(base) > 60:
            base = "/tmp"
        self.tmpdir = Path(tempfile.mkdtemp(prefix="classroom-pg-", dir=base))
        (self.tmpdir / "run").mkdir()
        if owner is not None:
            for path in (self.tmpdir, self.tmpdir / "run"):
                os.chown(path, owner.pw_uid, owner.pw_gid)

    def _run(
        self, args: list[str], check: bool = True, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        owner = _run_as()
        # Stray PG* variables (PGOPTIONS, PGPORT...) would leak into the
        # server and client tools.
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["LC_MESSAGES"] = "C"
        kwargs: dict[str, object] = {}
        if owner is not None:
            env["HOME"] = owner.pw_dir
            kwargs = {"user": owner.pw_uid, "group": owner.pw_gid, "extra_groups": []}
        cmd = [os.path.join(self._bindir or "", args[0]), *args[1:]]
        proc = subprocess.run(
            cmd,
            capture_output=True,
            text=True,
            env=env,
            cwd=self.tmpdir,
            timeout=timeout,
            **kwargs,  # type: ignore[arg-type]
        )
        if check and proc.returncode != 0:
            raise PostgresClusterError(
                f"{' '.join(cmd)} exited with {proc.returncode}\n{proc.stdout}\n{proc.stderr}".rstrip()
            )
        return proc

    def _initdb(self) -> None:
        base = [
            "initdb",
            "-D",
            str(self.datadir),
            "--auth=trust",
            f"--username={PG_USER}",
            "-E",
            "UTF8",
            "--no-sync",
        ]
        locale = _pick_locale()
        proc = self._run([*base, f"--locale={locale}"], check=False)
        if proc.returncode != 0 and locale != "C":
            # `locale -a` may be missing or lie; plain C always exists.
            shutil.rmtree(self.datadir, ignore_errors=True)
            proc = self._run([*base, "--locale=C"], check=False)
        if proc.returncode != 0:
            raise PostgresClusterError(
                f"initdb failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}".rstrip()
            )

    def _write_config(self) -> None:
        settings = {**self.settings, "unix_socket_directories": str(self.sockdir)}
        lines = [f"{key} = '{str(value).replace(chr(39), chr(39) * 2)}'" for key, value in settings.items()]
        # Appended settings override initdb's defaults; the file is
        # postgres-owned but root can still write it.
        with open(self.datadir / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write("\n# classroom test harness\n" + "\n".join(lines) + "\n")

    def _start_server(self) -> None:
        last_error = ""
        for _ in range(_START_ATTEMPTS):
            port = _free_port()
            proc = self._run(
                [
                    "pg_ctl",
                    "start",
                    "-D",
                    str(self.datadir),
                    "-l",
                    str(self.logfile),
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    f"-p {port}",
                ],
                check=False,
            )
            if proc.returncode == 0:
                self.port = port
                return
            log = _tail(self.logfile)
            last_error = (
                f"pg_ctl start exited with {proc.returncode}\n"
                f"{proc.stdout}{proc.stderr}\n--- server log tail ---\n{log}"
            )
            # Another process grabbed the port between probe and bind: retry.
            if "could not bind" not in log and "Address already in use" not in log:
                break
            if (self.datadir / "postmaster.pid").exists():
                self._run(["pg_ctl", "stop", "-D", str(self.datadir), "-m", "immediate"], check=False)
        raise PostgresClusterError(f"PostgreSQL failed to start:\n{last_error}")


available = PostgresCluster.available
