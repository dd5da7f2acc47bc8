"""Read the project's import statements from source (AST), without importing anything.

Used by the architecture tests in tests/core: the import graph (cycles, layering), the purity of
rule modules and the privacy of `_helpers`. Only module-level imports count (those that run when
the module is imported, including inside top-level `if`/`try`); imports inside functions are
deferred on purpose and imports under `if TYPE_CHECKING:` never run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOP_PACKAGES = ("classroom", "content", "attendance", "quality")


@dataclass(frozen=True)
class Import:
    importer: str  # dotted module name
    target: str  # the module imported (for `from m import name`: m.name when that is a module, else m)
    names: tuple[str, ...]  # the names a `from` import takes ("*" included), () for `import m`
    line: int
    type_only: bool  # under `if TYPE_CHECKING:`


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def project_modules() -> dict[str, Path]:
    """Every module of the top-level packages (migration scripts excluded: Alembic loads them)."""
    found = {}
    for top in TOP_PACKAGES:
        for path in sorted((ROOT / top).rglob("*.py")):
            if "versions" in path.parts and "migrations" in path.parts:
                continue
            found[module_name(path)] = path
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _module_level(
    body: Iterable[ast.stmt], type_only: bool = False
) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node, type_only
        elif isinstance(node, ast.If):
            yield from _module_level(node.body, type_only or _is_type_checking(node.test))
            yield from _module_level(node.orelse, type_only)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody, *(h.body for h in node.handlers)):
                yield from _module_level(block, type_only)


def _absolute(importer: str, node: ast.ImportFrom, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = importer.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _deferred(tree: ast.Module) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    for top in tree.body:
        if isinstance(top, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            for node in ast.walk(top):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    yield node, False


@cache
def imports_of(module: str, *, deferred: bool = False) -> tuple[Import, ...]:
    """The module-level imports of `module`; with `deferred`, also those inside its functions
    and classes (not run at import time, but dependencies all the same)."""
    path = project_modules()[module]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    modules = project_modules()
    found: list[Import] = []
    statements = list(_module_level(tree.body)) + (list(_deferred(tree)) if deferred else [])
    for node, type_only in statements:
        if isinstance(node, ast.Import):
            found.extend(Import(module, a.name, (), node.lineno, type_only) for a in node.names)
            continue
        source = _absolute(module, node, path.name == "__init__.py")
        names = tuple(a.name for a in node.names)
        submodules = [f"{source}.{n}" for n in names if f"{source}.{n}" in modules]
        if submodules:
            found.extend(Import(module, s, (), node.lineno, type_only) for s in submodules)
        rest = tuple(n for n in names if f"{source}.{n}" not in modules)
        if rest or not submodules:
            found.append(Import(module, source, rest, node.lineno, type_only))
    return tuple(found)


def runtime_graph() -> dict[str, set[str]]:
    """Project module → project modules it imports when it is imported."""
    modules = project_modules()
    return {m: {i.target for i in imports_of(m) if not i.type_only and i.target in modules} for m in modules}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (or a module importing itself)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(start: str) -> None:  # iterative Tarjan: deep graphs must not hit the recursion limit
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in graph.get(node, ()):
                    found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_uses(module: str) -> list[tuple[int, str]]:
    """(line, "owner._name") wherever `module` takes a private name of another project module:
    `from owner import _name` (at any depth, deferred imports too) or `owner_alias._name`."""
    path = project_modules()[module]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    modules = project_modules()
    aliases: dict[str, str] = {}  # local name → project module it is bound to
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in modules and alias.asname:
                    aliases[alias.asname] = alias.name
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, node, path.name == "__init__.py")
            for alias in node.names:
                if f"{source}.{alias.name}" in modules:
                    aliases[alias.asname or alias.name] = f"{source}.{alias.name}"
                elif _private(alias.name) and source in modules and source != module:
                    found.append((node.lineno, f"{source}.{alias.name}"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr) and isinstance(node.value, ast.Name):
            owner = aliases.get(node.value.id)
            if owner is not None and owner != module:
                found.append((node.lineno, f"{owner}.{node.attr}"))
    return sorted(set(found))
