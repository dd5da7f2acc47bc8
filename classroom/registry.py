"""The packages that make up the service, in dependency order, and what they add up to.

Adding a package means adding its import path to `PACKAGES`: its `package.py` declares what
it contributes (`classroom.core.package.Package`) and, when it has pages,
`classroom/web/<name>/package.py` declares those (`classroom.web.nav.Pages`). `create_app`,
`load_models` (migrations, tests), `classroom demo`, the CLI, the route walker and the tenancy
guard all iterate this one list. Order matters where one package's demo step builds on
another's (leases before courses: publishing a course needs a leased classroom).
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from fastapi import APIRouter
from sqlmodel import SQLModel

from classroom.core import i18n
from classroom.core.messages import MESSAGES as CORE_MESSAGES
from classroom.core.package import DemoStep, JobSpec, Package, Periodic, UsageProvider
from classroom.core.permissions import Permission
from classroom.web.nav import Navigation, Pages

PACKAGES: tuple[str, ...] = (
    "classroom.institutions",
    "classroom.accounts",
    "classroom.jobs",
    "classroom.audit",
    "classroom.leases",
    "classroom.courses",
    "classroom.live",
    "classroom.live.media",
    "content",
    "attendance",
    "quality",
)


@dataclass(frozen=True)
class Registered:
    path: str
    package: Package
    pages: Pages | None

    @property
    def source_dir(self) -> Path:
        spec = importlib.util.find_spec(self.path)
        assert spec is not None and spec.submodule_search_locations
        return Path(next(iter(spec.submodule_search_locations)))


@dataclass(frozen=True)
class Registry:
    entries: tuple[Registered, ...]
    shell: Pages  # pages every deployment has: home, errors, language

    def __iter__(self) -> Iterator[Registered]:
        return iter(self.entries)

    @property
    def models(self) -> list[type[SQLModel]]:
        return [model for entry in self.entries for model in entry.package.models]

    @property
    def api_routers(self) -> list[APIRouter]:
        return [r for entry in self.entries for r in (*entry.package.api_routers, *entry.package.ws_routers)]

    @property
    def page_routers(self) -> list[APIRouter]:
        pages = [self.shell, *(entry.pages for entry in self.entries if entry.pages is not None)]
        return [router for p in pages for router in p.routers]

    @property
    def navigation(self) -> Navigation:
        return Navigation.of([self.shell, *(e.pages for e in self.entries if e.pages is not None)])

    @property
    def usage(self) -> dict[str, UsageProvider]:
        found: dict[str, UsageProvider] = {}
        for entry in self.entries:
            for kind, provider in entry.package.usage.items():
                if kind in found:
                    raise ValueError(f"quota kind {kind!r} reported twice (again by {entry.package.name})")
                found[kind] = provider
        return found

    @property
    def demo_steps(self) -> list[DemoStep]:
        return [entry.package.demo for entry in self.entries if entry.package.demo is not None]

    @property
    def periodic(self) -> list[Periodic]:
        return [job for entry in self.entries for job in entry.package.periodic]

    @property
    def jobs(self) -> list[JobSpec]:
        specs = [spec for entry in self.entries for spec in entry.package.jobs]
        kinds = [spec.kind for spec in specs]
        if len(kinds) != len(set(kinds)):
            raise ValueError(f"job kinds declared twice: {sorted(k for k in kinds if kinds.count(k) > 1)}")
        return specs

    def permission_owners(self) -> dict[Permission, str]:
        owners: dict[Permission, str] = {}
        for entry in self.entries:
            for permission in entry.package.permissions:
                if permission in owners:
                    raise ValueError(
                        f"{permission} is owned by {owners[permission]} and {entry.package.name}"
                    )
                owners[permission] = entry.package.name
        return owners


def _pages_of(name: str) -> Pages | None:
    module_name = f"classroom.web.{name}.package"
    if importlib.util.find_spec(f"classroom.web.{name}") is None:
        return None
    pages: Pages = importlib.import_module(module_name).PAGES
    return pages


@functools.cache
def registry() -> Registry:
    """Import every listed package once and install its message catalogue."""
    from classroom.web.package import PAGES as SHELL

    i18n.register("core", CORE_MESSAGES)
    i18n.register("web", SHELL.messages)
    entries = []
    for path in PACKAGES:
        package: Package = importlib.import_module(f"{path}.package").PACKAGE
        pages = _pages_of(package.name)
        i18n.register(package.name, package.messages)
        if pages is not None:
            i18n.register(f"web.{package.name}", pages.messages)
        entries.append(Registered(path, package, pages))
    built = Registry(tuple(entries), SHELL)
    built.permission_owners()  # refuse a permission claimed twice at start, not at first use
    return built
