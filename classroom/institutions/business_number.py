"""Korean business registration numbers (사업자등록번호): ten digits, the last a check digit.

Written ``123-45-67890`` (3-2-5). The check digit: multiply the first nine digits by
1, 3, 7, 1, 3, 7, 1, 3, 5, add the products and the tens digit of (9th digit × 5), and take
(10 − sum mod 10) mod 10. Hyphens and spaces are accepted when typed; the number is stored in
the 3-2-5 form.
"""

from __future__ import annotations

_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def check_digit(first_nine: str) -> int:
    digits = [int(c) for c in first_nine]
    if len(digits) != 9:
        raise ValueError("nine digits expected")
    total = sum(d * w for d, w in zip(digits, _WEIGHTS, strict=True)) + (digits[8] * 5) // 10
    return (10 - total % 10) % 10


def normalize_business_number(text: str) -> str:
    """``"1234567890"`` or ``"123-45-67890"`` → ``"123-45-67890"``; ValueError when it is not
    ten ASCII digits (hyphens and spaces aside) or its check digit is wrong."""
    digits = text.replace("-", "").replace(" ", "").strip()
    if len(digits) != 10 or not (digits.isascii() and digits.isdigit()):
        raise ValueError("a business registration number has ten digits")
    if check_digit(digits[:9]) != int(digits[9]):
        raise ValueError("the check digit does not match")
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"
