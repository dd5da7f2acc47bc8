"""What the courses domain says: rule answers (codes and figures) as catalogue texts.

Every function returns an `i18n.Text`, a key of `courses/messages.py` with its figures. It is
rendered in the reader's language where a page or an API answer is made, or quoted inside
another message (a refusal quotes each broken rule), so no code here knows a language.
"""

from __future__ import annotations

from collections.abc import Iterable

from classroom.core.i18n import Text, render
from classroom.courses.models import Lesson
from classroom.courses.rules import digits
from classroom.courses.rules import load as load_rules
from classroom.courses.rules import plan as plan_rules
from classroom.courses.rules.kinds import CourseCategory, LessonMode
from classroom.courses.rules.plan import PlanSummary, RuleViolation, SmartTrainingPolicy


def hours(minutes: int) -> Text:
    return Text("plan.hours", {"hours": digits.hours(minutes)})


def mode(value: LessonMode | str) -> Text:
    return Text(LessonMode(value).label_key)


def category(value: CourseCategory | str) -> Text:
    return Text(CourseCategory(value).label_key)


def violation(broken: RuleViolation) -> Text:
    return Text(f"plan.rule.{broken.code}", plan_rules.shown(broken))


def reasons(violations: Iterable[RuleViolation]) -> Text:
    """Every broken rule in one line, in the order the rules found them."""
    return _joined([violation(v) for v in violations], "plan.rule.then", "plan.rule.then")


def basis(policy: SmartTrainingPolicy) -> Text:
    """Whose rules they are: a programme year's, or the defaults while none is opened."""
    if policy.programme_year is None:
        return Text("plan.basis.default")
    return Text("plan.basis.programme", {"year": policy.programme_year})


def rules_in_force(policy: SmartTrainingPolicy) -> Text:
    return Text("plan.rules", {**plan_rules.policy_shown(policy), "basis": basis(policy)})


def describe_policy(policy: SmartTrainingPolicy, lang: str) -> str:
    """The rules in force as one line (the plan card, the operator's programme page)."""
    return render(rules_in_force(policy), lang)


def online_share(summary: PlanSummary) -> Text:
    return Text("plan.percent", {"percent": plan_rules.share_shown(summary)})


def load(broken: load_rules.Violation, trainee: str) -> Text:
    """A trainee's day that would break: over the daily limit, or two lessons at once."""
    figures = {**load_rules.shown(broken), "trainee": trainee}
    if isinstance(broken, load_rules.DayOver):
        courses = [Text("load.other_course", {"course": title, "hours": h}) for title, h in figures["others"]]
        figures["others"] = _joined(courses, "load.others.more", "load.others.last")
    return Text(f"load.{broken.kind}", figures)


def where(lesson: Lesson, supervisor_name: str = "") -> Text:
    """Where to go or how to join, in words people act on."""
    match LessonMode(lesson.mode):
        case LessonMode.CLASSROOM:
            return Text("lesson.where.classroom", {"room": lesson.room or ""})
        case LessonMode.ONSITE if supervisor_name:
            return Text(
                "lesson.where.onsite_supervised",
                {"host": lesson.host_company or "", "supervisor": supervisor_name},
            )
        case LessonMode.ONSITE:
            return Text("lesson.where.onsite", {"host": lesson.host_company or ""})
        case LessonMode.LIVE if lesson.join_url:
            return Text("lesson.where.live_link", {"url": lesson.join_url})
        case LessonMode.LIVE:
            return Text("lesson.where.live")
        case LessonMode.VOD:
            return Text("lesson.where.vod")


def _joined(parts: list[Text], more: str, last: str) -> Text:
    """One text of several: `more` joins all but the last, `last` the last one (in English
    "a, b and c", in Korean "a, b, c")."""
    if not parts:
        raise ValueError("nothing to join")
    head = parts[0]
    for part in parts[1:-1]:
        head = Text(more, {"a": head, "b": part})
    return head if len(parts) == 1 else Text(last, {"a": head, "b": parts[-1]})
