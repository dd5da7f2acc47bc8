"""The six roles of the programme (DOMAIN.md "Parties"); their labels live in the core catalogue."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    OPERATOR = "operator"
    INSPECTOR = "inspector"
    INSTITUTION_ADMIN = "institution_admin"
    INSTRUCTOR = "instructor"
    SUPERVISOR = "supervisor"
    TRAINEE = "trainee"

    @property
    def cross_tenant(self) -> bool:
        return self in (Role.OPERATOR, Role.INSPECTOR)

    @property
    def label_key(self) -> str:
        return f"role.{self.value}"


INSTITUTION_ROLES = (Role.INSTITUTION_ADMIN, Role.INSTRUCTOR, Role.SUPERVISOR, Role.TRAINEE)
