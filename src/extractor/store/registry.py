"""The partner registry: every organisation once across all bulletins, and the archivist's curation.

A mention (name as written, acronym) resolves, in this order, to:

1. the target of a curated merge of any of its keys (decisions always win);
2. the partner that already has its normalised name as an alias;
3. the partner of its gazetteer entry (``load_gazetteer().lookup``), created with the entry's canonical name,
   acronym, country and type;
4. the partner that has its acronym as an alias, when the countries agree;
5. a fuzzy match (rapidfuzz ratio >= 92 on names of 12+ characters, same implied country, same numbers);
6. else a new partner named as written.

Distinct bodies stay distinct: the gazetteer keeps related bodies apart (OIT and OIT/Cinterfor are two
entries; "OIT / CINTERFOR" and "red OIT/Cinterfor" resolve to the centre, a bare "OIT" to the OIT), an
acronym is only recorded as an alias when it does not name another gazetteer entry ("DANIDA" is not the
Danida Fellowship Centre), and fuzzy matching never applies to acronyms, short names or across countries.

Curation decisions live in ``partner_curation`` keyed by normalised aliases and identity keys, never by row
id, so they are re-applied whenever a partner is resolved or re-created: they survive re-ingesting every
bulletin. Partners left without activities after a save are pruned unless a decision names them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, exists, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from extractor.model.activity import PartnerRef
from extractor.store.search import key_variants, normalise_key
from extractor.store.tables import (activities, activity_partners, documents, partner_aliases, partner_curation,
                                    partners, row_id, store_state)

if TYPE_CHECKING:
    from extractor.values.organisation import Entry


def load_gazetteer():   # noqa: ANN201 - imported on first use: opening a store to search needs none of it
    from extractor.values.organisation import load_gazetteer as load
    return load()


def implied_country_from_words(name: str) -> str | None:
    from extractor.values.organisation import implied_country_from_words as implied
    return implied(name)

ENTRY_PREFIX = "entry:"
FUZZY_MIN_CHARS = 12
FUZZY_MIN_SCORE = 92
MERGE, RENAME, COUNTRY = "merge", "rename", "country"
_DIGITS = re.compile(r"\d+")


class PartnerNotFound(LookupError):
    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "partner not found"


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _acronym_like(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and len(s) <= 24 and sum(c.isupper() for c in letters) >= max(2, len(letters) * 0.6)


def _upper(code: str | None) -> str | None:
    return code.strip().upper() if code and code.strip() else None


@dataclass
class _Partner:
    name: str
    acronym: str | None
    country: str | None
    type: str | None
    key: str
    entry_id: str | None


@dataclass
class RegistryState:
    """The registry as one Store last saw it, kept between its saves so a mention is resolved with no query.

    Valid while the store's registry generation (``store_state``) is the one recorded after this store's own
    last write: any other writer's change to partners, aliases or curation bumps it, and so does any curation
    command; a failed transaction drops the state (see ``Store._write_registry``).
    """

    generation: int | None = None
    loaded: bool = False
    partners: dict[int, _Partner] = field(default_factory=dict)
    by_entry: dict[str, int] = field(default_factory=dict)
    aliases: dict[str, int] = field(default_factory=dict)       # alias key → partner id
    fuzzy: dict[str, int] | None = None
    resolved: dict[tuple[str, str | None], tuple[int, str]] = field(default_factory=dict)
    curated: set[int] = field(default_factory=set)
    has_curation: bool = False
    changed: bool = False                                        # this transaction wrote to the registry

    def clear(self) -> None:
        self.__init__()  # type: ignore[misc]

    def load(self, conn: Connection) -> None:
        generation = self.generation
        self.clear()
        self.generation = generation
        for r in conn.execute(select(partners)):
            self.partners[r.id] = _Partner(r.name, r.acronym, r.country, r.type, r.key, r.entry_id)
            if r.entry_id:
                self.by_entry[r.entry_id] = r.id
        for key, pid in conn.execute(select(partner_aliases.c.key, partner_aliases.c.partner_id)):
            self.aliases[key] = pid
        self.has_curation = conn.execute(select(exists().where(partner_curation.c.id.is_not(None)))).scalar() or False
        self.loaded = True


_INSERT_IGNORING: dict[tuple[str, str], Any] = {}


def _insert_ignoring_duplicates(conn: Connection, table: Any) -> Any:
    """``INSERT … ON CONFLICT DO NOTHING RETURNING id`` for the connection's backend (one statement object per
    table, so its compiled form is reused): a duplicate key returns no row instead of failing, which spares
    a SAVEPOINT around every registry insert."""
    dialect = conn.dialect.name
    statement = _INSERT_IGNORING.get((dialect, table.name))
    if statement is None:
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as backend_insert
        elif dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert as backend_insert
        else:
            raise NotImplementedError(f"registry inserts on {dialect}")
        statement = _INSERT_IGNORING[(dialect, table.name)] = (backend_insert(table).on_conflict_do_nothing()
                                                               .returning(table.c.id))
    return statement


def read_generation(conn: Connection) -> int:
    return int(conn.execute(select(store_state.c.registry_generation).where(store_state.c.id == 1)).scalar() or 0)


def bump_generation(conn: Connection) -> int:
    """Mark a change to partners, aliases or curation (call under the save lock); return the new generation."""
    if conn.execute(update(store_state).where(store_state.c.id == 1)
                    .values(registry_generation=store_state.c.registry_generation + 1)).rowcount == 0:
        conn.execute(insert(store_state).values(id=1, registry_generation=1))
    return read_generation(conn)


class Registry:
    """Resolves mentions to registry partners inside one write transaction (``conn``).

    With a ``state`` kept by the Store, lookups run in memory; every write goes to the database and the state.
    """

    def __init__(self, conn: Connection, state: RegistryState | None = None) -> None:
        self.conn = conn
        self.gazetteer = load_gazetteer()
        self.state = state if state is not None else RegistryState()
        if not self.state.loaded:
            self.state.load(conn)

    # --- resolution --------------------------------------------------------------------------------------

    def resolve(self, ref: PartnerRef) -> tuple[int, str]:
        """(partner id, canonical name) for a mention; creates the partner if it is new."""
        st = self.state
        name = (ref.name or "").strip() or (ref.acronym or "").strip()
        cache_key = (normalise_key(name), normalise_key(ref.acronym or "") or None)
        if cache_key in st.resolved:
            return st.resolved[cache_key]
        entry = self._entry(name, ref.acronym)
        name_keys = key_variants(name)
        acronym = ref.acronym if ref.acronym and self._acronym_fits(ref.acronym, entry) else None
        acr_keys = key_variants(acronym or "")
        merge_keys = name_keys + acr_keys + ([ENTRY_PREFIX + entry.id] if entry else [])
        pid = (self._merged(merge_keys) or self._by_alias(name_keys)
               or (self._by_entry(entry) if entry else None)
               or self._by_acronym(acr_keys, ref) or self._by_fuzzy(name, ref))
        if pid is None:
            pid = self._create(name, acronym, ref)
        else:
            self._fill(pid, acronym, ref)
        self.add_alias(pid, name, "written")
        if acronym:
            self.add_alias(pid, acronym, "acronym")
        self._apply_curation(pid)
        result = (pid, st.partners[pid].name)
        st.resolved[cache_key] = result
        return result

    def _entry(self, name: str, acronym: str | None) -> Entry | None:
        entry = self.gazetteer.lookup(name)
        if entry is None and acronym:
            entry = self.gazetteer.lookup(acronym)
        return entry

    def _acronym_fits(self, acronym: str, entry: Entry | None) -> bool:
        """An acronym that names another gazetteer entry is not this partner's ("DANIDA Fellowship Center")."""
        other = self.gazetteer.lookup(acronym)
        return other is None or (entry is not None and other.id == entry.id)

    def _merged(self, keys: list[str]) -> int | None:
        if not keys or not self.state.has_curation:
            return None
        target = self.conn.execute(select(partner_curation.c.value).where(
            partner_curation.c.action == MERGE, partner_curation.c.key.in_(keys))).scalar()
        for _ in range(8):   # merges may chain (A into B, later B into C)
            if target is None:
                return None
            pid = self.conn.execute(select(partners.c.id).where(partners.c.key == target)).scalar()
            if pid is not None:
                return int(pid)
            target = self.conn.execute(select(partner_curation.c.value).where(
                partner_curation.c.action == MERGE, partner_curation.c.key == target)).scalar()
        return None

    def _by_alias(self, keys: list[str]) -> int | None:
        for key in keys:
            pid = self.state.aliases.get(key)
            if pid is not None:
                return pid
        return None

    def _by_entry(self, entry: Entry) -> int:
        pid = self.state.by_entry.get(entry.id)
        if pid is not None:
            return pid
        key = normalise_key(entry.name)
        values = {"name": entry.name, "acronym": entry.acronym, "country": entry.country, "type": entry.type,
                  "key": key, "entry_id": entry.id}
        pid = self._insert_partner(values)
        self.add_alias(pid, entry.name, "canonical")
        if entry.acronym:
            self.add_alias(pid, entry.acronym, "acronym")
        return pid

    def _by_acronym(self, keys: list[str], ref: PartnerRef) -> int | None:
        country = _upper(ref.country)
        for key in keys:
            pid = self.state.aliases.get(key)
            if pid is None:
                continue
            known = self.state.partners[pid].country
            if country is None or known is None or known == country:
                return pid
        return None

    def _fuzzy_choices(self) -> dict[str, int]:
        st = self.state
        if st.fuzzy is None:
            rows = self.conn.execute(select(partner_aliases.c.key, partner_aliases.c.alias,
                                            partner_aliases.c.partner_id))
            st.fuzzy = {r.key: int(r.partner_id) for r in rows
                        if len(r.key) >= FUZZY_MIN_CHARS and not _acronym_like(r.alias)}
        return st.fuzzy

    def _by_fuzzy(self, name: str, ref: PartnerRef) -> int | None:
        key = normalise_key(name)
        if len(key) < FUZZY_MIN_CHARS or _acronym_like(name):
            return None
        choices = self._fuzzy_choices()
        from rapidfuzz import fuzz, process
        best = process.extractOne(key, list(choices), scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_SCORE)
        if best is None or _DIGITS.findall(best[0]) != _DIGITS.findall(key):
            return None
        pid = choices[best[0]]
        country = _upper(ref.country) or implied_country_from_words(name)
        known = self.state.partners[pid].country
        if country and known and country != known:
            return None   # "Embajada de Suiza" is never "Embajada de Suecia"
        return pid

    def _create(self, name: str, acronym: str | None, ref: PartnerRef) -> int:
        country = _upper(ref.country) or implied_country_from_words(name)
        return self._insert_partner({"name": name, "acronym": acronym, "country": country, "type": ref.type,
                                     "key": key_variants(name)[0], "entry_id": None})

    def _insert_partner(self, values: dict[str, Any]) -> int:
        self.state.changed = True
        new_id = self.conn.execute(_insert_ignoring_duplicates(self.conn, partners), values).scalar()
        if new_id is not None:
            pid = int(new_id)
        else:                                # another writer created it meanwhile: take theirs
            found = self.conn.execute(select(partners.c.id).where(or_(
                partners.c.key == values["key"],
                partners.c.entry_id == values["entry_id"] if values.get("entry_id") else partners.c.id.is_(None),
            ))).scalar()
            if found is None:
                raise IntegrityError("INSERT INTO partners", values, Exception("conflict on an unknown key"))
            pid = int(found)
            if values.get("entry_id"):
                self.conn.execute(update(partners).where(partners.c.id == pid, partners.c.entry_id.is_(None))
                                  .values(entry_id=values["entry_id"]))
            self._reload_partner(pid)
            return pid
        st = self.state
        st.partners[pid] = _Partner(values["name"], values["acronym"], values["country"], values["type"],
                                    values["key"], values["entry_id"])
        if values["entry_id"]:
            st.by_entry[values["entry_id"]] = pid
        return pid

    def _reload_partner(self, pid: int) -> None:
        r = self.conn.execute(select(partners).where(partners.c.id == pid)).one()
        self.state.partners[pid] = _Partner(r.name, r.acronym, r.country, r.type, r.key, r.entry_id)
        if r.entry_id:
            self.state.by_entry[r.entry_id] = pid

    def _fill(self, pid: int, acronym: str | None, ref: PartnerRef) -> None:
        row = self.state.partners[pid]
        if row.entry_id is not None:
            return   # the gazetteer's data stands
        changes = {col: val for col, val in (("acronym", acronym), ("country", _upper(ref.country)),
                                             ("type", ref.type)) if val and getattr(row, col) is None}
        if changes:
            self.state.changed = True
            self.conn.execute(update(partners).where(partners.c.id == pid).values(**changes))
            for col, val in changes.items():
                setattr(row, col, val)

    def add_alias(self, pid: int, alias: str, source: str) -> None:
        """Record ``alias`` for ``pid`` unless its key already belongs to a partner (aliases are never stolen)."""
        st = self.state
        for key in key_variants(alias):
            if key in st.aliases:
                continue
            st.changed = True
            inserted = self.conn.execute(_insert_ignoring_duplicates(self.conn, partner_aliases),
                                         {"partner_id": pid, "alias": alias.strip(), "key": key,
                                          "source": source}).scalar()
            if inserted is None:     # only if the state is stale: learn the owner
                owner = self.conn.execute(select(partner_aliases.c.partner_id)
                                          .where(partner_aliases.c.key == key)).scalar()
                if owner is not None:
                    st.aliases[key] = int(owner)
                continue
            st.aliases[key] = pid
            if st.fuzzy is not None and len(key) >= FUZZY_MIN_CHARS and not _acronym_like(alias):
                st.fuzzy[key] = pid

    def _apply_curation(self, pid: int) -> None:
        """Re-assert rename / set-country decisions on this partner (once per registry state)."""
        st = self.state
        if not st.has_curation or pid in st.curated:
            return
        st.curated.add(pid)
        st.changed = True
        apply_decisions(self.conn, pid)
        self._reload_partner(pid)


# --- curation ----------------------------------------------------------------------------------------------

def apply_decisions(conn: Connection, pid: int) -> None:
    key = conn.execute(select(partners.c.key).where(partners.c.id == pid)).scalar_one()
    for action, value in conn.execute(select(partner_curation.c.action, partner_curation.c.value).where(
            partner_curation.c.key == key, partner_curation.c.action.in_([RENAME, COUNTRY]))):
        column = "name" if action == RENAME else "country"
        conn.execute(update(partners).where(partners.c.id == pid).values({column: value or None}))


def _decide(conn: Connection, key: str, action: str, value: str) -> None:
    conn.execute(delete(partner_curation).where(partner_curation.c.key == key, partner_curation.c.action == action))
    conn.execute(insert(partner_curation).values(key=key, action=action, value=value, created_at=_now()))


def find_partner(conn: Connection, ref: str | int) -> int:
    """A partner by id (digits), else by any name, alias or acronym (also a curated merge's), else by
    its gazetteer entry. Raises PartnerNotFound."""
    text = str(ref).strip()
    if (by_id := row_id(text)) is not None:
        pid = conn.execute(select(partners.c.id).where(partners.c.id == by_id)).scalar()
        if pid is not None:
            return int(pid)
    keys = key_variants(text)
    if keys:
        pid = conn.execute(select(partner_aliases.c.partner_id).where(partner_aliases.c.key.in_(keys))).scalar()
        if pid is not None:
            return int(pid)
        entry = load_gazetteer().lookup(text)
        pid = conn.execute(select(partners.c.id).where(partners.c.entry_id == entry.id)).scalar() if entry else None
        if pid is not None:
            return int(pid)
        target = conn.execute(select(partner_curation.c.value).where(
            partner_curation.c.action == MERGE, partner_curation.c.key.in_(keys))).scalar()
        pid = conn.execute(select(partners.c.id).where(partners.c.key == target)).scalar() if target else None
        if pid is not None:
            return int(pid)
    raise PartnerNotFound(f"no partner {text!r}")


def merge(conn: Connection, source_ids: list[int], target_id: int) -> None:
    """Fold the sources into the target: their aliases, mentions and future mentions (by every key they
    were known by, and their gazetteer entries) go to the target."""
    target_key = conn.execute(select(partners.c.key).where(partners.c.id == target_id)).scalar_one()
    for sid in dict.fromkeys(source_ids):
        if sid == target_id:
            continue
        src = conn.execute(select(partners).where(partners.c.id == sid)).one()
        keys = set(conn.execute(select(partner_aliases.c.key).where(partner_aliases.c.partner_id == sid)).scalars())
        keys.add(src.key)
        if src.entry_id:
            keys.add(ENTRY_PREFIX + src.entry_id)
        for key in keys:
            _decide(conn, key, MERGE, target_key)
        # Earlier merges into the source now point at the target; the source's own decisions go.
        conn.execute(update(partner_curation).where(partner_curation.c.action == MERGE,
                                                    partner_curation.c.value == src.key).values(value=target_key))
        conn.execute(delete(partner_curation).where(partner_curation.c.key == src.key,
                                                    partner_curation.c.action.in_([RENAME, COUNTRY])))
        conn.execute(update(partner_aliases).where(partner_aliases.c.partner_id == sid).values(partner_id=target_id))
        conn.execute(update(activity_partners).where(activity_partners.c.partner_id == sid)
                     .values(partner_id=target_id))
        conn.execute(delete(partners).where(partners.c.id == sid))


def rename(conn: Connection, pid: int, name: str) -> None:
    key = conn.execute(select(partners.c.key).where(partners.c.id == pid)).scalar_one()
    _decide(conn, key, RENAME, name.strip())
    Registry(conn).add_alias(pid, name, "curated")
    apply_decisions(conn, pid)


def set_country(conn: Connection, pid: int, code: str | None) -> None:
    key = conn.execute(select(partners.c.key).where(partners.c.id == pid)).scalar_one()
    _decide(conn, key, COUNTRY, _upper(code) or "")
    apply_decisions(conn, pid)


def prune(conn: Connection) -> int:
    """Drop partners no activity mentions and no decision names; return how many."""
    linked = exists().where(activity_partners.c.partner_id == partners.c.id)
    named = exists().where(or_(
        (partner_curation.c.key == partners.c.key) & partner_curation.c.action.in_([RENAME, COUNTRY]),
        (partner_curation.c.value == partners.c.key) & (partner_curation.c.action == MERGE)))
    ids = list(conn.execute(select(partners.c.id).where(~linked, ~named)).scalars())
    for i in range(0, len(ids), 500):
        conn.execute(delete(partners).where(partners.c.id.in_(ids[i:i + 500])))
    return len(ids)


# --- reading -----------------------------------------------------------------------------------------------

def _activity_counts(conn: Connection, pids: list[int] | None) -> dict[int, dict[str, Any]]:
    ap = activity_partners
    stmt = (select(ap.c.partner_id, func.count(ap.c.activity_id.distinct()).label("n"),
                   func.count(activities.c.document_id.distinct()).label("docs"),
                   func.min(activities.c.year).label("first"), func.max(activities.c.year).label("last"))
            .join(activities, activities.c.id == ap.c.activity_id).group_by(ap.c.partner_id))
    if pids is not None:
        stmt = stmt.where(ap.c.partner_id.in_(pids))
    return {r.partner_id: {"activities": r.n, "documents": r.docs, "first_year": r.first, "last_year": r.last}
            for r in conn.execute(stmt)}


def _years(conn: Connection, pid: int) -> list[int]:
    rows = conn.execute(select(activities.c.year).distinct().join(
        activity_partners, activity_partners.c.activity_id == activities.c.id)
        .where(activity_partners.c.partner_id == pid, activities.c.year.is_not(None)).order_by(activities.c.year))
    return [int(y) for y in rows.scalars()]


def list_partners(conn: Connection, text: str | None = None, country: str | None = None) -> list[dict[str, Any]]:
    """Every partner with its aliases and activity counts, most mentioned first."""
    stmt = select(partners)
    if country:
        stmt = stmt.where(partners.c.country == country.strip().upper())
    rows = list(conn.execute(stmt))
    aliases: dict[int, list[str]] = {}
    for r in conn.execute(select(partner_aliases.c.partner_id, partner_aliases.c.alias).order_by(partner_aliases.c.id)):
        aliases.setdefault(r.partner_id, []).append(r.alias)
    counts = _activity_counts(conn, None)
    needle = normalise_key(text or "")
    out = []
    for r in rows:
        names = aliases.get(r.id, [])
        if needle and not any(needle in normalise_key(n) for n in [r.name, *names]):
            continue
        c = counts.get(r.id, {"activities": 0, "documents": 0, "first_year": None, "last_year": None})
        out.append({"id": r.id, "name": r.name, "acronym": r.acronym, "country": r.country, "type": r.type,
                    "entry_id": r.entry_id, "aliases": list(dict.fromkeys(names)), **c})
    out.sort(key=lambda p: (-p["activities"], normalise_key(p["name"])))
    return out


def partner_detail(conn: Connection, pid: int) -> dict[str, Any]:
    r = conn.execute(select(partners).where(partners.c.id == pid)).one()
    alias_rows = conn.execute(select(partner_aliases.c.alias, partner_aliases.c.source)
                              .where(partner_aliases.c.partner_id == pid).order_by(partner_aliases.c.id))
    acts = conn.execute(
        select(activities.c.id, activities.c.kind, activities.c.title, activities.c.year,
               documents.c.name.label("document"), activity_partners.c.name_as_written)
        .join(activity_partners, activity_partners.c.activity_id == activities.c.id)
        .join(documents, documents.c.id == activities.c.document_id)
        .where(activity_partners.c.partner_id == pid).order_by(documents.c.name, activities.c.seq))
    seen: dict[int, dict[str, Any]] = {}
    for a in acts:
        seen.setdefault(a.id, {"id": a.id, "document": a.document, "kind": a.kind, "title": a.title,
                               "year": a.year, "written": a.name_as_written})
    keys = set(conn.execute(select(partner_aliases.c.key).where(partner_aliases.c.partner_id == pid)).scalars())
    decisions = conn.execute(select(partner_curation.c.key, partner_curation.c.action, partner_curation.c.value)
                             .where(or_(partner_curation.c.key == r.key,
                                        (partner_curation.c.value == r.key) & (partner_curation.c.action == MERGE),
                                        partner_curation.c.key.in_(keys)))
                             .order_by(partner_curation.c.id))
    c = _activity_counts(conn, [pid]).get(pid, {"activities": 0, "documents": 0, "first_year": None,
                                                 "last_year": None})
    return {"id": r.id, "name": r.name, "acronym": r.acronym, "country": r.country, "type": r.type,
            "entry_id": r.entry_id, "key": r.key,
            "aliases": [{"alias": a.alias, "source": a.source} for a in alias_rows],
            **c, "years": _years(conn, pid), "activity_list": list(seen.values()),
            "decisions": [{"key": d.key, "action": d.action, "value": d.value} for d in decisions]}
