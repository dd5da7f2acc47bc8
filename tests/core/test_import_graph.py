"""The shape of the import graph of classroom/, content/, attendance/ and quality/ (DESIGN.md,
"Packages and dependency direction"), read from the source (tests/support/imports.py):
- no import cycles among module-level imports;
- `classroom.core` imports no other part of `classroom` (deferred imports inside functions
  included: they are dependencies all the same);
- `classroom` domains never import `content`, `attendance` or `quality` (only the composition
  modules `classroom.app`, `classroom.cli`, `classroom.registry` and the web layer
  `classroom.web` may);
- the top-level packages import `classroom.core` and the public parts of `classroom` domains,
  never the composition modules; `quality` may import `attendance` (completion needs the
  attendance rate), and nothing imports `quality` but the composition modules and the web layer;
- no module takes another module's private `_helper` (tests are not scanned).

Known violations are listed with the file and the reason, to be removed when fixed: a listed
violation that no longer occurs fails the test, so the lists only shrink.
"""

from __future__ import annotations

from tests.support.imports import (
    Import,
    cycles,
    imports_of,
    private_uses,
    project_modules,
    runtime_graph,
    within,
)

COMPOSITION = ("classroom.app", "classroom.cli", "classroom.registry", "classroom.web")
LATER_PACKAGES = ("content", "attendance", "quality")
# A top-level package → the other top-level packages it may import.
MAY_IMPORT: dict[str, tuple[str, ...]] = {"content": (), "attendance": (), "quality": ("attendance",)}

# (module, "owner._name") it may still take → why; empty now, and a fixed entry must go.
KNOWN_PRIVATE_USES: dict[tuple[str, str], str] = {}


def layering_violations(found: list[Import]) -> list[str]:
    """The imports that break DESIGN.md's dependency direction."""
    wrong = []
    for i in found:
        where = f"{i.importer} imports {i.target} (line {i.line})"
        in_core = within(i.importer, "classroom.core")
        in_domain = within(i.importer, "classroom") and not any(within(i.importer, c) for c in COMPOSITION)
        if in_core and within(i.target, "classroom") and not within(i.target, "classroom.core"):
            wrong.append(f"{where}: classroom.core imports no domain")
        elif not in_core and in_domain and any(within(i.target, p) for p in LATER_PACKAGES):
            wrong.append(
                f"{where}: only app, cli, registry and web may import content, attendance or quality"
            )
        top = i.importer.split(".")[0]
        if top in MAY_IMPORT:
            if any(within(i.target, c) for c in COMPOSITION):
                wrong.append(f"{where}: {top} imports no composition module")
            other = i.target.split(".")[0]
            if other in MAY_IMPORT and other != top and other not in MAY_IMPORT[top]:
                wrong.append(f"{where}: {top} may not import {other}")
    return wrong


def test_the_scan_sees_the_whole_project():
    modules = project_modules()
    assert {
        "classroom.app",
        "classroom.core.db",
        "content.storage",
        "attendance",
        "quality.package",
    } <= modules.keys()
    assert "classroom.migrations.env" in modules and not any(".versions." in m for m in modules)
    assert ("classroom.core.unit_of_work", "classroom.core.events") in {
        (m, t) for m, targets in runtime_graph().items() for t in targets
    }


def test_no_import_cycles():
    found = cycles(runtime_graph())
    assert not found, "import cycles (module-level imports):\n" + "\n".join(" → ".join(c) for c in found)


def test_the_cycle_finder_finds_cycles():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"d"}, "e": {"a"}, "f": set()}
    assert cycles(graph) == [["a", "b", "c"], ["d"]]


def test_dependencies_point_the_way_design_md_says():
    found = [i for module in project_modules() for i in imports_of(module, deferred=True)]
    wrong = layering_violations(found)
    assert not wrong, "imports against the dependency direction:\n" + "\n".join(wrong)


def test_the_layering_rules_catch_wrong_imports():
    samples = [
        Import("classroom.core.tenancy", "classroom.accounts.models", (), 3, False),
        Import("classroom.core.db", "classroom.core.events", (), 4, False),
        Import("classroom.courses.service", "attendance.records", (), 5, False),
        Import("classroom.courses.service", "content.storage", (), 6, True),
        Import("classroom.web.courses.pages", "content.storage", (), 7, False),
        Import("classroom.app", "attendance.records", (), 8, False),
        Import("attendance.records", "classroom.courses.models", (), 9, False),
        Import("quality.completion", "attendance.reports", (), 10, False),
        Import("classroom.courses.service", "quality.results", (), 11, False),
        Import("attendance.reports", "quality.results", (), 12, False),
        Import("quality.demo", "classroom.registry", (), 13, False),
        Import("classroom.web.quality.pages", "quality.results", (), 14, False),
    ]
    assert [w.split(":")[0] for w in layering_violations(samples)] == [
        "classroom.core.tenancy imports classroom.accounts.models (line 3)",
        "classroom.courses.service imports attendance.records (line 5)",
        "classroom.courses.service imports content.storage (line 6)",
        "classroom.courses.service imports quality.results (line 11)",
        "attendance.reports imports quality.results (line 12)",
        "quality.demo imports classroom.registry (line 13)",
    ]


def test_no_module_takes_another_modules_private_helpers():
    found = {(m, what): line for m in project_modules() for line, what in private_uses(m)}
    new = [
        f"{m} (line {line}) takes {what}"
        for (m, what), line in sorted(found.items())
        if (m, what) not in KNOWN_PRIVATE_USES
    ]
    assert not new, "private helpers taken across modules (make them public or move them):\n" + "\n".join(new)
    fixed = sorted(f"{m}: {what}" for m, what in KNOWN_PRIVATE_USES if (m, what) not in found)
    assert not fixed, f"fixed, so remove from KNOWN_PRIVATE_USES: {fixed}"


def test_the_privacy_check_sees_both_spellings(tmp_path, monkeypatch):
    from tests.support import imports

    package = tmp_path / "classroom"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "owner.py").write_text("def _helper(): ...\ndef __dunder__(): ...\n")
    (package / "user.py").write_text(
        "from classroom.owner import _helper, __dunder__\n"
        "from classroom import owner as o\n\n"
        "def f():\n    from classroom.owner import _helper as h\n    return o._helper, o.__dunder__\n"
    )
    monkeypatch.setattr(imports, "ROOT", tmp_path)
    monkeypatch.setattr(imports, "TOP_PACKAGES", ("classroom",))
    imports.project_modules.cache_clear()
    try:
        assert imports.private_uses("classroom.user") == [
            (1, "classroom.owner._helper"),
            (5, "classroom.owner._helper"),
            (6, "classroom.owner._helper"),
        ]
    finally:
        imports.project_modules.cache_clear()
