"""The segmenter's language knowledge, loaded from models/vocab (data, not code)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TypeVar
from extractor.normalize import squash, words
from extractor.values._data import models_dir


ENUMERATOR = re.compile(r"^\s*(?:[A-Za-z]|[IVXivx]{1,4}|\d{1,2}(?:\.\d{1,2}){0,2})\s*[.)\-–:]\s+")
T = TypeVar("T")


def by_first_word(entries: Iterable[tuple[tuple[str, ...], T]]) -> dict[str, tuple[T, ...]]:
    """(keyword, value) pairs indexed by the keyword's first word (empty keywords left out): a heading is only
    checked against the keywords whose first word it has, the same answer as trying them all."""
    index: dict[str, list[T]] = {}
    for keyword, value in entries:
        if keyword:
            index.setdefault(keyword[0], []).append(value)
    return {w: tuple(values) for w, values in index.items()}


@dataclass(frozen=True)
class SectionVocab:
    kinds: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]
    generic: frozenset[str]
    not_item: tuple[tuple[str, ...], ...]
    closing_starts: tuple[str, ...]
    closing_cues: frozenset[str]
    closing_labels: tuple[tuple[str, ...], ...]
    office_names: tuple[tuple[str, ...], ...]
    title_words: frozenset[str]
    footer_starts: tuple[str, ...]
    inbound_cues: tuple[tuple[str, ...], ...]
    activity_cues: tuple[tuple[str, tuple[str, ...]], ...]
    outbound_cues: tuple[tuple[str, ...], ...]
    fields: dict[str, str]          # squashed label → canonical field
    header_keywords: tuple[tuple[str, str], ...] = ()
    item_title_labels: frozenset[str] = frozenset()
    total_rows: tuple[str, ...] = ()

    @cached_property
    def section_words(self) -> frozenset[str]:
        return frozenset(w for _, kws in self.kinds for kw in kws for w in kw) | self.generic

    @cached_property
    def _kind_keywords_by_word(self) -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
        """First word of a kind keyword → (kind, keyword)."""
        return by_first_word((kw, (kind, kw)) for kind, keywords in self.kinds for kw in keywords)

    def kind_of(self, heading: str) -> str | None:
        """The activity kind a heading names, by its earliest (then most specific) keyword; None if none."""
        ws = words(heading)
        present = set(ws)
        best: tuple[int, int, str] | None = None
        index = self._kind_keywords_by_word
        for first in present:
            for kind, kw in index.get(first, ()):
                if all(w in present for w in kw):
                    key = (min(ws.index(w) for w in kw), -len(kw), kind)
                    if best is None or key < best:
                        best = key
        return best[2] if best else None

    def is_section_heading(self, heading: str) -> bool:
        """Every word of the heading is section vocabulary, and at least one names a kind. A leading
        enumerator ("B. MOVILIDAD", "3) Eventos", "IV – Alianzas") is not a word of the heading."""
        ws = words(ENUMERATOR.sub("", heading, count=1))
        return bool(ws) and len(ws) <= 10 and all(w in self.section_words for w in ws) and self.kind_of(heading) is not None

    @cached_property
    def _not_item_by_word(self) -> dict[str, tuple[frozenset[str], ...]]:
        """First word of a not-item keyword → the keywords' word sets: the segmenter asks this of every
        paragraph's lead."""
        return by_first_word((kw, frozenset(kw)) for kw in self.not_item)

    def is_not_item_heading(self, heading: str) -> bool:
        ws = words(heading)
        if len(ws) > 8:
            return False
        present = set(ws)
        index = self._not_item_by_word
        return any(kw <= present for first in present for kw in index.get(first, ()))

    def is_closing_label(self, label: str) -> bool:
        """A short label that introduces the period's figures ("En cifras", "Balance del trimestre")."""
        ws = words(label)
        present = set(ws)
        return 0 < len(ws) <= 5 and any(all(w in present for w in kw) for kw in self.closing_labels)

    @cached_property
    def _office_words(self) -> frozenset[str]:
        return frozenset(w for kw in self.office_names for w in kw) | {"de", "del", "la", "y"}

    def is_signature(self, line: str) -> bool:
        """A line made only of the issuing office's words ("Dirección General - SENA")."""
        ws = words(line)
        office = self._office_words | {"grupo", "equipo", "sena"}
        return bool(ws) and all(w in office for w in ws) and self.is_office_name(line)

    def is_office_name(self, line: str) -> bool:
        """The issuing office's name ("Coordinación Nacional de Relaciones Internacionales", "SENA – Dirección
        General"), not a title that merely mentions SENA: most of its words are the office's."""
        ws = words(line)
        office = self._office_words | {"nacional", "grupo"}
        return (any(all(w in ws for w in kw) for kw in self.office_names) and not (set(ws) & self.title_words)
                and sum(w in office for w in ws) >= 0.7 * len(ws))

    def infer_kind(self, title: str, body: str, limit: int = 60) -> str | None:
        """An item's kind from its own words: the title's kind keyword, else the most cued kind in its
        opening (its first ``limit`` words)."""
        kind = self.kind_of(title)
        if kind:
            return kind
        joined = " " + " ".join(words(title + " " + body)[:limit]) + " "
        scores = {k: sum(joined.count(" " + cue + " ") for cue in cues) for k, cues in self.activity_cues}
        best = max(scores.items(), key=lambda kv: kv[1], default=(None, 0))
        return best[0] if best[1] > 0 else None

    def has_cue(self, text: str, cues: tuple[tuple[str, ...], ...]) -> bool:
        ws = words(text)
        joined = " " + " ".join(ws) + " "
        return any(" " + " ".join(cue) + " " in joined for cue in cues)

    def header_field(self, header: str) -> str | None:
        """A table header's field: a known label, else the first field word stem it contains."""
        name = self.field_name(header)
        if name:
            return name
        for word in words(header):
            for stem, field in self.header_keywords:
                if word.startswith(stem):
                    return field
        return None

    def field_name(self, label: str) -> str | None:
        return self.fields.get(squash(label))


@lru_cache(maxsize=1)
def load_vocab() -> SectionVocab:
    base = models_dir() / "vocab"
    sections = json.loads((base / "sections.json").read_text("utf-8"))
    fields = json.loads((base / "fields.json").read_text("utf-8"))
    label_map = {squash(label): name for name, labels in fields["fields"].items() for label in labels}
    return SectionVocab(
        kinds=tuple((k["kind"], tuple(tuple(kw) for kw in k["keywords"])) for k in sections["kinds"]),
        generic=frozenset(sections["generic_words"]),
        not_item=tuple(tuple(kw) for kw in sections["not_item_headings"]),
        closing_starts=tuple(sections["closing_starts"]),
        closing_cues=frozenset(sections["closing_cues"]),
        closing_labels=tuple(tuple(kw) for kw in sections.get("closing_labels", ())),
        office_names=tuple(tuple(kw) for kw in sections["office_names"]),
        title_words=frozenset(sections["title_words"]),
        footer_starts=tuple(sections.get("footer_starts", ())),
        inbound_cues=tuple(tuple(c) for c in sections.get("inbound_cues", ())),
        activity_cues=tuple((k, tuple(v)) for k, v in sections.get("activity_cues", {}).items()),
        outbound_cues=tuple(tuple(c) for c in sections.get("outbound_cues", ())),
        fields=label_map,
        header_keywords=tuple(fields.get("header_keywords", {}).items()),
        item_title_labels=frozenset(squash(x) for x in fields.get("item_title_labels", ())),
        total_rows=tuple(fields.get("total_rows", ())),
    )
