"""Norwegian text rules for matching and sorting, independent of the OS locale."""

from __future__ import annotations

import unicodedata

_OWN_LETTERS = {"æ", "ø", "å"}
# Swedish/German forms sort with the Norwegian letters; ü sorts as y.
_AS_NORWEGIAN = str.maketrans({"ä": "æ", "ö": "ø", "ü": "y"})
# æ, ø, å come after z.
_AFTER_Z = str.maketrans({"æ": "{1", "ø": "{2", "å": "{3"})


def fold(text: str) -> str:
    """Case- and accent-insensitive form ("Gáivuotna" ~ "gaivuotna", "Åse" ~ "åse").

    æ, ø and å are letters of their own in Norwegian and are kept.
    """
    out = []
    for ch in text.casefold().translate(_AS_NORWEGIAN):
        if ch in _OWN_LETTERS:
            out.append(ch)
            continue
        decomposed = unicodedata.normalize("NFD", ch)
        out.append("".join(c for c in decomposed if not unicodedata.combining(c)))
    return "".join(out)


def sort_key(text: str) -> str:
    """Norwegian alphabetical order: "Áilu" with A, "Ærlig" after "Zahl", "Åse" last."""
    return fold(text).translate(_AFTER_Z)
