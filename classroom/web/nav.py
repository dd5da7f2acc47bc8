"""Navigation and home-page panels, extended by each domain's pages module."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from classroom.core.tenancy import Principal, Role


@dataclass(frozen=True)
class NavItem:
    href: str
    label_key: str
    permission: str
    roles: tuple[Role, ...] = ()  # empty: every role holding the permission
    order: int = 50


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any]
    order: int = 50


PanelProvider = Callable[[Session, Principal, Any], Panel | None]

NAV: list[NavItem] = []
HOME_PANELS: dict[Role, list[PanelProvider]] = {role: [] for role in Role}


def add_nav(item: NavItem) -> None:
    if item not in NAV:
        NAV.append(item)


def add_panel(provider: PanelProvider, *roles: Role) -> None:
    for role in roles:
        if provider not in HOME_PANELS[role]:
            HOME_PANELS[role].append(provider)


def nav_for(principal: Principal | None) -> list[NavItem]:
    if principal is None:
        return []
    items = [i for i in NAV if principal.can(i.permission) and (not i.roles or principal.role in i.roles)]
    return sorted(items, key=lambda i: i.order)


def panels_for(session: Session, principal: Principal, request: Any) -> list[Panel]:
    panels = [p for provider in HOME_PANELS[principal.role] if (p := provider(session, principal, request))]
    return sorted(panels, key=lambda p: p.order)
