"""The courses rules stay pure: no database, web or language code, and no words for people.

Rules answer with codes and figures; the catalogue (`courses/messages.py`) holds every word in
Korean and English. A rule module that imports a database library or the catalogue, or carries
a sentence in either language, fails here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import classroom.courses.rules as rules_package

RULES = Path(rules_package.__file__).parent
MODULES = sorted(RULES.glob("*.py"))
# Only the standard library, the holiday data and the rules themselves.
ALLOWED_THIRD_PARTY = {"holidays"}
STDLIB = {
    "__future__",
    "collections",
    "dataclasses",
    "datetime",
    "enum",
    "fractions",
    "math",
    "types",
    "typing",
    "zoneinfo",
}
HANGUL = re.compile("[\uac00-\ud7a3]")


def _imports(tree: ast.Module) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def _docstrings(tree: ast.Module) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def test_the_rules_package_has_its_modules():
    names = {m.stem for m in MODULES}
    assert {"kinds", "plan", "load", "recurrence", "holidays", "status", "digits"} <= names


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.stem)
def test_a_rule_module_imports_nothing_impure(module):
    tree = ast.parse(module.read_text(encoding="utf-8"))
    for name in _imports(tree):
        root = name.split(".")[0]
        if root == "classroom":
            assert name.startswith("classroom.courses.rules"), f"{module.name} imports {name}"
        else:
            assert root in STDLIB | ALLOWED_THIRD_PARTY, f"{module.name} imports {name}"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.stem)
def test_a_rule_module_says_nothing_in_a_language(module):
    tree = ast.parse(module.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            assert not HANGUL.search(node.value), f"{module.name}:{node.lineno} {node.value!r}"
            assert node.value not in ("ko", "en"), f"{module.name}:{node.lineno} picks a language"
        if isinstance(node, ast.Compare):
            names = {getattr(part, "id", "") for part in (node.left, *node.comparators)}
            assert not names & {"lang", "language", "locale"}, (
                f"{module.name}:{node.lineno} branches on a language"
            )


def test_the_checks_see_a_violation():
    """The purity checks themselves fail on impure code (so they cannot pass vacuously)."""
    impure = ast.parse('from sqlmodel import select\nLABEL = "실시간"\nif lang == "en":\n    pass\n')
    assert "sqlmodel" in _imports(impure)
    strings = [n.value for n in ast.walk(impure) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    assert any(HANGUL.search(s) for s in strings) and "en" in strings
