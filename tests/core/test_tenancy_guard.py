"""Tenant tables are read through the scoping helpers; a raw read says why, on its own line.

A raw `select(Model…)` or `session.get(Model, …)` on a tenant-owned table (one with an
`institution_id` column) bypasses the tenant filter. Every registered package's source is
scanned, with the web layer, the composition modules, content/, attendance/ and quality/; such a read is allowed only where its statement carries a `# tenancy: <reason>`
comment (on the statement or on a comment line just above it), so each exemption is one line,
with its reason, visible in review.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from sqlmodel import SQLModel

from classroom.app import load_models
from classroom.registry import registry

SCOPING_CALLS = {"scoped", "visible", "platform_wide", "get_scoped_or_404"}
MARKER = re.compile(r"#\s*tenancy:\s*\S.{8,}")  # a reason, not just the word
ROOT = Path(__file__).resolve().parents[2]
CLASSROOM = ROOT / "classroom"
# Outside classroom/, read tenant tables too (scanned whether or not they are registered yet).
LATER_PACKAGES = (ROOT / "content", ROOT / "attendance", ROOT / "quality")


def _tenant_models() -> set[str]:
    load_models()
    return {
        mapper.class_.__name__
        for mapper in SQLModel._sa_registry.mappers
        if "institution_id" in mapper.columns
    }


def _roots() -> list[Path]:
    """Every registered package's folder, plus the web layer (pages read data too)."""
    roots = {entry.source_dir for entry in registry()}
    roots.add(CLASSROOM / "web")
    roots.add(CLASSROOM)  # composition modules (demo, cli) live at the top level
    roots.update(LATER_PACKAGES)
    return sorted(roots)


def _sources() -> list[Path]:
    found: set[Path] = set()
    for root in _roots():
        pattern = "*.py" if root == CLASSROOM else "**/*.py"
        found.update(p for p in root.glob(pattern) if "migrations" not in p.parts)
    return sorted(found)


def _models(node: ast.Call, tenant: set[str], *, first_only: bool) -> list[str]:
    """Tenant models named in the call's arguments: select(User.id), select(func.sum(Lease.x))…"""
    args = node.args[:1] if first_only else node.args
    return sorted({n.id for arg in args for n in ast.walk(arg) if isinstance(n, ast.Name) and n.id in tenant})


def raw_reads(path: Path, tenant: set[str]) -> list[tuple[int, str, bool]]:
    """(line, description, exempted) for each raw read of a tenant table in `path`."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    parents: dict[ast.AST, ast.AST] = {}
    for parent in ast.walk(tree):
        for child in ast.iter_child_nodes(parent):
            parents[child] = parent
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = (
            func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        )
        is_get = (
            name == "get" and isinstance(func, ast.Attribute) and getattr(func.value, "id", "") == "session"
        )
        if name != "select" and not is_get:
            continue
        models = _models(node, tenant, first_only=is_get)
        if not models:
            continue
        statement: ast.AST = node
        while statement in parents and not isinstance(statement, ast.stmt):
            statement = parents[statement]
        calls = {
            getattr(c.func, "id", getattr(c.func, "attr", None))
            for c in ast.walk(statement)
            if isinstance(c, ast.Call)
        }
        if not is_get and calls & SCOPING_CALLS:
            continue
        span = lines[statement.lineno - 1 : (statement.end_lineno or statement.lineno)]
        above = lines[statement.lineno - 2].strip() if statement.lineno > 1 else ""
        exempted = any(MARKER.search(line) for line in span) or (
            above.startswith("#") and bool(MARKER.search(above))
        )
        found.append((node.lineno, f"{name}({', '.join(models)}…)", exempted))
    return found


def test_the_guard_scans_every_package():
    roots = {p.name for p in _roots()}
    assert {"accounts", "courses", "leases", "web", "content", "attendance", "quality"} <= roots
    sources = _sources()
    assert len(sources) > 40
    assert ROOT / "content" / "storage.py" in sources
    assert ROOT / "quality" / "rules" / "employment.py" in sources


def test_tenant_tables_are_read_through_the_scoping_helpers():
    tenant = _tenant_models()
    assert {"User", "Course", "Lease", "Invoice", "AuditEvent"} <= tenant
    offenders = [
        f"{path}:{line} {what}"
        for path in _sources()
        for line, what, exempted in raw_reads(path, tenant)
        if not exempted
    ]
    assert not offenders, (
        "raw reads of tenant tables; use scoped()/get_scoped_or_404(), or say why on the "
        "statement with `# tenancy: <reason>`:\n" + "\n".join(offenders)
    )


def test_the_guard_catches_a_raw_read(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def f(session):\n    return session.exec(select(Course)).all()\n\n"
        "def g(session):\n    return session.exec(select(Course)).all()  # tenancy: a stated reason\n"
    )
    assert raw_reads(sample, {"Course"}) == [(2, "select(Course…)", False), (5, "select(Course…)", True)]
