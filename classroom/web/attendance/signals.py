"""The inspector's fraud-signal pages: the list, and one signal with the trainees it names and
the evidence events it was found in (time, source, IP, device), each a step an inspector can
check against the trainee's attendance page."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from attendance import signals
from attendance.auth import SignalReader
from attendance.rules.kinds import SignalKind
from classroom.core import i18n
from classroom.core.csrf import verify_form_csrf
from classroom.core.db import DbSession
from classroom.core.errors import request_lang
from classroom.institutions import service as institutions
from classroom.web.listing import ListView, filter_value, page_request
from classroom.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_form_csrf)])

NAMES_SHOWN = 3


def detail_lines(detail: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """A signal's figures as label → value lines in the reader's language (a figure without a
    declared label keeps its key: nothing found is hidden)."""
    lines = []
    for key, value in detail.items():
        label_key = f"signal.detail.{key}"
        label = i18n.t(label_key, lang) if i18n.has(label_key) else key
        if isinstance(value, list | tuple):
            shown = ", ".join(str(v) for v in value)
        elif isinstance(value, dict):
            shown = ", ".join(f"{k}: {v}" for k, v in value.items() if v is not None)
        else:
            shown = "–" if value is None else str(value)
        lines.append((label, shown))
    return lines


def who(trainee_ids: list[str], names: dict[str, str], lang: str) -> str:
    known = sorted(names.get(t, "?") for t in trainee_ids)
    if len(known) <= NAMES_SHOWN:
        return ", ".join(known)
    rest = len(known) - NAMES_SHOWN
    return i18n.t("signals.and_more", lang, names=", ".join(known[:NAMES_SHOWN]), count=rest)


@router.get("/attendance/signals")
def signals_page(request: Request, session: DbSession, principal: SignalReader) -> Response:
    lang = request_lang(request)
    institution_list = institutions.list_institutions(session) if principal.cross_tenant else []
    values = {
        "kind": filter_value(request, "kind", [k.value for k in SignalKind]),
        "institution_id": filter_value(request, "institution_id", [str(i.id) for i in institution_list]),
    }
    page = signals.page_signals(
        session,
        principal,
        page_request(request),
        kind=SignalKind(values["kind"]) if values["kind"] else None,
        institution_id=uuid.UUID(values["institution_id"]) if values["institution_id"] else None,
    )
    names = signals.trainee_names(session, principal, {t for s, _, _ in page.items for t in s.trainee_ids})
    rows = [
        {
            "signal": s,
            "course_title": course_title,
            "institution_name": institution_name,
            "who": who(s.trainee_ids, names, lang),
            "lines": detail_lines(s.detail, lang),
        }
        for s, course_title, institution_name in page.items
    ]
    context = {
        "view": ListView(page, "/attendance/signals", values, unit="common.list.rows"),
        "rows": rows,
        "kinds": list(SignalKind),
        "institution_list": institution_list,
        **values,
    }
    return render(request, "attendance/signals.html", context)


@router.get("/attendance/signals/{signal_id}")
def signal_page(request: Request, session: DbSession, principal: SignalReader, signal_id: str) -> Response:
    found = signals.evidence_of(session, principal, signal_id)
    lang = request_lang(request)
    context = {
        "found": found,
        "signal": found.signal,
        "lines": detail_lines(found.signal.detail, lang),
        "trainees": sorted(found.trainees.items(), key=lambda item: item[1]),
        "named": set(found.signal.trainee_ids),
    }
    return render(request, "attendance/signal.html", context)
