"""Every text a quality page or flash names exists in Korean and English, and every label of
the closed vocabularies too."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from classroom.core import i18n
from classroom.registry import registry
from quality.rules import kinds
from quality.rules.completion import CompletionState

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "classroom" / "web" / "templates" / "quality"
PAGES = ROOT / "classroom" / "web" / "quality"
DYNAMIC = {
    "quality.exam.refusal.": ("no_exam", "not_open", "closed", "no_attempts_left", "not_enrolled"),
    "quality.survey.state.": ("not_open", "closed", "answered", "not_enrolled"),
    "quality.finding.action.": ("answer", "close", "reopen"),
    "quality.survey.q.": ("content", "instructor", "environment", "usefulness", "overall"),
    "quality.completion.": tuple(s.value for s in CompletionState),
    "quality.evidencelinkkind.": tuple(k.value for k in kinds.EvidenceLinkKind),
}


@pytest.fixture(scope="module", autouse=True)
def catalogues() -> None:
    registry()


def test_every_key_the_pages_use_exists():
    used: set[str] = set()
    for template in TEMPLATES.glob("*.html"):
        used |= set(re.findall(r"t\('([a-z0-9_.]+)'", template.read_text(encoding="utf-8")))
    for module in PAGES.glob("*.py"):
        text = module.read_text(encoding="utf-8")
        used |= set(re.findall(r"msg=([a-z0-9_.]+)", text))
        used |= set(re.findall(r'"(quality\.[a-z0-9_]+\.[a-z0-9_.]+)"', text))
    for prefix, values in DYNAMIC.items():
        used |= {prefix + v for v in values}
    used = {k for k in used if not k.endswith(".")}
    missing = sorted(k for k in used if not i18n.has(k))
    assert not missing, missing
    assert len(used) > 150


def test_every_label_and_every_refusal_named_in_code_exists():
    for enum in (getattr(kinds, name) for name in dir(kinds)):
        if isinstance(enum, type) and issubclass(enum, kinds._Labelled) and enum is not kinds._Labelled:
            for member in enum:
                assert i18n.has(member.label_key), member.label_key
    source = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "quality").rglob("*.py"))
    named = set(re.findall(r'"(quality\.[a-z_]+\.[a-z_.]+)"', source))
    named = {
        k
        for k in named
        if not k.startswith(
            (
                "quality.assessment.put",
                "quality.attempt.",
                "quality.result.set",
                "quality.results.publish",
                "quality.retake.grant",
                "quality.question.add",
                "quality.question.update",
                "quality.question.archive",
                "quality.completion.confirm",
                "quality.employment.put",
                "quality.employment.evidence",
                "quality.inspection.open",
                "quality.inspection.note",
                "quality.inspection.close",
                "quality.finding.add",
                "quality.evidence_replaced",
                "quality.close_attempts",
            )
        )
    }
    missing = sorted(k for k in named if not i18n.has(k))
    assert not missing, missing
