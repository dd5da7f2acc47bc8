"""Migration 0013 (`lesson_series`): series made before it get their rows, courses get a lead."""

from __future__ import annotations

import uuid

import sqlalchemy as sa

from classroom.core.migrate import alembic_config, upgrade
from tests.courses.test_lesson_migration import NOW, _fresh_database, _insert


def _user(conn: sa.Connection, institution: uuid.UUID, name: str) -> uuid.UUID:
    user = uuid.uuid4()
    _insert(
        conn,
        "users",
        id=user,
        institution_id=institution,
        email=f"{user.hex[:8]}@hanbit.example",
        name=name,
        role="instructor",
        password_hash="x",
        is_active=True,
        must_change_password=False,
        created_at=NOW,
    )
    return user


def _course(conn: sa.Connection, institution: uuid.UUID, created_by: uuid.UUID | None) -> uuid.UUID:
    course = uuid.uuid4()
    values: dict[str, object] = {
        "id": course,
        "institution_id": institution,
        "title": "과정",
        "category": "ict",
        "description": "",
        "starts_on": NOW.date(),
        "ends_on": NOW.date(),
        "capacity": 10,
        "status": "draft",
        "pass_mark": 60,
        "created_at": NOW,
        "updated_at": NOW,
    }
    if created_by is not None:
        values["created_by"] = created_by
    _insert(conn, "courses", **values)
    return course


def test_series_rows_and_leads_are_filled_in(backend, tmp_path):
    from alembic import command

    engine = sa.create_engine(_fresh_database(backend, tmp_path))
    upgrade(engine, "media")
    series = uuid.uuid4()
    with engine.begin() as conn:
        institution = uuid.uuid4()
        _insert(
            conn,
            "institutions",
            id=institution,
            code="hanbit",
            name="한빛",
            shared_networks="",
            is_active=True,
            created_at=NOW,
        )
        author, kim, park = (
            _user(conn, institution, "최저자"),
            _user(conn, institution, "김강사"),
            _user(conn, institution, "박강사"),
        )
        by_author = _course(conn, institution, author)
        by_admin = _course(conn, institution, None)
        for course, teachers in ((by_author, (kim, author)), (by_admin, (park, kim))):
            for teacher in teachers:
                _insert(
                    conn, "course_instructors", course_id=course, user_id=teacher, institution_id=institution
                )
        for hour in (1, 3):
            _insert(
                conn,
                "lessons",
                id=uuid.uuid4(),
                institution_id=institution,
                course_id=by_author,
                mode="classroom",
                title="",
                starts_at=NOW.replace(hour=hour),
                ends_at=NOW.replace(hour=hour + 1),
                series_id=series,
                created_at=NOW,
                updated_at=NOW,
            )
    upgrade(engine, "lesson_series")
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT id, course_id, mode FROM lesson_series")).all()
        leads = conn.execute(sa.text("SELECT course_id, user_id FROM course_instructors WHERE is_lead")).all()
    assert [(uuid.UUID(str(r[0])), uuid.UUID(str(r[1])), r[2]) for r in rows] == [
        (series, by_author, "classroom")
    ]
    # The author leads their course; an admin's course is led by the instructor whose name sorts first.
    assert {uuid.UUID(str(c)): uuid.UUID(str(u)) for c, u in leads} == {by_author: author, by_admin: kim}
    with engine.begin() as conn:  # one lead per course
        try:
            with conn.begin_nested():
                conn.execute(sa.text("UPDATE course_instructors SET is_lead = true"))
            refused = False
        except sa.exc.IntegrityError:
            refused = True
    assert refused
    with engine.begin() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, "media")
    assert "lesson_series" not in set(sa.inspect(engine).get_table_names())
    engine.dispose()
