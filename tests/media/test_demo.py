"""The demo leaves camera presence for its live discussion: intervals per person, one trainee
with the camera off for six minutes, one who only watched; readable as media evidence."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from classroom.core.tenancy import Role
from classroom.demo import seed
from classroom.live.media.evidence import evidence_since


def test_demo_media_presence(app, session, clock):  # type: ignore[no-untyped-def]
    clock.set(datetime(2026, 4, 6, 10, tzinfo=ZoneInfo("Asia/Seoul")))
    result = seed(session, clock, app.state.passwords)
    session.commit()
    institution = result.users[f"hanbit:{Role.INSTITUTION_ADMIN}"].institution_id
    rows = evidence_since(session, institution, clock.now() - timedelta(days=3))
    assert rows and all(r["name"] == "media.presence" and r["source"] == "media" for r in rows)
    trainees = [str(t.id) for t in result.trainees["hanbit"][:4]]
    kinds = {user: [r["kind"] for r in rows if r["user_id"] == user] for user in trainees}
    gap = [r for r in rows if r["user_id"] == trainees[2] and r["kind"] in ("camera_off", "camera_on")]
    off, on = gap[1], gap[2]
    assert (off["kind"], on["kind"]) == ("camera_off", "camera_on")
    assert datetime.fromisoformat(on["at"]) - datetime.fromisoformat(off["at"]) == timedelta(minutes=6)
    assert "camera_on" not in kinds[trainees[3]] and kinds[trainees[3]] == ["receiving_up", "receiving_down"]
    assert kinds[trainees[0]].count("camera_on") == kinds[trainees[0]].count("camera_off") == 1
