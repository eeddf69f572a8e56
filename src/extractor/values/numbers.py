"""Spanish cardinal numbers, in digits or in words, with their offsets.

Digits follow Spanish usage: ``.`` or a (narrow/no-break) space groups thousands
("1.200", "1 200") and ``,`` marks decimals ("1,5"). A comma followed by exact groups of
three digits ("12,500") is read as a thousands separator too, since a count of people is
never fractional and Colombian texts often use English grouping. Decimals are not
integers and are never returned, except when a multiplier makes them whole
("1,5 millones"). Words are read by text2num; the vocabulary of number words lives in
``models/vocab/counts_es.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from text_to_num import text2num

from ._data import fold, load_json, memoised, table

VOCAB = "vocab/counts_es.json"

_DIGITS = re.compile(
    r"(?<![\w.,/])"
    r"(?P<int>\d{1,3}(?:\.\d{3})+(?!\d)"
    r"|\d{1,3}(?:[\u00a0\u202f\u2009 ]\d{3})+(?!\d)"
    r"|\d{1,3}(?:,\d{3})+(?![\d])"
    r"|\d+)"
    r"(?P<dec>[.,]\d+)?"
)
_ORDINAL_MARK = re.compile(r"\.?\s?[º°ª]|\.?(?:er|ro|do|to|vo|no|mo)\b")
_WORD = re.compile(r"[^\W\d_]+")
_MULTIPLIER = re.compile(r"\s+(?P<m>mil|millones|millon)\b")
_GROUPING = re.compile(r"[.,\s\u00a0\u202f\u2009]")  # thousands separators (and a decimal mark)


@dataclass(frozen=True)
class NumberMatch:
    """A cardinal number found in a text; ``text[start:end]`` is how it was written."""

    value: int
    start: int
    end: int
    kind: Literal["digits", "words"]


@table
def _vocab() -> tuple[dict[str, str], dict[str, int], dict[str, int]]:
    data = load_json(VOCAB)
    aliases = data.get("number_word_aliases", {})
    words = {fold(w): aliases.get(w, w) for w in data["number_words"]}
    words[fold(data.get("number_word_connector", "y"))] = data.get("number_word_connector", "y")
    multipliers = {fold(k): int(v) for k, v in data["multipliers"].items()}
    collectives = {fold(k): int(v) for k, v in data.get("collective_numbers", {}).items()}
    return words, multipliers, collectives


def _digits_value(integer: str, decimal: str | None) -> float | None:
    """Value of a digit token, or None when it cannot be a Spanish number."""
    if "," in integer and decimal:
        return None  # "1,200,5" style
    clean = _GROUPING.sub("", integer) if not integer.isdigit() else integer
    if not decimal:
        return int(clean)
    # "1,5" (Spanish) or "1.5" (English): a decimal either way.
    return float(f"{clean}.{decimal[1:]}")


def _find_digit_numbers(text: str, folded: str) -> list[NumberMatch]:
    found: list[NumberMatch] = []
    for m in _DIGITS.finditer(text):
        if m.end() < len(text) and (text[m.end()].isalnum() or text[m.end()] == "_"):
            continue  # "3er", "2026a", digits glued to letters
        if _ORDINAL_MARK.match(folded, m.end()):
            continue  # "1.º", "2°"
        value = _digits_value(m.group("int"), m.group("dec"))
        if value is None:
            continue
        end = m.end()
        mult = _MULTIPLIER.match(folded, end)
        if mult:
            value *= _vocab()[1][mult.group("m")]
            end = mult.end()
        if value != int(value):
            continue  # a decimal is never a count
        found.append(NumberMatch(int(value), m.start(), end, "digits"))
    return found


def _parse_words(words: list[str]) -> int | None:
    vocab = _vocab()[0]
    if not words or words[-1] == "y" or words[0] in ("y", "millones"):
        return None
    try:
        return int(text2num(" ".join(vocab[w] for w in words), "es"))
    except (ValueError, KeyError):
        return None


def _find_word_numbers(folded: str) -> list[NumberMatch]:
    vocab, _, collectives = _vocab()
    tokens = list(_WORD.finditer(folded))
    words = [t.group() for t in tokens]
    found: list[NumberMatch] = []
    after = 0  # tokens before this index are read (or rejected) already
    # Only a number word can start a run: the other tokens are skipped by one set test each.
    for i in [k for k, word in enumerate(words) if word in vocab]:
        if i < after:
            continue
        # A run: consecutive number words separated by whitespace only.
        j = i + 1
        while (
            j < len(tokens)
            and words[j] in vocab
            and folded[tokens[j - 1].end() : tokens[j].start()].isspace()
        ):
            j += 1
        run = words[i:j]
        after = i + 1
        if run[0] == "ciento" and folded[max(0, tokens[i].start() - 4) : tokens[i].start()] == "por ":
            continue  # "por ciento" is a percent sign, not 100
        for k in range(len(run), 0, -1):  # longest parseable prefix
            value = _parse_words(run[:k])
            if value is not None:
                end_tok = i + k - 1
                end = tokens[end_tok].end()
                nxt = end_tok + 1
                if (
                    nxt < len(tokens)
                    and tokens[nxt].group() in collectives
                    and folded[end : tokens[nxt].start()].isspace()
                ):
                    value *= collectives[tokens[nxt].group()]
                    end = tokens[nxt].end()
                    k += 1
                found.append(NumberMatch(value, tokens[i].start(), end, "words"))
                after = i + k
                break
    return found


@memoised()
def find_numbers(text: str) -> list[NumberMatch]:
    """Every integer cardinal in ``text`` (digits or Spanish words), sorted by offset."""
    folded = fold(text)
    digits = _find_digit_numbers(text, folded)
    # "30 mil": the multiplier word belongs to the digits, not a number of its own.
    words = [
        w for w in _find_word_numbers(folded)
        if not any(d.start < w.end and w.start < d.end for d in digits)
    ]
    return sorted(digits + words, key=lambda n: (n.start, -n.end))


def parse_number(text: str) -> int | None:
    """The integer ``text`` spells as a whole ("1.200", "1 200", "ciento setenta",
    "una docena"), or None (decimals, mixed text, empty)."""
    stripped = text.strip()
    if not stripped:
        return None
    matches = find_numbers(stripped)
    if len(matches) == 1 and matches[0].start == 0 and matches[0].end == len(stripped):
        return matches[0].value
    return None
