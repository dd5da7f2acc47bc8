"""Navigation entries and home-page panels; packages declare theirs in `web/<name>/package.py`."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter
from sqlmodel import Session

from classroom.core.permissions import Permission
from classroom.core.tenancy import Principal, Role


@dataclass(frozen=True)
class NavItem:
    href: str
    label_key: str
    permission: Permission
    roles: tuple[Role, ...] = ()  # empty: every role holding the permission
    order: int = 50


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any]
    order: int = 50


PanelProvider = Callable[[Session, Principal, Any], Panel | None]


@dataclass(frozen=True)
class HomePanel:
    provider: PanelProvider
    roles: tuple[Role, ...]


@dataclass(frozen=True)
class Pages:
    """What a package adds to the web layer: page routers, menu entries, home panels, labels."""

    routers: tuple[APIRouter, ...] = ()
    nav: tuple[NavItem, ...] = ()
    panels: tuple[HomePanel, ...] = ()
    messages: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Navigation:
    """Every package's menu entries and panels, assembled once by the composition root."""

    items: tuple[NavItem, ...] = ()
    panels: tuple[HomePanel, ...] = ()

    @classmethod
    def of(cls, pages: Sequence[Pages]) -> Navigation:
        return cls(
            tuple(item for p in pages for item in p.nav), tuple(panel for p in pages for panel in p.panels)
        )

    def nav_for(self, principal: Principal | None) -> list[NavItem]:
        if principal is None:
            return []
        items = [
            i
            for i in self.items
            if principal.can(i.permission) and (not i.roles or principal.role in i.roles)
        ]
        return sorted(items, key=lambda i: i.order)

    def panels_for(self, session: Session, principal: Principal, request: Any) -> list[Panel]:
        providers = [p.provider for p in self.panels if principal.role in p.roles]
        panels = [panel for provider in providers if (panel := provider(session, principal, request))]
        return sorted(panels, key=lambda p: p.order)
