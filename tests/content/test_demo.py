"""The content demo step: a real playable lesson video and a PDF handout on the demo course's
e-learning lessons, and a trainee part-way through the video."""

from __future__ import annotations

from content.rules.kinds import ContentKind


def test_the_demo_has_a_playable_video_a_handout_and_a_trainee_part_way(app, session):
    from sqlmodel import select

    from classroom.demo import seed
    from content.models import ContentItem, LessonContent, ViewingProgress

    seed(session, app.state.clock, app.state.passwords)
    session.commit()
    found = {i.kind: i for i in session.exec(select(ContentItem))}
    assert set(found) == {ContentKind.VIDEO, ContentKind.DOCUMENT}
    assert len(session.exec(select(LessonContent)).all()) == 4
    progress = session.exec(select(ViewingProgress)).one()
    assert 0 < progress.percent < 80
