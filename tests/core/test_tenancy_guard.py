"""Tenant tables are read through the scoping helpers; raw reads live only where they must.

A raw `select(Model…)` or `session.get(Model, …)` on a table with an `institution_id` column
bypasses the tenant filter. Such reads are allowed only in the modules listed below, each for
a stated reason; a new module that needs one must be added here, on purpose, in review.
"""

from __future__ import annotations

import ast
from pathlib import Path

from sqlmodel import SQLModel

from classroom.app import load_models

ROOT = Path(__file__).resolve().parents[2] / "classroom"
SCOPING_CALLS = {"scoped", "visible", "platform_wide", "get_scoped_or_404"}

# module → why it may read tenant rows without the tenant filter
RAW_READS_ALLOWED = {
    "accounts/auth.py": "resolves the signed-in user from a session token, before any principal exists",
    "accounts/login.py": "finds the account being signed into and its sessions, before any principal exists",
    "accounts/service.py": "e-mail uniqueness inside one named institution; a user's own row",
    "accounts/roster.py": "e-mail uniqueness inside the importing admin's institution",
    "courses/ical.py": "the public feed URL names its user only by the secret; that is the authentication",
    "courses/lifecycle.py": "the platform's calendar job moves every institution's courses",
    "leases/ledger.py": "the invoice of a ledger row already read through the tenant filter; platform verify",
    "audit/service.py": "names of the actors and institutions of audit rows already read through the filter",
    "web/pages_admin.py": "user counts per institution on the operator's institutions page",
}


def _tenant_models() -> set[str]:
    load_models()
    return {mapper.class_.__name__ for mapper in SQLModel._sa_registry.mappers  # noqa: SLF001
            if "institution_id" in mapper.columns}


def _models(node: ast.Call, tenant: set[str], *, first_only: bool) -> list[str]:
    """Tenant models named in the call's arguments: select(User.id), select(func.sum(Lease.x))…"""
    args = node.args[:1] if first_only else node.args
    return sorted({n.id for arg in args for n in ast.walk(arg) if isinstance(n, ast.Name) and n.id in tenant})


def _raw_reads(path: Path, tenant: set[str]) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents: dict[ast.AST, ast.AST] = {}
    for parent in ast.walk(tree):
        for child in ast.iter_child_nodes(parent):
            parents[child] = parent
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        is_get = name == "get" and isinstance(func, ast.Attribute) and getattr(func.value, "id", "") == "session"
        if name != "select" and not is_get:
            continue
        models = _models(node, tenant, first_only=is_get)
        if not models:
            continue
        statement: ast.AST = node
        while statement in parents and not isinstance(statement, ast.stmt):
            statement = parents[statement]
        calls = {getattr(c.func, "id", getattr(c.func, "attr", None)) for c in ast.walk(statement)
                 if isinstance(c, ast.Call)}
        if is_get or not calls & SCOPING_CALLS:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}({', '.join(models)}…)")
    return found


def test_tenant_tables_are_read_through_the_scoping_helpers():
    tenant = _tenant_models()
    assert {"User", "Course", "Lease", "Invoice", "AuditEvent"} <= tenant
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = str(path.relative_to(ROOT))
        if relative.startswith("migrations/") or relative in RAW_READS_ALLOWED:
            continue
        offenders += _raw_reads(path, tenant)
    assert not offenders, "raw reads of tenant tables outside the allowed modules:\n" + "\n".join(offenders)


def test_the_allowlist_has_no_stale_entries():
    tenant = _tenant_models()
    stale = [name for name in RAW_READS_ALLOWED if not _raw_reads(ROOT / name, tenant)]
    assert not stale, f"these modules no longer read tenant tables raw; drop them from the list: {stale}"
