"""Per-user iCal feed at a secret address (`/calendar/{secret}.ics`), for phone calendars.

Phones subscribe without a login, so the address itself is the credential: 256 bits from an
HMAC of a random nonce, stored only as a hash for lookup. Regenerating replaces the nonce and
the old address stops working at once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from icalendar import Calendar, Event
from sqlmodel import Session, col, select

from classroom.accounts.auth import principal_for
from classroom.accounts.models import User
from classroom.audit import service as audit
from classroom.core import i18n
from classroom.core.clock import Clock
from classroom.core.db import side_write
from classroom.core.security import token_hash
from classroom.core.tenancy import Principal
from classroom.courses import texts
from classroom.courses.calendar import Entry, own_lessons
from classroom.courses.models import CalendarFeed
from classroom.institutions.models import Institution

PAST = timedelta(days=60)
FUTURE = timedelta(days=400)


@dataclass(frozen=True)
class FeedAddress:
    """Where a phone subscribes: the secret address and when it was issued."""

    url: str
    created_at: datetime

    @classmethod
    def of(cls, feed: CalendarFeed, secret: str, base_url: str) -> FeedAddress:
        return cls(url=f"{base_url}/calendar/{secret}.ics", created_at=feed.created_at)


def secret_for(secret_key: str, feed: CalendarFeed) -> str:
    digest = hmac.new(
        secret_key.encode(), f"calendar:{feed.user_id}:{feed.nonce}".encode(), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _own_feed(session: Session, principal: Principal) -> CalendarFeed | None:
    return session.exec(select(CalendarFeed).where(CalendarFeed.user_id == principal.user_id)).first()


def ensure_feed(
    session: Session, clock: Clock, secret_key: str, principal: Principal
) -> tuple[CalendarFeed, str]:
    feed = _own_feed(session, principal)
    if feed is not None:
        return feed, secret_for(secret_key, feed)
    # The first visit creates the address, in a short write of its own when the request only
    # reads (opening the calendar is a read); checked again in there, in case of a double visit.
    with side_write(session) as own:
        feed = _own_feed(own, principal)
        if feed is not None:
            return feed, secret_for(secret_key, feed)
        return regenerate(own, clock, secret_key, principal)


def regenerate(
    session: Session, clock: Clock, secret_key: str, principal: Principal
) -> tuple[CalendarFeed, str]:
    feed = _own_feed(session, principal) or CalendarFeed(
        user_id=principal.user_id, nonce="", token_hash="", created_at=clock.now()
    )
    feed.nonce = secrets.token_urlsafe(24)
    feed.created_at = clock.now()
    feed.last_fetched_at = None
    secret = secret_for(secret_key, feed)
    feed.token_hash = token_hash(secret)
    session.add(feed)
    audit.record(session, clock, principal, "calendar.feed_issue", "user", principal.user_id)
    session.flush()
    return feed, secret


def resolve(session: Session, clock: Clock, secret: str) -> Principal | None:
    if not secret or len(secret) > 100:
        return None
    # tenancy: the public feed URL names its user only by the secret; that is the authentication
    row = session.exec(
        select(CalendarFeed, User)
        .join(User, col(User.id) == col(CalendarFeed.user_id))
        .where(CalendarFeed.token_hash == token_hash(secret))
    ).first()
    if row is None:
        return None
    feed, user = row
    if not user.is_active:
        return None
    if user.institution_id is not None:
        institution = session.get(Institution, user.institution_id)
        if institution is None or not institution.is_active:
            return None  # a deactivated institution's feeds stop answering
    feed.last_fetched_at = clock.now()
    session.add(feed)
    return principal_for(user)


def _describe(entry: Entry, lang: str) -> str:
    lines = [
        i18n.t("calendar.event.course", lang, title=entry.course.title),
        i18n.t("calendar.event.mode", lang, mode=texts.mode(entry.mode)),
        i18n.render(entry.where, lang),
    ]
    if entry.instructor_name:
        lines.append(i18n.t("calendar.event.instructor", lang, name=entry.instructor_name))
    return "\n".join(lines)


def render_feed(session: Session, clock: Clock, principal: Principal, base_url: str) -> bytes:
    lang = principal.locale  # the catalogue falls back to Korean for anything it does not know
    now = clock.now()
    entries = own_lessons(session, principal, now - PAST, now + FUTURE)
    cal = Calendar()
    cal.add("prodid", "-//classroom//smart-training timetable//KO")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", i18n.t("calendar.feed_name", lang, name=principal.name))
    cal.add("x-wr-timezone", "Asia/Seoul")
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    host = base_url.split("://", 1)[-1].split("/", 1)[0] or "classroom"
    for entry in entries:
        s = entry.lesson
        label = i18n.render(texts.mode(entry.mode), lang)
        event = Event()
        event.add("uid", f"{s.id}@{host}")
        event.add("dtstamp", now)
        event.add("dtstart", entry.start)  # local Seoul time with TZID, as the timetable reads
        event.add("dtend", entry.end)
        event.add("summary", f"[{label}] {entry.course.title}" + (f" – {s.title}" if s.title else ""))
        event.add("location", i18n.render(entry.where, lang))
        event.add("description", _describe(entry, lang))
        event.add("categories", [label])
        event.add("last-modified", s.updated_at)
        event.add("status", "CONFIRMED")
        if s.join_url:
            event.add("url", s.join_url)
        cal.add_component(event)
    # VTIMEZONE for Asia/Seoul from zoneinfo, so every client reads the TZID the same way.
    if entries:
        cal.add_missing_timezones()
    body: bytes = cal.to_ical()
    return body
