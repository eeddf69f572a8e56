"""Organisations SENA cooperates with: a curated gazetteer, lookup, text matching, implied country.

The gazetteer is data (``models/gazetteer/organisations.json``). Decisions:

* Distinct bodies stay distinct even when related: ``OIT/Cinterfor`` (a centre of the OIT) and
  ``OIT`` are two entries (``parent`` links them); in text, "OIT / CINTERFOR" resolves to the
  centre because the longest phrase wins, a bare "OIT" to the OIT. The same for DANIDA and the
  Danida Fellowship Centre, UNESCO and UNESCO-UNEVOC.
* Acronyms match case-sensitively in text ("GIZ", never "giz"); acronyms of fewer than three
  letters ("BM", "UE") and those flagged ``acronym_in_text: false`` ("ABC") only serve
  ``lookup``. Fuzzy matching never applies to acronyms or short names, and never crosses countries
  ("Embajada de Suiza" is not "Embajada de Suecia").
* A generic name qualified by another country ("Ministerio de Relaciones Exteriores de Chile")
  is not the Colombian entry of that name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from extractor.values._data import load_json, table
from extractor.values.country import (
    Phrase,
    PhraseTrie,
    Tokens,
    cased_key,
    country_at,
    find_countries,
    hit_span,
    is_acronym_like,
    key,
    n_variants,
    tokenise,
)

__all__ = [
    "Entry",
    "OrgMatch",
    "OrganisationGazetteer",
    "implied_country",
    "implied_country_from_words",
    "load_gazetteer",
    "normalise_name",
]

ORGANISATIONS_FILE = "gazetteer/organisations.json"
CITIES_FILE = "gazetteer/cities.json"
ENTRY_TYPES = frozenset(
    "embassy cooperation_agency multilateral training_institute university company chamber "
    "government ngo foundation".split()
)
FUZZY_MIN_CHARS = 12
FUZZY_MIN_SCORE = 92
MIN_TEXT_ACRONYM = 3


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    name: str
    acronym: str | None
    aliases: tuple[str, ...]
    country: str | None  # ISO 3166-1 alpha-2 home country; None for multilateral bodies
    type: str
    parent: str | None = None
    acronym_in_text: bool = True

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Entry:
        return cls(
            id=raw["id"],
            name=raw["name"],
            acronym=raw.get("acronym"),
            aliases=tuple(raw.get("aliases", ())),
            country=raw.get("country"),
            type=raw["type"],
            parent=raw.get("parent"),
            acronym_in_text=raw.get("acronym_in_text", True),
        )

    def surfaces(self) -> list[str]:
        """Name, aliases and acronym: every form the entry is known by."""
        forms = [self.name, *self.aliases]
        if self.acronym:
            forms.append(self.acronym)
        return forms


@dataclass(frozen=True, slots=True)
class OrgMatch:
    entry: Entry
    start: int
    end: int
    surface: str


_NAME_WORD = re.compile(r"\w+")


def normalise_name(text: str) -> str:
    """Accents stripped (NFKD), case-folded, punctuation and spaces collapsed to one space."""
    text = text or ""
    if text.isascii():  # nothing to decompose
        return " ".join(_NAME_WORD.findall(text.casefold()))
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(_NAME_WORD.findall(plain))


class OrganisationGazetteer:
    """Entries with an exact index (normalised forms), a fuzzy index (long names) and a trie."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries: tuple[Entry, ...] = tuple(entries)
        self._by_id = {e.id: e for e in self.entries}
        self._exact: dict[str, set[str]] = {}
        for entry in self.entries:
            for form in entry.surfaces():
                self._exact.setdefault(normalise_name(form), set()).add(entry.id)
        # Long names and aliases only: fuzzy matching on acronyms merges distinct bodies.
        self._fuzzy: dict[str, str] = {}
        for entry in self.entries:
            for form in (entry.name, *entry.aliases):
                norm = normalise_name(form)
                if len(norm) >= FUZZY_MIN_CHARS and not is_acronym_like(form):
                    self._fuzzy.setdefault(norm, entry.id)
        # token_sort_ratio sorts both strings' words before comparing: the choices are sorted once here.
        self._fuzzy_names = list(self._fuzzy)
        self._fuzzy_sorted = [_sorted_words(norm) for norm in self._fuzzy_names]
        self._trie = self._build_trie()
        # Extraction asks about the same names and texts again and again: bounded caches per gazetteer.
        self._lookup_cached = lru_cache(maxsize=8192)(self._lookup)
        self._find_cached = lru_cache(maxsize=2048)(lambda text: tuple(self._find_in_text(text)))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OrganisationGazetteer:
        return cls(Entry.from_dict(raw) for raw in data["organisations"])

    def get(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)

    def __len__(self) -> int:
        return len(self.entries)

    # -- phrases and text matching -------------------------------------------------------

    def phrases(self) -> Iterator[tuple[str, str]]:
        """(surface, entry id) of every form used for text matching (e.g. for a PhraseMatcher)."""
        for entry in self.entries:
            for surface, _cased in self._text_forms(entry):
                yield surface, entry.id

    @staticmethod
    def _text_forms(entry: Entry) -> Iterator[tuple[str, bool]]:
        """(surface, case-sensitive?) pairs matched in running text."""
        for form in (entry.name, *entry.aliases):
            letters = sum(c.isalpha() for c in form)
            if is_acronym_like(form):
                if letters >= MIN_TEXT_ACRONYM:
                    yield form, True
            else:
                yield form, False
        acronym = entry.acronym
        if acronym and entry.acronym_in_text and sum(c.isalpha() for c in acronym) >= MIN_TEXT_ACRONYM:
            yield acronym, True

    def _build_trie(self) -> PhraseTrie[Entry]:
        trie: PhraseTrie[Entry] = PhraseTrie()
        for entry in self.entries:
            for surface, cased in self._text_forms(entry):
                for variant in n_variants(surface):
                    trie.add(Phrase(entry, variant, cased=cased_key(variant) if cased else None))
        return trie

    def find_in_text(self, text: str) -> list[OrgMatch]:
        """Gazetteer organisations named in ``text``, left to right, longest match first."""
        return list(self._find_cached(text))

    def _find_in_text(self, text: str) -> list[OrgMatch]:
        if not text:
            return []
        toks = tokenise(text)
        out: list[OrgMatch] = []
        for hit in self._trie.scan(toks, _accept_org):
            start, end = hit_span(toks, hit)
            entry = hit.phrase.payload
            # "Colleges and Institutes Canada (CICan)", "GIZ – Agencia Alemana ...": one mention.
            if out and out[-1].entry.id == entry.id and _JOINER.fullmatch(text[out[-1].end : start]):
                start = out.pop().start
                end = end + 1 if text[end : end + 1] == ")" and "(" in text[start:end] else end
            out.append(OrgMatch(entry, start, end, text[start:end]))
        return out

    # -- single-name lookup ----------------------------------------------------------------

    def lookup(self, name_or_acronym: str) -> Entry | None:
        """The entry a name, alias or acronym denotes, or None when unknown or ambiguous.

        Exact on normalised forms first (acronyms included, any case); then the one entry that
        the text matcher finds covering most of the string ("Agencia ... de Corea – KOICA");
        then fuzzy (token_sort_ratio >= 92) on names of >= 12 characters within one country.
        """
        return self._lookup_cached(name_or_acronym)

    def _lookup(self, name_or_acronym: str) -> Entry | None:
        norm = normalise_name(name_or_acronym)
        if not norm:
            return None
        ids = self._exact.get(norm)
        if ids:
            return self._by_id[next(iter(ids))] if len(ids) == 1 else None
        covered = self._by_coverage(name_or_acronym)
        if covered is not None:
            return covered
        return self._fuzzy_lookup(name_or_acronym, norm)

    def _by_coverage(self, name: str) -> Entry | None:
        """The single entry whose mentions cover >= 60% of the name's letters; a country tag
        of that entry's own country ("... (Japón)") counts as covered."""
        matches = self.find_in_text(name)
        if not matches or len({m.entry.id for m in matches}) != 1:
            return None
        entry = matches[0].entry
        covered = sum(_alnum(m.surface) for m in matches)
        rest = _without_matches(name, matches)
        covered += sum(_alnum(c.surface) for c in find_countries(rest) if c.code == entry.country)
        total = _alnum(name)
        return entry if total and covered / total >= 0.6 else None

    def _fuzzy_lookup(self, name: str, norm: str) -> Entry | None:
        from rapidfuzz import fuzz, process

        if len(norm) < FUZZY_MIN_CHARS or is_acronym_like(name):
            return None
        # ratio of the word-sorted strings is token_sort_ratio (first best choice wins ties, as before).
        best = process.extractOne(
            _sorted_words(norm), self._fuzzy_sorted, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_SCORE
        )
        if best is None:
            return None
        entry = self._by_id[self._fuzzy[self._fuzzy_names[best[2]]]]
        implied = implied_country_from_words(name)
        if implied is not None and implied != entry.country:
            return None  # "Embajada de Suiza" must not become "Embajada de Suecia"
        return entry


def _sorted_words(text: str) -> str:
    return " ".join(sorted(text.split()))


def _alnum(text: str) -> int:
    return sum(c.isalnum() for c in text)


def _without_matches(text: str, matches: list[OrgMatch]) -> str:
    pieces, last = [], 0
    for m in matches:
        pieces.append(text[last : m.start])
        last = m.end
    pieces.append(text[last:])
    return " ".join(pieces)


_JOINER = re.compile(r"\s*[-–—/,:(]?\s*")
_QUALIFIERS = frozenset({"de", "del", "of"})
_ARTICLES = frozenset({"la", "el", "los", "las", "the"})


def _accept_org(toks: Tokens, i: int, j: int, phrase: Phrase[Entry]) -> bool:
    """Reject a national body's name when it is qualified by another country
    ("Ministerio de Relaciones Exteriores de Chile" is not Colombia's)."""
    entry = phrase.payload
    if entry.country is None or phrase.cased is not None:
        return True
    k = j + 1
    if k >= len(toks) or not toks.joinable[j] or toks.lower[k] not in _QUALIFIERS:
        return True
    k += 1
    if k < len(toks) and toks.lower[k] in _ARTICLES:
        k += 1
    found = country_at(toks, k) if k < len(toks) else None
    return found is None or found.code == entry.country


@table
def load_gazetteer() -> OrganisationGazetteer:
    """The packaged gazetteer, built once per process."""
    return OrganisationGazetteer.from_json(load_json(ORGANISATIONS_FILE))


# --------------------------------------------------------------------------------------------
# Implied country of an organisation name
# --------------------------------------------------------------------------------------------

_DIPLOMATIC = re.compile(
    r"^\W*(?:la\s+|el\s+)?(?:embajada|consulado(?:\s+general)?|embassy|consulate|"
    r"delegaci[oó]n|misi[oó]n\s+diplom[aá]tica)\b",
    re.IGNORECASE,
)
_POSTED_IN = re.compile(r"\s(?:en|in)\s", re.IGNORECASE)


def implied_country(name: str, gazetteer: OrganisationGazetteer | None = None) -> str | None:
    """Home country of an organisation: the gazetteer's when known (None for multilateral
    bodies), else what its name implies (see ``implied_country_from_words``)."""
    entry = (gazetteer or load_gazetteer()).lookup(name) if name else None
    if entry is not None:
        return entry.country
    return implied_country_from_words(name)


@lru_cache(maxsize=8192)
def implied_country_from_words(name: str) -> str | None:
    """Country implied by the words of a name, without the gazetteer.

    "Embajada de X [en Y]" -> X; otherwise the first foreign country named or implied by a
    demonym ("Agencia Alemana de...", "Gobierno de Japón"), else a foreign city ("... de
    Tianjin"), else CO when only Colombia is named ("Universidad Nacional de Colombia").
    """
    if not name or not name.strip():
        return None
    diplomatic = _DIPLOMATIC.match(name)
    if diplomatic:
        rest = name[diplomatic.end() :]
        posted = _POSTED_IN.search(rest)
        sending = find_countries(rest[: posted.start()] if posted else rest)
        if sending:
            return sending[0].code
    countries = [c.code for c in find_countries(name)]
    cities = _city_countries(name)
    for code in (*countries, *cities):
        if code != "CO":
            return code
    return "CO" if "CO" in countries or "CO" in cities else None


@dataclass(frozen=True, slots=True)
class _City:
    name: str
    country: str


@table
def _city_trie() -> PhraseTrie[_City]:
    """Cities whose name implies one country: names shared by several countries (Valencia,
    Córdoba), or that are also country or Colombian department names, are left out."""
    from extractor.values.department import department_code

    rows = load_json(CITIES_FILE)["cities"]
    countries_by_key: dict[tuple[str, ...], set[str]] = {}
    for row in rows:
        for surface in (row["name"], *row.get("aliases", ())):
            countries_by_key.setdefault(key(surface), set()).add(row["country"])
    trie: PhraseTrie[_City] = PhraseTrie()
    for row in rows:
        for surface in (row["name"], *row.get("aliases", ())):
            k = key(surface)
            if len(countries_by_key[k]) > 1 or department_code(surface) or _is_country_name(surface):
                continue
            for variant in n_variants(surface):
                trie.add(Phrase(_City(row["name"], row["country"]), variant, capitalised=True))
    return trie


def _is_country_name(surface: str) -> bool:
    found = find_countries(surface, include_ambiguous=True)
    return bool(found) and found[0].start == 0 and found[0].end >= len(surface.rstrip(". "))


def _city_countries(text: str) -> list[str]:
    """Countries of the unambiguous gazetteer cities named in ``text`` ("... de Tianjin")."""
    return [hit.phrase.payload.country for hit in _city_trie().scan(tokenise(text))]
