"""Cities named in bulletin text (destinations and venues), from models/gazetteer/cities.json.

Unlike the country implication in organisation.py, every gazetteer city counts here, shared names
(Cartagena, Valencia) and capital districts (Bogotá) included: where an activity happened does not need
the city to identify one country. Names keep the spelling the text uses.
"""

from __future__ import annotations

from dataclasses import dataclass

from extractor.normalize import fold
from extractor.values._data import load_json, memoised, table
from extractor.values.country import Phrase, country_code, PhraseTrie, hit_span, n_variants, tokenise

CITIES_FILE = "gazetteer/cities.json"


@dataclass(frozen=True, slots=True)
class CityMatch:
    name: str          # as written in the text
    canonical: str     # the gazetteer's name
    country: str | None  # None when the name is shared by cities of several countries
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _City:
    canonical: str
    country: str | None


@table
def _trie() -> PhraseTrie[_City]:
    rows = load_json(CITIES_FILE)["cities"]
    trie: PhraseTrie[_City] = PhraseTrie()
    for row in rows:
        city = _City(row["name"], None if row.get("ambiguous") else row["country"])
        for surface in (row["name"], *row.get("aliases", ())):
            for variant in n_variants(surface):
                trie.add(Phrase(city, variant, capitalised=True))
    return trie


@memoised()
def find_cities(text: str) -> list[CityMatch]:
    """Capitalised gazetteer cities in ``text``, longest match first, with their spans."""
    if not text:
        return []
    toks = tokenise(text)
    found = []
    for hit in _trie().scan(toks):
        start, end = hit_span(toks, hit)
        payload = hit.phrase.payload
        written = text[start:end]
        # "San José de Costa Rica" is San José qualified by its country: keep the city's own name.
        if (len(written) > len(payload.canonical) and fold(written).startswith(fold(payload.canonical) + " de ")
                and country_code(written[len(payload.canonical) + 4:])):
            end = start + len(payload.canonical)
            written = text[start:end]
        found.append(CityMatch(written, payload.canonical, payload.country, start, end))
    return found
