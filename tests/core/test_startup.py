"""Start-up with the garbage collector paused (classroom/core/startup.py): it runs again once the
app is built, in a server process and in the test session, and what was built is frozen."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys

from classroom.core.startup import quiet_start


def test_collection_runs_while_the_tests_run():
    assert gc.isenabled()


def test_quiet_start_pauses_then_freezes_what_it_built():
    before = gc.get_freeze_count()
    with quiet_start():
        assert not gc.isenabled()
        built = [[n] for n in range(1000)]  # lists are always tracked (small dicts may not be)
    assert gc.isenabled()
    assert gc.get_freeze_count() >= before + len(built)


def test_a_paused_collector_stays_paused():
    gc.disable()
    try:
        with quiet_start():
            pass
        assert not gc.isenabled()  # the caller had it off: still off
    finally:
        gc.enable()


def test_the_asgi_entry_point_collects_again_after_building(tmp_path):
    probe = "import gc, json, classroom.asgi; print(json.dumps([gc.isenabled(), gc.get_freeze_count()]))"
    env = {
        **os.environ,
        "CLASSROOM_DATA_DIR": str(tmp_path),
        "CLASSROOM_DATABASE_URL": f"sqlite:///{tmp_path}/c.db",
    }
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    enabled, frozen = json.loads(out.stdout.strip().splitlines()[-1])
    assert enabled
    assert frozen > 100_000  # the app's models, routes and schemas
