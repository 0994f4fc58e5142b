"""Norwegian number formatting for reports and charts, without the process locale.

The locale of the machine (often en_US on municipal PCs, or "C" in a frozen app) must
not decide whether a report says 3,4 or 3.4, so the rules are written out here:
decimal comma, a no-break space between thousands and before the per cent sign, the
real minus sign (U+2212) and "–" for a missing value.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "MINUS",
    "MISSING",
    "NBSP",
    "format_n",
    "format_number",
    "format_percent",
]

NBSP = "\u00a0"
MINUS = "\u2212"
MISSING = "–"


def _group_thousands(digits: str) -> str:
    """'1234567' → '1 234 567' with no-break spaces, so a number never breaks a line."""
    parts: list[str] = []
    while len(digits) > 3:
        parts.insert(0, digits[-3:])
        digits = digits[:-3]
    parts.insert(0, digits)
    return NBSP.join(parts)


def format_number(x: float | None, decimals: int = 1) -> str:
    """3.44 → '3,4'; half-up rounding as people round by hand (2.25 → '2,3', not '2,2')."""
    if x is None:
        return MISSING
    if decimals < 0:
        raise ValueError("decimals må være 0 eller mer")
    # repr() gives the shortest decimal that round-trips, so 2.675 rounds as written.
    quantum = Decimal(1).scaleb(-decimals)
    value = Decimal(repr(float(x))).quantize(quantum, rounding=ROUND_HALF_UP)
    negative = value < 0
    text = f"{abs(value):f}"
    whole, _, fraction = text.partition(".")
    out = _group_thousands(whole) + ("," + fraction if fraction else "")
    # -0,0 is printed as 0,0: a rounded-away change is no change.
    if negative and any(ch not in "0," + NBSP for ch in out):
        out = MINUS + out
    return out


def format_percent(share: float | None, decimals: int = 0) -> str:
    """A share 0–1 as '42 %' (no-break space before %, as Norwegian writes it)."""
    if share is None:
        return MISSING
    return f"{format_number(share * 100, decimals)}{NBSP}%"


def format_n(n: int | None, min_n: int = 5) -> str:
    """'n = 42', or 'n < 5' for a suppressed group (None): the exact count stays hidden."""
    if n is None:
        return f"n{NBSP}<{NBSP}{min_n}"
    return f"n{NBSP}={NBSP}{format_number(n, 0)}"
