"""Messages in Korean (default) and English; each domain registers its own catalogue."""

from __future__ import annotations

from collections.abc import Mapping

SUPPORTED = ("ko", "en")
DEFAULT = "ko"

_CATALOG: dict[str, dict[str, str]] = {}


def register(messages: Mapping[str, Mapping[str, str]]) -> None:
    for key, texts in messages.items():
        missing = [lang for lang in SUPPORTED if lang not in texts]
        if missing:
            raise ValueError(f"message {key!r} lacks {missing}")
        _CATALOG[key] = dict(texts)


def t(key: str, lang: str = DEFAULT, /, **params: object) -> str:
    texts = _CATALOG.get(key)
    if texts is None:
        return key
    template = texts.get(lang) or texts[DEFAULT]
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def has(key: str) -> bool:
    return key in _CATALOG


def parse_accept_language(header: str | None) -> str | None:
    """Best supported language of an Accept-Language header, honouring q-values."""
    if not header:
        return None
    choices: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        pieces = part.strip().split(";")
        tag = pieces[0].strip().lower()
        quality = 1.0
        for param in pieces[1:]:
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        base = tag.split("-")[0]
        if base in SUPPORTED and quality > 0:
            choices.append((-quality, index, base))
    if not choices:
        return None
    return sorted(choices)[0][2]


def choose(user_locale: str | None, cookie: str | None, accept_language: str | None) -> str:
    """The user's own setting wins, then an explicit choice on the page, then the browser."""
    for candidate in (user_locale, cookie):
        if candidate in SUPPORTED:
            return candidate
    return parse_accept_language(accept_language) or DEFAULT


register(
    {
        "error.not_found": {"ko": "요청한 항목을 찾을 수 없습니다.", "en": "The requested item was not found."},
        "error.route_not_found": {"ko": "없는 주소입니다.", "en": "No such address."},
        "error.method_not_allowed": {"ko": "허용되지 않는 요청 방식입니다.", "en": "Method not allowed."},
        "error.unauthenticated": {"ko": "로그인이 필요합니다.", "en": "Please sign in."},
        "error.forbidden": {"ko": "이 작업을 할 권한이 없습니다.", "en": "You are not allowed to do this."},
        "error.validation": {"ko": "입력값을 확인해 주세요.", "en": "Please check the input."},
        "error.csrf": {
            "ko": "보안 토큰이 없거나 만료되었습니다. 페이지를 새로 고친 뒤 다시 시도해 주세요.",
            "en": "Security token missing or expired. Reload the page and try again.",
        },
        "error.internal": {
            "ko": "서버 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.",
            "en": "Internal error. Please try again later.",
        },
        "error.too_large": {"ko": "파일이 너무 큽니다 (최대 {limit}).", "en": "The file is too large (max {limit})."},
        "field.required": {"ko": "필수 항목입니다.", "en": "This field is required."},
        "field.invalid": {"ko": "올바르지 않은 값입니다.", "en": "Invalid value."},
    }
)
