"""Access-walker example bodies for institutions, accounts and the shell pages (see bodies.py)."""

from __future__ import annotations

from tests.access.bodies import register_body
from tests.factories.accounts import PASSWORD

NEW_PASSWORD = "walker-new-pass-2026"
ROSTER = "이름,이메일\n박점검,walker-roster@hanbit.example\n".encode()


def _institution(code: str) -> dict[str, str]:
    return {
        "code": code,
        "name": "접근점검직업학교",
        "admin_email": f"admin@{code}.example",
        "admin_name": "최점검",
    }


register_body("POST /api/v1/institutions", lambda s, app, w: _institution("walker-api"))
register_body("POST /institutions", lambda s, app, w: _institution("walker-page"))
register_body("POST /institutions/{institution_id}/active", lambda s, app, w: {"active": "0"})

register_body(
    "POST /api/v1/me/password", lambda s, app, w: {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
)
register_body(
    "POST /account/password",
    lambda s, app, w: {
        "current_password": PASSWORD,
        "new_password": NEW_PASSWORD,
        "new_password_confirm": NEW_PASSWORD,
    },
)
register_body("POST /account/locale", lambda s, app, w: {"locale": "en"})
register_body("POST /lang", lambda s, app, w: {"lang": "en", "next": "/home"})

_new_user = {"name": "박점검", "email": "walker-new@hanbit.example", "role": "trainee"}
register_body("POST /api/v1/users", lambda s, app, w: dict(_new_user))
register_body("POST /users", lambda s, app, w: dict(_new_user))
register_body("POST /api/v1/users/import", lambda s, app, w: {"file": ("명단.csv", ROSTER, "text/csv")})
register_body("POST /users/import", lambda s, app, w: {"file": ("명단.csv", ROSTER, "text/csv")})
register_body("POST /users/{user_id}/active", lambda s, app, w: {"active": "0"})

_sign_in = {"email": "admin@hanbit.example", "password": PASSWORD, "institution": "hanbit"}
register_body("POST /login", lambda s, app, w: dict(_sign_in))
register_body(
    "POST /api/v1/auth/token",
    lambda s, app, w: {"username": "admin@hanbit.example", "password": PASSWORD, "institution": "hanbit"},
)
register_body(
    "PATCH /api/v1/institutions/{institution_id}", lambda s, app, w: {"name": "한빛직업전문학교 본원"}
)
register_body("PATCH /api/v1/me", lambda s, app, w: {"locale": "en", "name": "김점검"})
register_body("PATCH /api/v1/users/{user_id}", lambda s, app, w: {"name": "이점검"})
