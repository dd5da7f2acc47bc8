"""Korean particles chosen by how the word before them is read.

Korean picks 은/는, 이/가, 을/를, 과/와 and (으)로 by whether the preceding word ends in a
final consonant (받침) when read aloud: "과정은", "2027-05는" (오), "3월은" (월), "10은" (십).
Messages write the particle as a format spec — ``"{month:은} 이미 마감된 달입니다"`` — and
`with_particle` appends the right one, so no message shows "은(는)".

How the end of a word is read:
- a Hangul syllable: its own final consonant (ㄹ counts as "none" for (으)로: "서울로");
- digits (grouping commas ignored): the Sino-Korean reading of the number's last spoken unit — 1 일, 2 이, … 0s by
  place: 10 십, 100 백, 1000 천, 10⁴–10⁷ 만, 10⁸–10¹¹ 억, 10¹² and up 조; a lone 0 is 영;
- a capital Latin letter is read by its name (L 엘, M 엠, N 엔, R 알 end in a consonant);
  a lower-case word ending in l, m, n, k, p, t, or ng is read with a final consonant;
- "%" reads 퍼센트 (no final consonant);
- closing brackets, quotes and spaces are skipped; anything else (or nothing) gives the
  two-form spelling "은(는)", which is always correct, if less smooth.
"""

from __future__ import annotations

from typing import Final

# particle → (after a final consonant, after a vowel)
PAIRS: Final[dict[str, tuple[str, str]]] = {}
for _with, _without in (("은", "는"), ("이", "가"), ("을", "를"), ("과", "와"), ("으로", "로")):
    PAIRS[_with] = PAIRS[_without] = (_with, _without)
PAIRS["(으)로"] = PAIRS["으로"]
for _key in ("은(는)", "이(가)", "을(를)", "과(와)"):
    PAIRS[_key] = PAIRS[_key[0]]

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_RIEUL = 8  # index of ㄹ among the 27 final consonants (1-based, 0 = none)

# Final consonant index of each digit's reading: 영 일 이 삼 사 오 육 칠 팔 구.
_DIGIT_FINAL: Final = {
    "0": 21,
    "1": _RIEUL,
    "2": 0,
    "3": 16,
    "4": 0,
    "5": 0,
    "6": 1,
    "7": _RIEUL,
    "8": _RIEUL,
    "9": 0,
}
# Readings of the place a run of trailing zeros ends on: 십 백 천 만 억 조.
_SIP, _BAEK, _CHEON, _MAN, _EOK, _JO = 17, 1, 4, 4, 1, 0
_CLOSERS: Final = frozenset(" )]}>'\"’”」』》〉")
_CAPITAL_FINAL: Final = {"L": _RIEUL, "M": 16, "N": 4, "R": _RIEUL}
_LOWER_FINAL: Final = {"l": _RIEUL, "m": 16, "n": 4, "k": 1, "p": 17, "t": 7}


def _zeros_final(zeros: int) -> int:
    if zeros == 1:
        return _SIP
    if zeros == 2:
        return _BAEK
    if zeros == 3:
        return _CHEON
    if zeros <= 7:
        return _MAN
    if zeros <= 11:
        return _EOK
    return _JO


def final_consonant(word: str) -> int | None:
    """Index (1–27) of the final consonant the word ends with when read, 0 for none,
    None when it cannot be told."""
    text = word.rstrip()
    while text and text[-1] in _CLOSERS:
        text = text[:-1]
    if not text:
        return None
    last = text[-1]
    code = ord(last)
    if _HANGUL_FIRST <= code <= _HANGUL_LAST:
        return (code - _HANGUL_FIRST) % 28
    if last.isascii() and last.isdigit():
        run = len(text) - len(text.rstrip("0123456789,"))
        digits = text[len(text) - run :].replace(",", "")  # "5,200,000,000" reads 52억
        stripped = digits.rstrip("0")
        zeros = len(digits) - len(stripped)
        if zeros == 0:
            return _DIGIT_FINAL[last]
        if not stripped:  # all zeros: "0" reads 영
            return _DIGIT_FINAL["0"]
        return _zeros_final(zeros)
    if last == "%":  # 퍼센트
        return 0
    if "A" <= last <= "Z":
        if len(text) >= 2 and text[-2].islower():  # "GitHub"-like words: read as a word
            return _LOWER_FINAL.get(last.lower(), 0)
        return _CAPITAL_FINAL.get(last, 0)
    if "a" <= last <= "z":
        if text.endswith("ng"):
            return 21
        return _LOWER_FINAL.get(last, 0)
    return None


def particle(word: str, which: str) -> str:
    """The form of particle `which` (either spelling, e.g. "은" or "는") that follows `word`."""
    with_final, without_final = PAIRS[which]
    final = final_consonant(word)
    if final is None:
        if with_final == "으로":
            return "(으)로"
        return f"{with_final}({without_final})"
    if with_final == "으로":
        return "로" if final in (0, _RIEUL) else "으로"
    return with_final if final else without_final


def with_particle(word: object, which: str) -> str:
    text = str(word)
    return text + particle(text, which)
