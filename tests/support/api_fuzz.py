"""A bounded schemathesis pass against a live server, as CI runs it (`.ci/run`).

Starts the app as production runs it (uvicorn, a fresh SQLite database migrated and seeded with
the demo data), signs in as an institution admin and as the operator, and lets schemathesis
generate requests from /openapi.json for each, within a time budget. Fails (exit 1) on any 5xx
or any answer that contradicts the schema (status, content type, body, headers).

    python -m tests.support.api_fuzz [--seconds-per-role 75]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx

from tests.support.liveserver import serve, token

CHECKS = ",".join(
    (
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
        "response_headers_conformance",
    )
)
# Signing out or changing the password would end the pass's own session half-way.
EXCLUDED = r"^/api/v1/(auth/logout|me/password)$"
ROLES = (("institution admin", "admin@hanbit.example", "hanbit"), ("operator", "operator@step.example", ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds-per-role", type=int, default=75)
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory(prefix="api-fuzz-") as tmp:
        work = Path(tmp)
        with serve(f"sqlite:///{work / 'fuzz.db'}", work / "data") as server:
            # The schema from a file: building it is the server's slowest answer, and on a busy
            # machine schemathesis' own fetch gives up after 10 s.
            schema = work / "openapi.json"
            schema.write_bytes(
                httpx.get(f"{server.url}/openapi.json", timeout=120).raise_for_status().content
            )
            for label, email, institution in ROLES:
                bearer = token(server.url, email, institution)
                print(f"==> schemathesis as {label} ({args.seconds_per_role} s)", flush=True)
                result = subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "schemathesis.cli",
                        "run",
                        str(schema),
                        "--url",
                        server.url,
                        "--checks",
                        CHECKS,
                        "--header",
                        f"Authorization: Bearer {bearer}",
                        "--exclude-path-regex",
                        EXCLUDED,
                        "--max-time",
                        str(args.seconds_per_role),
                        # One worker: hypothesis describes strategies by parsing lambdas' source,
                        # which CPython 3.11's parser does not survive from two threads at once.
                        "--workers",
                        "1",
                        "--seed",
                        "8",
                        "--no-color",
                    ],
                    timeout=args.seconds_per_role * 3 + 120,
                    # schemathesis keeps a cache directory in its working directory: the run's own.
                    cwd=work,
                )
                failed |= result.returncode != 0
            log = server.log.read_text()
    if "Traceback" in log:
        print("==> server log shows errors:\n" + log[-4000:])
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
