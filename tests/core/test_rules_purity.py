"""Rule modules are pure: no database, web framework or locale code, directly or through the
project modules they import (DESIGN.md: `rules/` — validation, policy, proration, subsidy).

A rule module is any module named `rules` or `*_rules`, and every module inside a `rules`
package, in classroom/, content/, attendance/ and quality/; new domains are covered by naming
alone.
Rules return structured reasons (codes and numbers) that the message catalogues render, so
they need neither the catalogues nor the locale.
"""

from __future__ import annotations

from tests.support.imports import imports_of, project_modules, runtime_graph, within

# Third-party or standard-library packages a rule module must not reach.
IMPURE_LIBRARIES = {
    "sqlmodel": "database",
    "sqlalchemy": "database",
    "alembic": "database",
    "psycopg": "database",
    "fastapi": "web framework",
    "starlette": "web framework",
    "jinja2": "templates",
    "babel": "locale",
    "locale": "locale",
    "gettext": "locale",
}
# Project modules that are database, web or locale code.
IMPURE_MODULES = {
    "classroom.core.db": "database",
    "classroom.core.i18n": "locale",
    "classroom.web": "web pages",
}


def is_rule_module(module: str) -> bool:
    parts = module.split(".")
    return any(p == "rules" for p in parts) or parts[-1].endswith("_rules")


def _impure(target: str) -> str | None:
    if target.split(".")[0] in IMPURE_LIBRARIES:
        return IMPURE_LIBRARIES[target.split(".")[0]]
    for module, what in IMPURE_MODULES.items():
        if within(target, module):
            return what
    return "locale (a message catalogue)" if target.split(".")[-1] == "messages" else None


def rule_modules() -> list[str]:
    return sorted(m for m in project_modules() if is_rule_module(m))


def impurities(module: str) -> list[str]:
    """Why `module` is not pure: each forbidden import it makes or reaches at import time."""
    graph = runtime_graph()
    reached, todo, via = {module}, [module], {module: module}
    while todo:
        current = todo.pop()
        for target in sorted(graph[current] - reached):
            reached.add(target)
            via[target] = current
            todo.append(target)
    found = []
    for current in sorted(reached):
        path = [current]
        while path[-1] != module:
            path.append(via[path[-1]])
        chain = " ← ".join(path)
        for i in imports_of(current):
            what = None if i.type_only else _impure(i.target)
            if what is not None:
                found.append(f"{chain} imports {i.target} ({what})")
    return found


def test_rule_modules_are_found_by_name():
    found = rule_modules()
    assert any(m.startswith("classroom.courses.rules") for m in found)
    assert any(m.startswith("classroom.leases") for m in found)
    assert is_rule_module("attendance.policy.rules") and is_rule_module("classroom.leases.billing_rules")
    assert any(m.startswith("quality.rules") for m in found)
    assert is_rule_module("classroom.courses.rules.plan") and not is_rule_module("classroom.courses.plan")


def test_rule_modules_import_no_database_web_or_locale_code():
    found = {m: impurities(m) for m in rule_modules()}
    impure = [line for lines in found.values() for line in lines]
    assert not impure, "rule modules must stay pure:\n" + "\n".join(impure)


def test_the_purity_check_sees_through_project_modules():
    # courses.service reaches the database through its models, directly and via other modules.
    found = impurities("classroom.courses.service")
    assert any("sqlmodel" in line for line in found)
    assert any(" ← " in line for line in found)
