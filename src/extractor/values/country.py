"""Countries in Spanish (and English) text: names, aliases and demonyms -> ISO 3166-1 alpha-2.

Name lists come from babel (Spanish locales) and pycountry (English); the Spanish extras that no
library has (``EE. UU.``, ``Holanda``, demonyms, names that are also common words) are data in
``models/gazetteer/countries_es.json``.

This module also holds the small phrase matcher shared by the department and organisation
finders: text is folded (accents stripped, lower case, *same length*) and cut into word tokens;
phrases live in a token trie, so one pass over the tokens finds the longest phrase at each
position with word boundaries for free. Punctuation between tokens is ignored (within limits),
which makes ``EE. UU.``, ``OIT / CINTERFOR`` and ``Bogotá, D.C.`` match their entries.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import Any, Generic, TypeVar

from extractor.values._data import load_json, memoised, table

__all__ = [
    "CountryMatch",
    "Phrase",
    "PhraseTrie",
    "Tokens",
    "country_at",
    "country_code",
    "country_name",
    "find_countries",
    "fold",
    "hit_span",
    "key",
    "n_variants",
    "tokenise",
]

COUNTRIES_FILE = "gazetteer/countries_es.json"

# --------------------------------------------------------------------------------------------
# Folding and tokens (shared with department.py and organisation.py)
# --------------------------------------------------------------------------------------------


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    ranges = [(0x00C0, 0x0250), (0x1E00, 0x1F00)]
    for lo, hi in ranges:
        for cp in range(lo, hi):
            char = chr(cp)
            if char in "ñÑ":  # a letter of its own in Spanish (año/ano), not an accented n
                continue
            base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
            if len(base) == 1 and base != char:
                table[cp] = base
    table[0x0130] = "I"  # 'İ'.lower() would grow to two characters
    for dash in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212":
        table[ord(dash)] = "-"
    for quote in "\u2018\u2019\u201b\u00b4":
        table[ord(quote)] = "'"
    for space in "\u00a0\u2007\u202f\u2009\u200a":
        table[ord(space)] = " "
    return table


_FOLD_TABLE = _build_fold_table()
_FOLD_CHARS = {chr(cp): folded for cp, folded in _FOLD_TABLE.items()}
# Only non-ASCII characters fold: substituting just those is much cheaper than ``str.translate``,
# which looks every character up once the text holds one non-ASCII character.
_FOLDABLE = re.compile("[" + re.escape("".join(sorted(_FOLD_CHARS))) + "]")


def _fold_char(match: re.Match[str]) -> str:
    return _FOLD_CHARS[match.group()]


def fold_case_kept(text: str) -> str:
    """Accents stripped (``ñ`` kept), case kept, same length as ``text``."""
    if text.isascii():
        return text
    return _FOLDABLE.sub(_fold_char, text)


def fold(text: str) -> str:
    """Accents stripped (``ñ`` kept) and lower case, *same length* as ``text`` so offsets hold."""
    out = fold_case_kept(text).lower()
    if len(out) == len(text):
        return out
    # Rare characters whose lower case grows: fold one by one, keeping the first character.
    return "".join((fold_case_kept(c).lower() or c)[0] for c in text)


_TOKEN = re.compile(r"\w+")
_TOKEN_AND_GAPS = re.compile(r"(\w+)")  # split keeps the tokens between the gaps
# Characters allowed between the tokens of one phrase: spaces and the punctuation of
# abbreviations and compound names; anything else (brackets, colons, quotes) ends a phrase.
_GAP = re.compile(r"[\s.,\-/&'·]{0,4}")


@dataclass(frozen=True, slots=True)
class Tokens:
    """A text cut into word tokens: original, folded and lower-case tokens with offsets."""

    text: str
    spans: tuple[tuple[int, int], ...]
    lower: tuple[str, ...]  # folded + lower case, for trie look-ups
    joinable: tuple[bool, ...]  # joinable[i]: token i and i+1 may belong to one phrase
    folded_cased: str = ""  # fold_case_kept(text), same length: folded once, sliced per token
    folded: str = ""  # fold(text), the string the tokens were cut from

    def cased(self, i: int) -> str:
        """Token i with accents folded but case kept (for acronyms and capitalisation checks)."""
        start, end = self.spans[i]
        if len(self.folded_cased) == len(self.text):
            return self.folded_cased[start:end]
        return fold_case_kept(self.text[start:end])

    def __len__(self) -> int:
        return len(self.spans)

    def within(self, start: int, end: int) -> Tokens | None:
        """``tokenise(self.text[start:end])``, cut from these tokens instead of tokenising again (a clause
        of an item's text). None when the cut would differ: a token crosses a bound, or the piece folds
        differently on its own (case folding can depend on context, as for a final sigma)."""
        if len(self.folded) != len(self.text):
            return None     # built without its folded text
        spans = self.spans
        first = bisect_left(spans, start, key=_span_start)
        stop = bisect_left(spans, end, key=_span_start)
        if (first > 0 and spans[first - 1][1] > start) or (stop > 0 and spans[stop - 1][1] > end):
            return None
        text = self.text[start:end]
        cased = self.folded_cased[start:end]
        folded = cased.lower()
        if folded != self.folded[start:end]:
            return None
        joinable = self.joinable[first : stop - 1] + (False,) if stop > first else (False,)
        return Tokens(text, tuple([(a - start, b - start) for a, b in spans[first:stop]]), self.lower[first:stop],
                      joinable, cased, folded)


def _span_start(span: tuple[int, int]) -> int:
    return span[0]


@lru_cache(maxsize=1024)
def tokenise(text: str) -> Tokens:
    """Tokens of ``text``. Cached, and large enough to hold one item's texts: the finders run over the
    same item text (and its partners' names, its clauses) several times, interleaved."""
    cased = fold_case_kept(text)
    folded = cased.lower()
    if len(folded) != len(text):
        folded = fold(text)
    # One split gives gap, token, gap, …, token, gap; their running lengths are the tokens' offsets
    # (no match object per token).
    parts = _TOKEN_AND_GAPS.split(folded)
    bounds = list(accumulate(map(len, parts)))  # bounds[2k] = start of token k, bounds[2k + 1] = its end
    # parts[2k + 2] follows token k; folded, so dashes, quotes and odd spaces are unified.
    joinable = tuple(map(_gap_ok, parts[2:-1:2]))
    return Tokens(text, tuple(zip(bounds[0::2], bounds[1::2])), tuple(parts[1::2]), joinable + (False,), cased,
                  folded)


@lru_cache(maxsize=4096)
def _gap_ok(gap: str) -> bool:
    return _GAP.fullmatch(gap) is not None and gap.count("\n") <= 1


def key(text: str) -> tuple[str, ...]:
    """The folded token sequence of a phrase: the trie key, and a normalised lookup key."""
    return tuple(_TOKEN.findall(fold(text)))


P = TypeVar("P")


@dataclass(frozen=True, slots=True)
class Phrase(Generic[P]):
    """One surface form in a trie: what it means, and how strictly it must match."""

    payload: P
    surface: str
    cased: tuple[str, ...] | None = None  # exact (accent-folded) tokens when case matters
    capitalised: bool = False  # first letter must be upper case in the text


@dataclass(frozen=True, slots=True)
class Hit(Generic[P]):
    first: int  # token indices, inclusive
    last: int
    phrase: Phrase[P]


_END = ""  # trie key of the phrase list at a node (tokens are never empty)


class PhraseTrie(Generic[P]):
    """Token trie of phrases; ``scan`` returns the longest accepted phrase at each position."""

    def __init__(self) -> None:
        self._root: dict[str, Any] = {}
        self.size = 0

    def add(self, phrase: Phrase[P]) -> None:
        tokens = key(phrase.surface)
        if not tokens:
            return
        node = self._root
        for token in tokens:
            node = node.setdefault(token, {})
        bucket: list[Phrase[P]] = node.setdefault(_END, [])
        if phrase not in bucket:
            bucket.append(phrase)
            self.size += 1

    def scan(
        self,
        toks: Tokens,
        accept: Callable[[Tokens, int, int, Phrase[P]], bool] | None = None,
    ) -> list[Hit[P]]:
        """Leftmost-longest, non-overlapping hits; ``accept`` can veto a candidate by context."""
        hits: list[Hit[P]] = []
        root, lower, joinable, n = self._root, toks.lower, toks.joinable, len(toks)
        if root.keys().isdisjoint(lower):
            return hits
        after = 0  # tokens before this index are inside an earlier hit
        # Only tokens that begin some phrase can start a hit: most tokens are skipped by one set test.
        for i in [k for k, token in enumerate(lower) if token in root]:
            if i < after:
                continue
            node = root[lower[i]]
            if _END not in node and not (joinable[i] and i + 1 < n and lower[i + 1] in node):
                continue  # "el", "la" begin phrases only with the right next token: not here
            best = self.match_at(toks, i, accept)
            if best is not None:
                hits.append(best)
                after = best.last + 1
        return hits

    def spelled_at(self, toks: Tokens) -> list[int]:
        """Indices of the tokens where some phrase's tokens follow one another (context, case and
        ``accept`` aside): a necessary condition of a hit there, in ``toks`` or in any ``toks.within``."""
        root, lower, joinable, n = self._root, toks.lower, toks.joinable, len(toks)
        starts: list[int] = []
        if root.keys().isdisjoint(lower):
            return starts
        for i in [k for k, token in enumerate(lower) if token in root]:
            node, j = root[lower[i]], i
            while _END not in node and joinable[j] and j + 1 < n:
                j += 1
                node = node.get(lower[j])
                if node is None:
                    break
            if node is not None and _END in node:
                starts.append(i)
        return starts

    def match_at(
        self,
        toks: Tokens,
        i: int,
        accept: Callable[[Tokens, int, int, Phrase[P]], bool] | None = None,
    ) -> Hit[P] | None:
        """The longest accepted phrase starting at token ``i``."""
        lower, joinable, n = toks.lower, toks.joinable, len(toks)
        node = self._root.get(lower[i]) if i < n else None
        best: Hit[P] | None = None
        j = i
        while node is not None:
            for phrase in node.get(_END, ()):
                if _shape_ok(toks, i, j, phrase) and (accept is None or accept(toks, i, j, phrase)):
                    best = Hit(i, j, phrase)
                    break
            if not joinable[j] or j + 1 >= n:
                break
            j += 1
            node = node.get(lower[j])
        return best


def hit_span(toks: Tokens, hit: Hit[Any]) -> tuple[int, int]:
    """Character span of a hit; a final abbreviation dot is kept ("EE. UU.", "D.C.")."""
    start, end = toks.spans[hit.first][0], toks.spans[hit.last][1]
    if hit.phrase.surface.endswith(".") and toks.text[end : end + 1] == ".":
        end += 1
    return start, end


def _shape_ok(toks: Tokens, i: int, j: int, phrase: Phrase[Any]) -> bool:
    cased = phrase.cased
    if cased is not None:
        # Token by token, stopping at the first difference (same answer as comparing whole tuples).
        return len(cased) == j - i + 1 and all(toks.cased(k) == want for k, want in zip(range(i, j + 1), cased))
    if phrase.capitalised:
        return toks.text[toks.spans[i][0]].isupper()
    return True


def is_acronym_like(surface: str) -> bool:
    """No lower-case letter (``EEUU``, ``EE. UU.``, ``GIZ``): such forms match case-sensitively."""
    letters = [c for c in surface if c.isalpha()]
    return bool(letters) and not any(c.islower() for c in letters)


def cased_key(surface: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(fold_case_kept(surface)))


def n_variants(surface: str) -> list[str]:
    """The surface and, if it has ``ñ``, its ``n`` spelling (text typed without the tilde)."""
    plain = surface.replace("ñ", "n").replace("Ñ", "N")
    return [surface] if plain == surface else [surface, plain]


# --------------------------------------------------------------------------------------------
# Countries
# --------------------------------------------------------------------------------------------

VIA_NAME = "name"
VIA_ALIAS = "alias"
VIA_DEMONYM = "demonym"
VIA_AMBIGUOUS = "ambiguous"


@dataclass(frozen=True, slots=True)
class CountryMatch:
    code: str  # ISO 3166-1 alpha-2
    start: int
    end: int
    surface: str
    via: str  # name | alias | demonym | ambiguous


@dataclass(frozen=True, slots=True)
class _CountryInfo:
    code: str
    via: str
    language: bool = False  # a demonym that is also a language name (``portugués``)
    masc_singular: bool = False


def _data() -> dict[str, Any]:
    return load_json(COUNTRIES_FILE)


def _iso_codes() -> set[str]:
    import pycountry

    return {c.alpha_2 for c in pycountry.countries}


def _strip_parenthetical(name: str) -> list[str]:
    """``Myanmar (Birmania)`` -> [``Myanmar``, ``Birmania``]."""
    match = re.fullmatch(r"(.*?)\s*\((.*)\)\s*", name)
    if not match:
        return [name]
    return [match.group(1), match.group(2)]


@table
def _names() -> dict[str, list[tuple[str, str]]]:
    """Code -> [(surface, via)] of every name form, before blocking."""
    import pycountry
    from babel import Locale

    data = _data()
    codes = _iso_codes()
    out: dict[str, list[tuple[str, str]]] = {c: [] for c in codes}
    babel_names = [
        (code, name)
        for locale in data.get("babel_locales", ["es"])
        for code, name in Locale.parse(locale).territories.items()
        if code in codes
    ]
    outer = {key(_strip_parenthetical(n)[0]): c for c, n in babel_names}
    for code, name in babel_names:
        first, *inner = _strip_parenthetical(name)
        out[code].append((first, VIA_NAME))
        # "Myanmar (Birmania)" adds Birmania; "RAE de Hong Kong (China)" must not add China.
        out[code].extend((p, VIA_NAME) for p in inner if outer.get(key(p), code) == code)
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            name = getattr(country, attr, None)
            if name and "," not in name and "(" not in name:
                out[country.alpha_2].append((name, VIA_NAME))
    for code, aliases in data["aliases"].items():
        out[code].extend((a, VIA_ALIAS) for a in aliases)
    return out


def inflect(base: str) -> list[str]:
    """Gender and number forms of a Spanish demonym given in masculine singular."""
    plain = unicodedata.normalize("NFC", base)
    stem_map = {"án": "an", "és": "es", "ón": "on", "ín": "in"}
    for ending, stem in stem_map.items():
        if plain.endswith(ending):
            root = plain[: -len(ending)] + stem
            return [plain, root + "a", root + "es", root + "as"]
    last = plain[-1]
    if last == "o":
        return [plain, plain[:-1] + "a", plain + "s", plain[:-1] + "as"]
    if last in "ea":
        return [plain, plain + "s"]
    if last in "íú":
        return [plain, plain + "es", plain + "s"]
    if last in "lrz":
        return [plain, plain + "a", plain + "es", plain + "as"]
    return [plain]


@table
def _country_trie() -> PhraseTrie[_CountryInfo]:
    data = _data()
    blocked = {key(b) for b in data["blocked"]}
    ambiguous = {key(a) for a in data["ambiguous"]}
    trie: PhraseTrie[_CountryInfo] = PhraseTrie()
    for code, forms in _names().items():
        for surface, via in forms:
            for variant in n_variants(surface):
                k = key(variant)
                if k in blocked:
                    continue
                info = _CountryInfo(code, VIA_AMBIGUOUS if k in ambiguous else via)
                trie.add(_phrase_for(info, variant))
    languages = {key(w) for w in data["language_demonyms"]}
    masc_only_language = {key(w) for w in data["language_only"]}
    for code, bases in data["demonyms"].items():
        for base in bases:
            is_language = key(base) in languages
            for n, form in enumerate(inflect(base)):
                if n == 0 and key(form) in masc_only_language:
                    continue
                for variant in n_variants(form):
                    info = _CountryInfo(code, VIA_DEMONYM, is_language, n == 0)
                    trie.add(Phrase(info, variant))
    return trie


def _phrase_for(info: _CountryInfo, surface: str) -> Phrase[_CountryInfo]:
    # Spanish writes country names with a capital: "chile", "malta", "cuba" in lower case are
    # words (chili, malt drink, tub). Abbreviations (EE. UU.) must match their exact case.
    if is_acronym_like(surface):
        return Phrase(info, surface, cased=cased_key(surface))
    return Phrase(info, surface, capitalised=True)


@table
def _language_cues() -> tuple[frozenset[str], frozenset[str]]:
    cues = _data()["language_cues"]
    return frozenset(cues["any_form"]), frozenset(cues["masculine_singular"])


def _accept_country(toks: Tokens, i: int, j: int, phrase: Phrase[_CountryInfo]) -> bool:
    info = phrase.payload
    if not info.language or i == 0:
        return True
    prev = toks.lower[i - 1]
    any_form, masc = _language_cues()
    if prev in any_form:  # "idioma portugués", "lengua inglesa"
        return False
    return not (info.masc_singular and prev in masc)  # "curso de francés", "en alemán"


def country_at(toks: Tokens, i: int) -> CountryMatch | None:
    """The country mention starting exactly at token ``i`` (ambiguous names excluded)."""
    hit = _country_trie().match_at(toks, i, _accept_country)
    if hit is None or hit.phrase.payload.via == VIA_AMBIGUOUS:
        return None
    start, end = hit_span(toks, hit)
    return CountryMatch(hit.phrase.payload.code, start, end, toks.text[start:end], hit.phrase.payload.via)


@memoised()
def find_countries(text: str, *, include_ambiguous: bool = False) -> list[CountryMatch]:
    """Country mentions in ``text``, left to right, longest match at each position.

    ``include_ambiguous`` also returns names listed as ambiguous in the data (``Armenia``, a
    Colombian city; ``Puerto Rico``, also Colombian towns) with ``via="ambiguous"``.
    """
    if not text:
        return []
    toks = tokenise(text)
    out: list[CountryMatch] = []
    for hit in _country_trie().scan(toks, _accept_country):
        info = hit.phrase.payload
        if info.via == VIA_AMBIGUOUS and not include_ambiguous:
            continue
        start, end = hit_span(toks, hit)
        out.append(CountryMatch(info.code, start, end, text[start:end], info.via))
    return out


@table
def _lookup_index() -> dict[tuple[str, ...], str]:
    """Normalised name/alias/demonym -> code for single-name look-ups (nothing blocked here:
    a user typing ``Georgia`` in a filter means the country)."""
    index: dict[tuple[str, ...], str] = {}
    for code, forms in _names().items():
        for surface, _via in forms:
            for variant in n_variants(surface):
                index.setdefault(key(variant), code)
    for code, bases in _data()["demonyms"].items():
        for base in bases:
            for form in inflect(base):
                for variant in n_variants(form):
                    index.setdefault(key(variant), code)
    return index


@lru_cache(maxsize=8192)
def country_code(name: str) -> str | None:
    """ISO alpha-2 of one country name, alias, demonym or code (alpha-2/alpha-3, any case)."""
    import pycountry

    cleaned = name.strip() if name else ""
    if not cleaned:
        return None
    if re.fullmatch(r"[A-Za-z]{2,3}", cleaned):
        attr = "alpha_2" if len(cleaned) == 2 else "alpha_3"
        country = pycountry.countries.get(**{attr: cleaned.upper()})
        if country is not None:
            return country.alpha_2
    code = _lookup_index().get(key(cleaned))
    if code is not None:
        return code
    return _fuzzy_country(cleaned)


@table
def _fuzzy_choices() -> dict[str, str]:
    return {" ".join(k): code for k, code in _lookup_index().items() if len(" ".join(k)) >= 7}


def _fuzzy_country(name: str) -> str | None:
    """Typos in long names only ("Alemaina"); short names are too close to each other."""
    from rapidfuzz import fuzz, process

    query = " ".join(key(name))
    if len(query) < 7:
        return None
    choices = _fuzzy_choices()
    best = process.extractOne(query, choices.keys(), scorer=fuzz.ratio, score_cutoff=90)
    return choices[best[0]] if best else None


def country_name(code: str, lang: str = "es") -> str | None:
    """Display name of an alpha-2 code in ``lang`` (babel), or None for an unknown code."""
    from babel import Locale, UnknownLocaleError

    code = (code or "").strip().upper()
    if code not in _iso_codes():
        return None
    if lang.split("_")[0] == "es":
        preferred = _data().get("preferred_names_es", {}).get(code)
        if preferred:
            return str(preferred)
    try:
        name = Locale.parse(lang).territories.get(code)
    except (UnknownLocaleError, ValueError):
        name = None
    if name:
        return str(name)
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    return country.name if country else None


def iter_country_names(code: str) -> Iterator[str]:
    """All known surfaces of one country (names, aliases), for building other matchers."""
    yield from (surface for surface, _via in _names().get(code.upper(), []))


def demonym_forms(code: str) -> Iterable[str]:
    for base in _data()["demonyms"].get(code.upper(), []):
        yield from inflect(base)
