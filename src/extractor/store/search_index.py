"""An in-memory, columnar copy of what search reads, for processes that answer many searches (the web app and
API, notebooks, benchmarks).

At 10⁶ activities a broad search's exact facet counts and its bm25 ranking cost the databases 100–600 ms
(BENCHMARKS.md): they walk every match row by row. Over numpy arrays the same work is a few passes over
contiguous memory: a set of hits is a sorted array of rows, a filter a posting list or a lookup on the hits'
rows, a facet a ``bincount`` of the hits' value combinations, a page a partial sort.

The copy (``SearchIndex``) is built from one consistent read of the store and answers only while the store's
content generation (``store_state.content_generation``, grown by every write transaction) is the one it was
built at. ``IndexedSearch`` checks that with one indexed read per search; a stale copy is never used: the
search goes to the database (``search.run_search``) while a new copy is built, in the background by default.

Matching is the SQL path's (``search.Fts5Backend``): every query term must match, a term matching a word of
the title, body, partners or bulletin title (a word it begins, from ``PREFIX_MIN`` letters) or a word with one
of its stem forms; filters combine as in ``SearchQuery``. Text ranking is BM25 over field-weighted term
frequencies with the FTS5 index's weights (title 10, partners 5, bulletin title 2, body 1), then bulletin name
and order, as on the SQL path; facets are exact and ordered as there.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from array import array
from bisect import bisect_left
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import Any, Callable

import numpy as np
from sqlalchemy import Connection, Engine

from extractor.model.activity import ACTIVITY_KINDS
from extractor.store.export import load_records
from extractor.store.search import (PREFIX_MIN, SearchQuery, SearchResult, _partner_ids, partners_text, query_terms,
                                    word_forms, words)
from extractor.store.state import content_generation, rewrite_generation, snapshot

log = logging.getLogger(__name__)

FIELD_WEIGHTS = (10, 1, 5, 2)         # title, body (section and text), partners, bulletin title: FTS5's bm25 weights
BM25_K1, BM25_B = 1.2, 0.75
_NO_START = np.iinfo(np.int32).min    # an unknown start is open to the past …
_NO_END = np.iinfo(np.int32).max      # … an unknown end to the future
_LAST_DAY = date.max.toordinal()      # < 2²², so a date sort key fits one int64 with the bulletin order
_NO_COUNT = -(2**62)                  # no beneficiaries: below any bound a query can give
LOOKUP_COST = 4                       # a binary search of one word's postings, in postings read (driver choice)
BROAD_TEXT = 0.5                      # text reading more postings than this share of rows may not drive
_MERGE_MAX_WORDS = 64                 # a term matching more words sums their postings over every row instead
_FIELD_MEMO_MAX = 200_000             # tokenised field texts kept while building (bulletin titles, repeated items)
# Taking written documents in reads their rows in the searching process, in Python; past this many rows a build
# (in a child process for a large store) is about as fast and leaves the searches their interpreter.
EXTEND_MAX_ROWS = 20_000


# --- sets of rows ----------------------------------------------------------------------------------------
# A set of rows is a sorted array of distinct row numbers. Rows are laid out in the SQL path's page order
# without text (bulletin name, then order in it), so a sorted set is already in that order.

def _summed(rows: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted ``rows`` with repeats → (distinct rows, the sum of their weights)."""
    repeats = rows[1:] == rows[:-1]
    if not repeats.any():
        return rows, weight
    starts = np.flatnonzero(np.concatenate(([True], ~repeats)))
    return rows[starts], np.add.reduceat(weight.astype(np.int64), starts)


def _slices(starts: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """The positions of the slices [starts[i], starts[i] + lens[i]), one after another."""
    ends = np.cumsum(lens)
    return np.repeat(starts - (ends - lens), lens) + np.arange(int(ends[-1]) if len(ends) else 0)


def _distinct(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)``: the sorted distinct values. A sort and one comparison of neighbours, because
    numpy 2's ``unique`` takes a hashing path that measured 10–30 times slower on these integer arrays."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def _complement(rows: np.ndarray, n: int) -> np.ndarray:
    keep = np.ones(n, dtype=bool)
    keep[rows] = False
    return np.flatnonzero(keep)


# --- many-valued dimensions ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Links:
    """One many-valued dimension (countries, regionales, partners): per value the sorted rows that have it
    (a filter's rows), and per row its combination of values. Rows share few combinations (the same
    countries, the same partners), so a facet over any set of rows is one count of its combinations, then
    the (few) combinations' values; a filter on other rows, which combinations have one of its values."""

    labels: list[str]              # code → facet key
    label_order: np.ndarray        # code → rank of its label (ties in a facet are ordered by label)
    codes: dict[str, int]          # filter value → code
    value_off: np.ndarray          # code → slice of value_rows
    value_rows: np.ndarray
    combo: np.ndarray              # row → its combination
    combo_off: np.ndarray          # combination → slice of combo_codes
    combo_codes: np.ndarray
    combo_of_code: np.ndarray      # the combination of each entry of combo_codes
    all_counts: np.ndarray         # code → rows that have it

    @classmethod
    def build(cls, n_rows: int, rows: np.ndarray, values: list[str], labels_of: dict[str, str] | None = None) -> Links:
        """From (row, value) pairs, repeats allowed."""
        keys = sorted(set(values))
        codes = {k: i for i, k in enumerate(keys)}
        vcodes = np.fromiter((codes[x] for x in values), dtype=np.int64, count=len(values))
        return cls.from_codes(n_rows, rows, vcodes, keys, labels_of)

    def merged(self, old_to_new: np.ndarray, n_rows: int, rows: np.ndarray, values: list[str],
               labels_of: dict[str, str] | None = None) -> Links:
        """These links with their rows renumbered by ``old_to_new`` (−1: the row is gone, with its pairs), and
        the new (row, value) pairs: the same Links as ``build`` over all pairs, without turning the held pairs
        back into strings."""
        held = [""] * len(self.codes)
        for key, code in self.codes.items():
            held[code] = key
        held_codes = np.repeat(np.arange(len(held), dtype=np.int64), np.diff(self.value_off))
        held_rows = old_to_new[self.value_rows]
        alive = held_rows >= 0                         # −1: the row is gone
        # A held value left without rows is no key any more, as in a build.
        still = np.bincount(held_codes[alive], minlength=len(held)) > 0
        keys = sorted({k for k, s in zip(held, still.tolist()) if s}.union(values))
        index = {k: i for i, k in enumerate(keys)}
        recode = np.fromiter((index.get(k, -1) for k in held), dtype=np.int64, count=len(held))
        all_rows = np.concatenate([held_rows[alive], rows.astype(np.int64)])
        vcodes = np.concatenate([recode[held_codes[alive]],
                                 np.fromiter((index[x] for x in values), dtype=np.int64, count=len(values))])
        return Links.from_codes(n_rows, all_rows, vcodes, keys, labels_of)

    @classmethod
    def from_codes(cls, n_rows: int, rows: np.ndarray, vcodes: np.ndarray, keys: list[str],
                   labels_of: dict[str, str] | None = None) -> Links:
        """From (row, code) pairs, ``keys`` the sorted values the codes stand for."""
        v = max(len(keys), 1)
        codes = {k: i for i, k in enumerate(keys)}
        pair = _distinct(rows.astype(np.int64) * v + vcodes)   # distinct, sorted by (row, code)
        prow, pcode = pair // v, pair % v
        per_row = np.bincount(prow, minlength=n_rows)
        row_off = np.zeros(n_rows + 1, dtype=np.int64)
        np.cumsum(per_row, out=row_off[1:])
        combo, combo_off, combo_codes = _combinations(n_rows, prow, pcode, per_row, row_off, len(keys))
        by_value = np.argsort(pcode, kind="stable")              # rows stay ascending within a value
        value_off = np.zeros(len(keys) + 1, dtype=np.int64)
        counts = np.bincount(pcode, minlength=len(keys))
        np.cumsum(counts, out=value_off[1:])
        labels = [labels_of[k] if labels_of else k for k in keys]
        order = np.empty(len(keys), dtype=np.int64)
        order[sorted(range(len(keys)), key=labels.__getitem__)] = np.arange(len(keys))
        combo_of_code = np.repeat(np.arange(len(combo_off) - 1, dtype=np.int32), np.diff(combo_off))
        return cls(labels, order, codes, value_off, prow[by_value].astype(np.int32), combo, combo_off,
                   combo_codes, combo_of_code, counts)

    def rows_with(self, values: list[str]) -> np.ndarray:
        """The sorted rows that have any of ``values``."""
        parts = [self.value_rows[self.value_off[c]:self.value_off[c + 1]]
                 for c in sorted({self.codes[v] for v in values if v in self.codes})]
        if len(parts) == 1:
            return parts[0]
        return _distinct(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int32)

    def size_of(self, values: list[str]) -> int:
        return sum(int(self.all_counts[self.codes[v]]) for v in set(values) if v in self.codes)

    def has_any(self, rows: np.ndarray, values: list[str]) -> np.ndarray:
        """Which of ``rows`` have one of ``values``."""
        wanted = np.zeros(len(self.labels), dtype=bool)
        wanted[[self.codes[v] for v in values if v in self.codes]] = True
        combo_has = np.bincount(self.combo_of_code, weights=wanted[self.combo_codes],
                                minlength=len(self.combo_off) - 1) > 0
        return combo_has[self.combo[rows]]

    def counts(self, rows: np.ndarray) -> np.ndarray:
        """Per code, how many of ``rows`` have it."""
        per_combo = np.bincount(self.combo[rows], minlength=len(self.combo_off) - 1)
        present = np.flatnonzero(per_combo)
        starts = self.combo_off[present]
        lens = self.combo_off[present + 1] - starts
        return np.bincount(self.combo_codes[_slices(starts, lens)], weights=np.repeat(per_combo[present], lens),
                           minlength=len(self.labels)).astype(np.int64)

    def nbytes(self) -> int:
        return sum(a.nbytes for a in (self.label_order, self.value_off, self.value_rows, self.combo, self.combo_off,
                                      self.combo_codes, self.combo_of_code, self.all_counts))


def _combinations(n_rows: int, prow: np.ndarray, pcode: np.ndarray, per_row: np.ndarray, row_off: np.ndarray,
                  n_codes: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row → combination id, combination → slice of codes, the codes): rows with the same set of codes share
    one combination. Sets are told apart by the sum of random 64-bit tokens of their codes; the grouping is
    then checked exactly (same size, every code of every row in its combination), and a collision, should
    one ever happen, is retried with other tokens."""
    for salt in range(8):
        tokens = np.random.default_rng(salt).integers(1, 2**63 - 1, size=max(n_codes, 1), dtype=np.int64)
        sums = np.zeros(n_rows, dtype=np.int64)
        filled = np.flatnonzero(per_row)
        if len(filled):
            with np.errstate(over="ignore"):
                sums[filled] = np.add.reduceat(tokens[pcode], row_off[filled])
        _, first_row, combo = np.unique(sums, return_index=True, return_inverse=True)
        combo = combo.astype(np.int32).ravel()
        sizes = per_row[first_row]
        combo_off = np.zeros(len(first_row) + 1, dtype=np.int64)
        np.cumsum(sizes, out=combo_off[1:])
        combo_codes = pcode[_slices(row_off[first_row], sizes)].astype(np.int32)
        n_combos = len(first_row)
        same_size = np.array_equal(sizes[combo], per_row)
        combo_pairs = np.repeat(np.arange(n_combos, dtype=np.int64), sizes) * max(n_codes, 1) + combo_codes
        row_pairs = combo[prow].astype(np.int64) * max(n_codes, 1) + pcode
        if same_size and np.isin(row_pairs, combo_pairs).all():
            return combo, combo_off, combo_codes
    raise RuntimeError("search index: could not tell value combinations apart")


def _facet(counts: np.ndarray, labels: list[str], order: np.ndarray, limit: int | None) -> dict[str, int]:
    """Values with hits, most first, ties by label (as ``ORDER BY n DESC, label`` on the SQL path)."""
    nz = np.flatnonzero(counts)
    ranked = nz[np.lexsort((order[nz], -counts[nz]))]
    if limit is not None:
        ranked = ranked[:limit]
    out: dict[str, int] = {}
    for c in ranked.tolist():
        out[labels[c]] = int(counts[c])   # (two partners of one name: one key, as on the SQL path)
    return out


# --- text ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TextIndex:
    """Word → (rows, field-weighted frequency) posting lists, words in sorted order so that the words a
    prefix begins are one contiguous run; a word's rows are distinct and in row order."""

    vocab: list[str]
    off: np.ndarray
    rows: np.ndarray
    weight: np.ndarray
    by_form: dict[str, list[int]]  # stem form → words that have it
    row_len: np.ndarray            # tokens per row (BM25 length normalisation)
    avg_len: float

    def term_words(self, term: str) -> list[tuple[int, int]]:
        """Runs [lo, hi) of word ids that ``term`` matches: the word itself (or the words it begins) and the
        words sharing one of its stem forms."""
        lo = bisect_left(self.vocab, term)
        if len(term) >= PREFIX_MIN:
            hi = bisect_left(self.vocab, term + "\U0010ffff", lo)
        else:
            hi = lo + 1 if lo < len(self.vocab) and self.vocab[lo] == term else lo
        runs = [(lo, hi)] if hi > lo else []
        for form in word_forms(term):
            runs += [(w, w + 1) for w in self.by_form.get(form, ()) if not lo <= w < hi]
        return runs

    def matches(self, term: str, n_rows: int) -> tuple[np.ndarray, np.ndarray]:
        """(the sorted rows ``term`` matches, the field-weighted frequency of its words in each)."""
        runs = self.term_words(term)
        spans = [(int(self.off[lo]), int(self.off[hi])) for lo, hi in runs]
        postings = sum(b - a for a, b in spans)
        if not postings:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.uint16)
        words = sum(hi - lo for lo, hi in runs)
        if words == 1:   # one word: its postings are distinct rows in order
            a, b = spans[0]
            return self.rows[a:b], self.weight[a:b]
        if words > _MERGE_MAX_WORDS and postings * 8 > n_rows:   # many lists: one pass over every row
            f = np.bincount(np.concatenate([self.rows[a:b] for a, b in spans]),
                            weights=np.concatenate([self.weight[a:b] for a, b in spans]), minlength=n_rows)
            rows = np.flatnonzero(f)
            return rows, f[rows]
        # A few lists, each in row order: a stable sort merges their runs in about linear time.
        per_word = [(int(self.off[w]), int(self.off[w + 1])) for lo, hi in runs for w in range(lo, hi)]
        rows = np.concatenate([self.rows[a:b] for a, b in per_word])
        weight = np.concatenate([self.weight[a:b] for a, b in per_word])
        order = np.argsort(rows, kind="stable")
        return _summed(rows[order], weight[order])

    def postings(self, term: str) -> tuple[int, int]:
        """(postings, words) of the words ``term`` matches: what matching it over the whole store reads."""
        runs = self.term_words(term)
        return sum(int(self.off[hi]) - int(self.off[lo]) for lo, hi in runs), sum(hi - lo for lo, hi in runs)

    def frequencies_at(self, term: str, rows: np.ndarray) -> np.ndarray:
        """The field-weighted frequency of ``term``'s words in each of the sorted ``rows`` (0: no match), by a
        binary search of each word's postings: cheaper than ``matches`` for rows far fewer than postings."""
        f = np.zeros(len(rows), dtype=np.float64)
        for lo, hi in self.term_words(term):
            for w in range(lo, hi):
                a, b = int(self.off[w]), int(self.off[w + 1])
                found = self.rows[a:b]
                at = np.minimum(np.searchsorted(found, rows), b - a - 1)
                hit = found[at] == rows
                f[hit] += self.weight[a:b][at[hit]]
        return f

    def frequencies(self, term: str, n_rows: int) -> np.ndarray:
        """Per row, the field-weighted frequency of the words ``term`` matches (0: no match)."""
        rows, freq = self.matches(term, n_rows)
        f = np.zeros(n_rows, dtype=np.float64)
        f[rows] = freq
        return f

    def nbytes(self) -> int:
        return self.off.nbytes + self.rows.nbytes + self.weight.nbytes + self.row_len.nbytes

    def merged(self, old_to_new: np.ndarray, other: TextIndex, new_to_new: np.ndarray, row_len: np.ndarray) -> TextIndex:
        """This index with its rows renumbered by ``old_to_new`` (increasing; −1: the row is gone, with its
        postings), and ``other``'s postings, its rows renumbered by ``new_to_new`` (increasing): the index a
        build over all rows gives. ``row_len``: the merged rows' lengths. Few postings are new, so they are
        inserted into the held arrays (one pass over them) instead of sorting every posting again."""
        held_vocab, held_off = self.vocab, self.off
        rows = old_to_new[self.rows]                       # still ascending within each word
        weight = self.weight
        if len(rows) and rows.min() < 0:
            alive = rows >= 0
            word_of = np.repeat(np.arange(len(held_vocab), dtype=np.int64), np.diff(held_off))
            per_word = np.bincount(word_of[alive], minlength=len(held_vocab))
            rows, weight = rows[alive], weight[alive]
            still = np.flatnonzero(per_word)             # a word left without postings is no word any more
            held_vocab = [held_vocab[i] for i in still.tolist()]
            held_off = np.zeros(len(still) + 1, dtype=np.int64)
            np.cumsum(per_word[still], out=held_off[1:])
        rows = rows.astype(np.int32)
        vocab = sorted(set(held_vocab).union(other.vocab))
        index = {w: i for i, w in enumerate(vocab)}
        held_ids = np.fromiter((index[w] for w in held_vocab), dtype=np.int64, count=len(held_vocab))
        new_ids = np.fromiter((index[w] for w in other.vocab), dtype=np.int64, count=len(other.vocab))
        new_counts = np.diff(other.off)
        at: list[np.ndarray] = []
        for k in np.flatnonzero(new_counts).tolist():     # each word of the new rows, in vocabulary order
            a, b = int(other.off[k]), int(other.off[k + 1])
            wanted = new_to_new[other.rows[a:b]]
            h = int(np.searchsorted(held_ids, new_ids[k]))   # the held word, or where its postings would go
            lo = int(held_off[h])
            if h < len(held_ids) and held_ids[h] == new_ids[k]:
                at.append(lo + np.searchsorted(rows[lo:int(held_off[h + 1])], wanted))
            else:
                at.append(np.full(b - a, lo, dtype=np.int64))
        if at:
            where = np.concatenate(at)
            rows = np.insert(rows, where, new_to_new[other.rows].astype(np.int32))
            weight = np.insert(weight, where, other.weight)
        counts = np.zeros(len(vocab), dtype=np.int64)
        counts[held_ids] += np.diff(held_off)
        counts[new_ids] += new_counts
        off = np.zeros(len(vocab) + 1, dtype=np.int64)
        np.cumsum(counts, out=off[1:])
        return TextIndex(vocab, off, rows, weight, _forms_of(vocab), row_len,
                         float(row_len.mean()) if len(row_len) else 1.0)


class _TextBuilder:
    """Collects one posting per (row, field, word) as rows are added in order, then sorts them by word."""

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self.wids = array("i")
        self.weights = array("H")
        self.per_row = array("i")     # postings added per row
        self.row_len = array("i")
        self._memo: list[dict[str, tuple[array, array, int]]] = [{} for _ in FIELD_WEIGHTS]

    def _field(self, field: int, s: str) -> tuple[array, array, int]:
        memo = self._memo[field]
        hit = memo.get(s)
        if hit is not None:
            return hit
        counts: dict[str, int] = {}
        ws = words(s)
        for w in ws:
            counts[w] = counts.get(w, 0) + 1
        vocab = self.vocab
        wids = array("i", [vocab.setdefault(w, len(vocab)) for w in counts])
        weights = array("H", [min(FIELD_WEIGHTS[field] * c, 65535) for c in counts.values()])
        if len(memo) >= _FIELD_MEMO_MAX:
            memo.clear()
        memo[s] = out = (wids, weights, len(ws))
        return out

    def add(self, fields: tuple[tuple[int, str | None], ...]) -> None:
        """One row's texts, each with its field (a field may come in several parts)."""
        n = length = 0
        for i, s in fields:
            if s:
                wids, weights, tokens = self._field(i, s)
                self.wids.extend(wids)
                self.weights.extend(weights)
                n += len(wids)
                length += tokens
        self.per_row.append(n)
        self.row_len.append(length)

    def finish(self) -> TextIndex:
        words_by_id = list(self.vocab)
        sorted_ids = sorted(range(len(words_by_id)), key=words_by_id.__getitem__)
        remap = np.empty(len(words_by_id), dtype=np.int32)
        remap[sorted_ids] = np.arange(len(words_by_id), dtype=np.int32)
        wids = remap[np.frombuffer(self.wids, dtype=np.int32)] if self.wids else np.zeros(0, dtype=np.int32)
        self.wids = array("i")
        rows = np.repeat(np.arange(len(self.per_row), dtype=np.int32), np.frombuffer(self.per_row, dtype=np.int32))
        order = np.argsort(wids, kind="stable")    # rows stay ascending within a word
        rows, wids = rows[order], wids[order]
        weight = np.frombuffer(self.weights, dtype=np.uint16)[order] if len(self.weights) else np.zeros(0, np.uint16)
        self.weights = array("H")
        del order
        # One posting per (word, row): a word in several fields of a row sums their weights.
        if len(rows):
            first = np.concatenate(([True], (wids[1:] != wids[:-1]) | (rows[1:] != rows[:-1])))
            if not first.all():
                starts = np.flatnonzero(first)
                weight = np.minimum(np.add.reduceat(weight.astype(np.int64), starts), 65535).astype(np.uint16)
                rows, wids = rows[starts], wids[starts]
        off = np.zeros(len(words_by_id) + 1, dtype=np.int64)
        np.cumsum(np.bincount(wids, minlength=len(words_by_id)), out=off[1:])
        vocab = [words_by_id[i] for i in sorted_ids]
        row_len = np.frombuffer(self.row_len, dtype=np.int32).astype(np.float32)
        return TextIndex(vocab, off, rows, weight, _forms_of(vocab), row_len,
                         float(row_len.mean()) if len(row_len) else 1.0)


def _forms_of(vocab: list[str]) -> dict[str, list[int]]:
    """Stem form → the ids of the (sorted) vocabulary's words that have it."""
    by_form: dict[str, list[int]] = {}
    for wid, w in enumerate(vocab):
        for form in word_forms(w):
            by_form.setdefault(form, []).append(wid)
    return by_form


# --- the index -------------------------------------------------------------------------------------------

@lru_cache(maxsize=65536)
def _day(value: Any) -> int | None:
    """Day ordinal of a stored date (SQLite hands back ISO text, PostgreSQL dates)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return value.toordinal()


# Activities in the SQL path's page order without text, and their partner mentions in the same order (the
# mentions name the partners field of the text, as the text index gets it: names as written, acronyms and
# the registry's name). ``{where}``: all documents, or some.
_ACTIVITIES_IN_ORDER = (
    "SELECT a.id, a.document_id, a.kind, a.year, a.span_start, a.span_end, a.beneficiaries, a.title, a.section, "
    "a.text, d.title FROM documents d JOIN activities a ON a.document_id = d.id {where} ORDER BY d.name, a.seq, a.id")
_MENTIONS_IN_ORDER = (
    "SELECT ap.activity_id, ap.partner_id, ap.name_as_written, ap.acronym FROM documents d "
    "JOIN activities a ON a.document_id = d.id JOIN activity_partners ap ON ap.activity_id = a.id {where} "
    "ORDER BY d.name, a.seq, a.id, ap.seq")
_LINKS = ("SELECT l.activity_id, l.code FROM {table} l JOIN activities a ON a.id = l.activity_id {where}")


@dataclass
class _Rows:
    """Activities read from the store in page order: their columns, text index and links (rows numbered
    from 0 in that order), before they become (part of) an index."""

    ids: np.ndarray
    docs: np.ndarray
    kind: np.ndarray
    years: np.ndarray             # the year, −1 when unknown
    start: np.ndarray
    end: np.ndarray
    beneficiaries: np.ndarray
    text: TextIndex
    links: dict[str, tuple[np.ndarray, list[str]]]   # dimension → (rows, values) of its pairs
    partner_names: dict[str, str]                    # registry id → name, every partner

    @classmethod
    def read(cls, conn: Connection, documents: list[int] | None = None,
             cancelled: Callable[[], bool] = lambda: False) -> _Rows:
        """The activities of ``documents`` (ids; None: of every document)."""
        where = ("" if documents is None else "WHERE 1 = 0" if not documents
                 else f"WHERE a.document_id IN ({', '.join(str(int(d)) for d in documents)})")
        pnames = {int(i): name for i, name in conn.exec_driver_sql("SELECT id, name FROM partners")}
        mentions = conn.exec_driver_sql(_MENTIONS_IN_ORDER.format(where=where)).fetchall()
        ids, docs, kinds, years, starts, ends, bens = (array("q") for _ in range(7))
        kind_code = {k: i for i, k in enumerate(ACTIVITY_KINDS)}
        text = _TextBuilder()
        m = 0
        result = conn.exec_driver_sql(_ACTIVITIES_IN_ORDER.format(where=where))
        while chunk := result.fetchmany(20_000):
            if cancelled():
                raise BuildCancelled("search index: build cancelled")
            for aid, doc, kind, year, s, e, ben, title, section, body, doc_title in chunk:
                names: list[str] = []
                while m < len(mentions) and mentions[m][0] == aid:   # the same order: this row's mentions
                    _, pid, written, acronym = mentions[m]
                    names += (written, acronym or "", pnames.get(pid, ""))
                    m += 1
                ids.append(aid)
                docs.append(doc)
                kinds.append(kind_code.get(kind, len(ACTIVITY_KINDS) - 1))
                years.append(-1 if year is None else year)
                sd, ed = _day(s), _day(e)
                starts.append(_NO_START if sd is None else sd)
                ends.append(_NO_END if ed is None else ed)
                bens.append(_NO_COUNT if ben is None else ben)
                text.add(((0, title), (1, section), (1, body), (2, partners_text(names)), (3, doc_title)))
        id_arr = np.frombuffer(ids, dtype=np.int64).copy()
        n = len(id_arr)
        by_id = np.argsort(id_arr)
        sorted_ids = id_arr[by_id]

        def pairs(found: list[Any]) -> tuple[np.ndarray, list[str]]:
            act = np.fromiter((p[0] for p in found), dtype=np.int64, count=len(found))
            at = np.minimum(np.searchsorted(sorted_ids, act), max(n - 1, 0))
            keep = (sorted_ids[at] == act) if n else np.zeros(len(found), dtype=bool)
            return by_id[at[keep]], [str(p[1]) for p, k in zip(found, keep.tolist()) if k]

        links = {dim: pairs(conn.exec_driver_sql(_LINKS.format(table=table, where=where)).fetchall())
                 for dim, table in (("countries", "activity_countries"), ("regionales", "activity_regionales"))}
        links["partners"] = pairs(mentions)
        return cls(ids=id_arr, docs=np.frombuffer(docs, dtype=np.int64).copy(),
                   kind=np.frombuffer(kinds, dtype=np.int64).astype(np.uint8),
                   years=np.frombuffer(years, dtype=np.int64).copy(),
                   start=np.frombuffer(starts, dtype=np.int64).astype(np.int32),
                   end=np.frombuffer(ends, dtype=np.int64).astype(np.int32),
                   beneficiaries=np.frombuffer(bens, dtype=np.int64).copy(), text=text.finish(), links=links,
                   partner_names={str(i): name for i, name in pnames.items()})


@dataclass(frozen=True)
class SearchIndex:
    generation: int
    ids: np.ndarray                # row → activity id; rows in page order (bulletin name, order in it)
    docs: np.ndarray               # row → document id
    date_rank: np.ndarray          # row → place in the date order (dated first, latest first, then row)
    by_date: np.ndarray            # the rows in date order
    kind: np.ndarray               # row → index in ACTIVITY_KINDS
    year: np.ndarray               # row → year − year_base, −1 when unknown
    year_base: int
    start: np.ndarray              # row → day ordinal of span_start, _NO_START when unknown
    end: np.ndarray                # row → day ordinal of span_end, _NO_END when unknown
    beneficiaries: np.ndarray      # row → beneficiaries, _NO_COUNT when unknown
    countries: Links
    regionales: Links
    partners: Links
    text: TextIndex
    all_counts: dict[str, np.ndarray]   # facet → counts over every row
    build_seconds: float = 0.0

    @property
    def size(self) -> int:
        return len(self.ids)

    def nbytes(self) -> int:
        own = sum(a.nbytes for a in (self.ids, self.docs, self.date_rank, self.by_date, self.kind, self.year,
                                     self.start, self.end, self.beneficiaries))
        return own + self.countries.nbytes() + self.regionales.nbytes() + self.partners.nbytes() + self.text.nbytes()

    # --- building ----------------------------------------------------------------------------------------

    @classmethod
    def build(cls, conn: Connection, cancelled: Callable[[], bool] = lambda: False) -> SearchIndex:
        """Read the store through ``conn`` (inside one transaction, so one consistent state) into a new index.
        ``cancelled`` is asked between batches of rows; when it answers True, BuildCancelled is raised."""
        started = time.perf_counter()
        generation = content_generation(conn)
        rows = _Rows.read(conn, None, cancelled)
        n = len(rows.ids)
        links = {dim: Links.build(n, found, values, rows.partner_names if dim == "partners" else None)
                 for dim, (found, values) in rows.links.items()}
        return cls._assemble(generation, rows.ids, rows.docs, rows.kind, rows.years, rows.start, rows.end,
                             rows.beneficiaries, links, rows.text, started)

    def extended(self, conn: Connection, cancelled: Callable[[], bool] = lambda: False) -> SearchIndex | None:
        """This index brought to the store's present generation (read through ``conn``, in one transaction) by
        taking in again the documents written since (added, saved again, replaced, deleted), when their own
        rows are all that changed (state.py's rewrite generation); None when it cannot be: the index must be
        built again. The result is the index a build would give, in seconds at 10⁶ activities, not a minute."""
        started = time.perf_counter()
        generation = content_generation(conn)
        if generation == self.generation:
            return self
        if generation < self.generation or rewrite_generation(conn) > self.generation:
            return None
        # Every document, in the SQL path's order of names (the database's collation decides it).
        order = conn.exec_driver_sql("SELECT id, changed_generation FROM documents ORDER BY name").fetchall()
        changed = [int(d) for d, g in order if g > self.generation]
        present = {int(d) for d, _ in order}
        held = set(_distinct(self.docs).tolist())
        dropped = sorted((held & set(changed)) | (held - present))
        keep = (~np.isin(self.docs, np.array(dropped, dtype=np.int64)) if dropped
                else np.ones(self.size, dtype=bool))
        kept = np.flatnonzero(keep)
        if changed and conn.exec_driver_sql(
                "SELECT count(*) FROM activities WHERE document_id IN ("
                f"{', '.join(str(d) for d in changed)})").scalar() > EXTEND_MAX_ROWS:
            return None      # much to read again (a partner mentioned everywhere renamed): a build costs as much
        new = _Rows.read(conn, changed, cancelled)
        k = len(new.ids)
        stored = int(conn.exec_driver_sql("SELECT count(*) FROM activities").scalar() or 0)
        if stored != len(kept) + k:
            return None      # something else changed after all: build again
        if k == 0 and not dropped:
            return replace(self, generation=generation, build_seconds=time.perf_counter() - started)
        # Merged page order: by the document's place among names, then the order within it (kept rows keep
        # theirs; the new rows come in page order).
        rank = {int(d): i for i, (d, _) in enumerate(order)}
        n_kept, n = len(kept), len(kept) + k
        distinct, inverse = np.unique(np.concatenate([self.docs[kept], new.docs]), return_inverse=True)
        doc_rank = np.fromiter((rank[d] for d in distinct.tolist()), dtype=np.int64, count=len(distinct))[inverse]
        within = np.concatenate([np.arange(n_kept), np.arange(k)])
        perm = np.lexsort((within, doc_rank))
        position = np.empty(n, dtype=np.int64)
        position[perm] = np.arange(n)
        old_to_new = np.full(self.size, -1, dtype=np.int64)    # −1: a row of a document taken in again, or gone
        old_to_new[kept] = position[:n_kept]
        new_to_new = position[n_kept:]
        if k > 1 and not (np.diff(new_to_new) > 0).all():
            return None      # the new rows were not read in page order: build again

        def merged(held: np.ndarray, added: np.ndarray) -> np.ndarray:
            return np.concatenate([held[kept], added])[perm]

        years = np.where(self.year >= 0, self.year.astype(np.int64) + self.year_base, -1)
        links = {dim: getattr(self, dim).merged(old_to_new, n, new_to_new[new.links[dim][0]], new.links[dim][1],
                                                new.partner_names if dim == "partners" else None)
                 for dim in ("countries", "regionales", "partners")}
        row_len = merged(self.text.row_len, new.text.row_len)
        text = self.text.merged(old_to_new, new.text, new_to_new, row_len)
        return self._assemble(generation, merged(self.ids, new.ids), merged(self.docs, new.docs),
                              merged(self.kind, new.kind), merged(years, new.years), merged(self.start, new.start),
                              merged(self.end, new.end), merged(self.beneficiaries, new.beneficiaries), links,
                              text, started)

    @classmethod
    def _assemble(cls, generation: int, ids: np.ndarray, docs: np.ndarray, kind: np.ndarray, years: np.ndarray,
                  start: np.ndarray, end: np.ndarray, beneficiaries: np.ndarray, links: dict[str, Links],
                  text: TextIndex, started: float) -> SearchIndex:
        """The index of rows in page order: their columns (``years`` −1 when unknown), links and text."""
        n = len(ids)
        # The date order of the SQL path: undated last, then by start (else end), latest first, then page order.
        when = np.where(start != _NO_START, start, end).astype(np.int64)
        undated = when == _NO_END
        by_date = np.lexsort((np.arange(n), -np.where(undated, 0, when), undated))
        date_rank = np.empty(n, dtype=np.int32)
        date_rank[by_date] = np.arange(n, dtype=np.int32)
        known = years[years >= 0]
        base = int(known.min()) if len(known) else 0
        all_counts = {"kind": np.bincount(kind, minlength=len(ACTIVITY_KINDS)), "year": np.bincount(known - base),
                      "country": links["countries"].all_counts, "partner": links["partners"].all_counts,
                      "regional": links["regionales"].all_counts}
        return cls(generation=generation, ids=ids, docs=docs, date_rank=date_rank, by_date=by_date.astype(np.int32),
                   kind=kind, year=np.where(years >= 0, years - base, -1).astype(np.int32), year_base=base,
                   start=start, end=end, beneficiaries=beneficiaries, countries=links["countries"],
                   regionales=links["regionales"], partners=links["partners"], text=text, all_counts=all_counts,
                   build_seconds=time.perf_counter() - started)

    # --- searching ---------------------------------------------------------------------------------------

    def search(self, conn: Connection, q: SearchQuery) -> SearchResult:
        """``q`` over this index; the page's records are read through ``conn`` (the store at this index's
        generation)."""
        pids = [str(p) for p in _partner_ids(conn, q.partners)] if q.partners else None
        total, page, facets = self.query(q, pids)
        return SearchResult(total=total, results=load_records(conn, self.ids[page].tolist()), facets=facets)

    def query(self, q: SearchQuery, partner_ids: list[str] | None = None) -> tuple[int, np.ndarray, dict[str, dict[str, int]]]:
        """(total, rows of the page in order, facets); ``partner_ids``: the registry ids ``q.partners`` name.

        The narrowest set drives and the other conditions are checked on its rows only: the text's matches,
        unless a country/regional/partner filter, or the kind/date/beneficiary conditions, leave far fewer
        rows to look the text up in; without text, the smallest such filter, else one pass over every row.
        Each text term's frequencies travel with the rows (``freqs``), for the ranking."""
        n = self.size
        linked = [(links, vals) for links, vals in (
            (self.countries, [c.strip().upper() for c in q.countries]),
            (self.regionales, [c.strip().upper() for c in q.regionales]),
            (self.partners, partner_ids or [])) if vals]
        linked.sort(key=lambda lv: lv[0].size_of(lv[1]))
        terms = query_terms(q.text)
        cost = [self.text.postings(t) for t in terms]
        text_reads = sum(p for p, _ in cost)
        lookups = LOOKUP_COST * sum(w for _, w in cost)
        dfs = [p for p, _ in cost]                   # document frequency for BM25: postings of the term's words
        rows: np.ndarray | None = None
        conditions_done = False
        everywhere: np.ndarray | None = None   # kind/date/beneficiary conditions on every row, once computed
        if q.partners and not partner_ids:
            rows = np.zeros(0, dtype=np.int64)   # a partner nobody knows: nothing matches
        elif linked and (not terms or linked[0][0].size_of(linked[0][1]) * lookups < text_reads):
            first, vals = linked.pop(0)
            rows = first.rows_with(vals)
        elif terms and text_reads > n * BROAD_TEXT:
            # Broad text: if kind, dates or beneficiaries leave few rows, they drive (one pass over every row).
            everywhere = self._row_conditions(q, None)
            if everywhere is not None:
                narrowed = np.flatnonzero(everywhere)
                if len(narrowed) * lookups < text_reads:
                    rows, conditions_done = narrowed, True
        freqs: list[np.ndarray] = []       # per term, its frequency in each of ``rows``
        if terms and rows is None:
            matched = sorted(zip((self.text.matches(t, n) for t in terms), dfs), key=lambda m: len(m[0][0]))
            (rows, freq), _ = matched[0]
            freqs, dfs = [freq], [df for _, df in matched]
            for (other_rows, other_freq), _ in matched[1:]:
                at = np.minimum(np.searchsorted(other_rows, rows), max(len(other_rows) - 1, 0))
                keep = other_rows[at] == rows if len(other_rows) else np.zeros(len(rows), dtype=bool)
                rows, freqs = rows[keep], [f[keep] for f in freqs] + [other_freq[at[keep]]]
        elif terms:
            for term in terms:
                f = self.text.frequencies_at(term, rows)
                keep = f > 0
                rows, freqs = rows[keep], [x[keep] for x in freqs] + [f[keep]]
        if rows is None:
            everywhere = self._row_conditions(q, None)
            rows = None if everywhere is None else np.flatnonzero(everywhere)
        else:
            if conditions_done:
                keep = None
            else:
                keep = self._row_conditions(q, rows) if everywhere is None else everywhere[rows]
            for links, vals in linked:
                has = links.has_any(rows, vals)
                keep = has if keep is None else keep & has
            if keep is not None:
                rows, freqs = rows[keep], [f[keep] for f in freqs]
        total = n if rows is None else len(rows)
        page = self._page(q, rows, freqs, dfs)
        return total, page, self._facets(rows, q.facet_limit)

    def _row_conditions(self, q: SearchQuery, rows: np.ndarray | None) -> np.ndarray | None:
        """Kind, dates and beneficiaries checked on ``rows`` (None: on every row); None when none is asked."""
        def col(a: np.ndarray) -> np.ndarray:
            return a if rows is None else a[rows]

        keep: np.ndarray | None = None

        def both(cond: np.ndarray) -> None:
            nonlocal keep
            keep = cond if keep is None else keep & cond

        if q.kinds:
            allowed = np.zeros(len(ACTIVITY_KINDS), dtype=bool)
            allowed[[ACTIVITY_KINDS.index(k) for k in {k.strip().lower() for k in q.kinds} if k in ACTIVITY_KINDS]] = True
            both(allowed[col(self.kind)])
        if q.date_from is not None or q.date_to is not None:
            start, end = col(self.start), col(self.end)
            cond = (start != _NO_START) | (end != _NO_END)
            if q.date_to is not None:
                cond &= start <= q.date_to.toordinal()
            if q.date_from is not None:
                cond &= end >= q.date_from.toordinal()
            both(cond)
        if q.min_beneficiaries is not None:
            both(col(self.beneficiaries) >= q.min_beneficiaries)
        return keep

    def _bm25(self, rows: np.ndarray, freqs: list[np.ndarray], dfs: list[int]) -> np.ndarray:
        n = self.size
        norm = BM25_K1 * (1 - BM25_B + BM25_B * self.text.row_len[rows] / max(self.text.avg_len, 1e-9))
        score = np.zeros(len(rows), dtype=np.float64)
        for f, df in zip(freqs, dfs):
            df = min(df, n)   # postings of several words can outnumber the rows
            idf = max(math.log((n - df + 0.5) / (df + 0.5)), 1e-6)
            score += idf * (BM25_K1 + 1) * f / (f + norm)
        return score

    def _page(self, q: SearchQuery, rows: np.ndarray | None, freqs: list[np.ndarray], dfs: list[int]) -> np.ndarray:
        """The rows of the page: the hits in the query's order, from ``offset``, ``limit`` of them."""
        total = self.size if rows is None else len(rows)
        want = total if q.limit is None else min(total, q.offset + q.limit)
        if want <= q.offset:
            return np.zeros(0, dtype=np.int64)
        if q.sort == "date":
            if rows is None:
                return self.by_date[q.offset:want].astype(np.int64)
            rank = self.date_rank[rows]
            chosen = _smallest(rank, want)
            return rows[chosen[np.argsort(rank[chosen])]][q.offset:want]
        if freqs and rows is not None:
            score = self._bm25(rows, freqs, dfs)
            chosen = _largest_with_ties(score, want)
            ranked = chosen[np.lexsort((chosen, -score[chosen]))]   # ties: page order (rows are in it)
            return rows[ranked[q.offset:want]]
        if rows is None:
            return np.arange(q.offset, want, dtype=np.int64)
        return rows[q.offset:want]

    def _facets(self, rows: np.ndarray | None, limit: int | None) -> dict[str, dict[str, int]]:
        n = self.size
        if rows is None or len(rows) * 5 > n * 3:
            # Most rows: count the rest and subtract from the whole store's counts.
            rest = np.zeros(0, dtype=np.int64) if rows is None else _complement(rows, n)
            sign, base = -1, self.all_counts
            counted = rest
        else:
            sign, base, counted = 1, None, rows
        years = self.year[counted]
        raw = {
            "kind": np.bincount(self.kind[counted], minlength=len(ACTIVITY_KINDS)),
            "year": np.bincount(years[years >= 0], minlength=self._year_span()),
            "country": self.countries.counts(counted),
            "partner": self.partners.counts(counted),
            "regional": self.regionales.counts(counted),
        }
        if base is not None:
            raw = {k: base[k] + sign * v for k, v in raw.items()}
        labels = {"kind": (list(ACTIVITY_KINDS), _KIND_ORDER),
                  "year": ([str(self.year_base + i) for i in range(self._year_span())], np.arange(self._year_span())),
                  "country": (self.countries.labels, self.countries.label_order),
                  "partner": (self.partners.labels, self.partners.label_order),
                  "regional": (self.regionales.labels, self.regionales.label_order)}
        return {name: _facet(raw[name], *labels[name], limit) for name in ("kind", "country", "partner", "regional", "year")}

    def _year_span(self) -> int:
        return len(self.all_counts["year"])


class BuildCancelled(Exception):
    """The store is closing: a build in progress stops between batches of rows."""


_KIND_ORDER = np.argsort(np.argsort(np.array(ACTIVITY_KINDS)))


def _smallest(key: np.ndarray, k: int) -> np.ndarray:
    """Positions of the ``k`` smallest keys (unordered)."""
    if k >= len(key):
        return np.arange(len(key))
    return np.argpartition(key, k - 1)[:k]


def _largest_with_ties(score: np.ndarray, k: int) -> np.ndarray:
    """Positions of the ``k`` largest scores and of every score tied with the k-th (unordered): the later
    sort by page order decides among ties."""
    if k >= len(score):
        return np.arange(len(score))
    kth = score[np.argpartition(-score, k - 1)[k - 1]]
    return np.flatnonzero(score >= kth)


# --- keeping an index current ----------------------------------------------------------------------------

# A background build of a store with more activities than this runs in a child process: building is mostly
# Python and would hold the interpreter lock the searches answered meanwhile (from the database) need.
PROCESS_BUILD_MIN_ROWS = 50_000


class IndexedSearch:
    """The search index of one store, kept current: ``current`` answers the index when it was built at the
    store's present content generation, else None after starting to bring it up to date (in the background,
    or at once with ``background=False``): by taking in the documents added since when that is all that
    changed, else by building it again."""

    def __init__(self, engine: Engine, background: bool = True) -> None:
        self.engine = engine
        self.background = background
        self._index: SearchIndex | None = None
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._child: Any = None            # the process of a build in progress, if it runs in one
        self._closed = threading.Event()
        self.last_error: str | None = None

    @property
    def index(self) -> SearchIndex | None:
        return self._index

    def current(self, conn: Connection) -> SearchIndex | None:
        index = self._index
        if index is not None and index.generation == content_generation(conn):
            return index
        if self.background:
            self._start_build()
            return None
        return self.extend() or self.build()

    def current_generation(self) -> int:
        with self.engine.connect() as conn:
            return content_generation(conn)

    def build(self) -> SearchIndex:
        """Build a new index now, from one consistent read of the store, and keep it."""
        with snapshot(self.engine) as conn:
            index = SearchIndex.build(conn, self._closed.is_set)
        self._index = index
        log.info("search index: %d activities at generation %d in %.2f s (%.0f MB)", index.size,
                 index.generation, index.build_seconds, index.nbytes() / 1e6)
        return index

    def extend(self) -> SearchIndex | None:
        """Bring the kept index to the store's present generation by taking in the documents added since
        (``SearchIndex.extended``) and keep it; None when that cannot be done (no index yet, or the store
        changed otherwise): the index must be built again."""
        index = self._index
        if index is None:
            return None
        try:
            with snapshot(self.engine) as conn:
                extended = index.extended(conn, self._closed.is_set)
        except BuildCancelled:
            raise
        except Exception as exc:   # noqa: BLE001 - a full build follows, and it reports its own errors
            log.warning("search index: could not take in added documents (%s: %s); building again",
                        type(exc).__name__, exc)
            return None
        if extended is not None:
            self._index = extended
            log.info("search index: %d activities at generation %d, %d taken in, in %.2f s", extended.size,
                     extended.generation, extended.size - index.size, extended.build_seconds)
        return extended

    def _start_build(self) -> None:
        with self._lock:
            if self._closed.is_set() or (self._thread is not None and self._thread.is_alive()):
                return
            self._thread = threading.Thread(target=self._build_quietly, name="search-index", daemon=True)
            self._thread.start()

    def _build_quietly(self) -> None:
        try:
            if self.extend() is not None:
                pass                  # only documents were added: taken in, no build needed
            elif self._in_child_process():
                self._build_in_child()
            else:
                self.build()
            self.last_error = None
        except BuildCancelled:
            pass
        except Exception as exc:   # noqa: BLE001 - searches go on through the database; the cause is kept
            self.last_error = f"{type(exc).__name__}: {exc}"
            log.warning("search index build failed: %s", self.last_error)

    def warm(self) -> None:
        """Start building now (in the background), so the first searches need not wait for a stale check."""
        if self.background:
            self._start_build()

    def wait(self, timeout: float | None = None) -> None:
        """Wait for a build in progress (tests, warm-ups)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def close(self) -> None:
        """Stop: no new builds, and one in progress ends at its next batch of rows (or its process ends)."""
        with self._lock:
            self._closed.set()
            child = self._child
        if child is not None:
            child.terminate()
        self.wait()

    def _in_child_process(self) -> bool:
        url = self.engine.url
        if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
            return False   # a memory database is seen by this process only
        with self.engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT max(id) FROM activities").scalar() or 0
        return rows >= PROCESS_BUILD_MIN_ROWS

    def _build_in_child(self) -> None:
        """``build`` in a child process (a fresh interpreter: this one may run threads), the index sent back."""
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_build_for_parent, name="search-index",
                                args=(self.engine.url.render_as_string(hide_password=False), send), daemon=True)
        with self._lock:
            if self._closed.is_set():
                raise BuildCancelled("search index: store closed")
            child.start()
            self._child = child
        send.close()
        try:
            outcome, value = receive.recv()
        except EOFError:
            raise BuildCancelled("search index: build process ended") from None
        finally:
            receive.close()
            child.join()
            self._child = None
        if outcome != "ok":
            raise RuntimeError(value)
        self._index = value
        log.info("search index: %d activities at generation %d in %.2f s in a child process (%.0f MB)",
                 value.size, value.generation, value.build_seconds, value.nbytes() / 1e6)


def _build_for_parent(url: str, send: Any) -> None:
    """A child process's work: build the index of the store at ``url`` and send it (or the error) back."""
    from extractor.store.engine import make_engine

    engine = make_engine(url)
    try:
        with snapshot(engine) as conn:
            send.send(("ok", SearchIndex.build(conn)))
    except Exception as exc:   # noqa: BLE001 - the parent records it and searches go on through the database
        send.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        send.close()
        engine.dispose()
