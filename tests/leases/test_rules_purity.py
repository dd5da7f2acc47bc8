"""The leases rules stay pure: no database, web or locale code can be imported into them."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import classroom.leases.rules

RULES = Path(classroom.leases.rules.__file__).parent
# Pure project modules a rule may use besides the standard library and its sibling rules.
ALLOWED = ("classroom.core.money", "classroom.leases.rules")


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def _allowed(name: str) -> bool:
    if name.split(".")[0] in sys.stdlib_module_names:
        return True
    return any(name == ok or name.startswith(ok + ".") for ok in ALLOWED)


def test_rule_modules_import_only_pure_code() -> None:
    modules = sorted(RULES.glob("*.py"))
    assert {p.name for p in modules} >= {"billing.py", "proration.py", "months.py"}
    found = {p.name: [n for n in _imports(p) if not _allowed(n)] for p in modules}
    assert {name: bad for name, bad in found.items() if bad} == {}


def test_the_check_sees_a_forbidden_import(tmp_path: Path) -> None:
    impure = tmp_path / "impure.py"
    impure.write_text("from sqlmodel import select\nimport sqlalchemy.orm\nfrom classroom.core import i18n\n")
    assert [n for n in _imports(impure) if not _allowed(n)] == [
        "sqlmodel",
        "sqlalchemy.orm",
        "classroom.core",
    ]
