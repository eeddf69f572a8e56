"""Plain data model of a synthetic bulletin: its text (sections, items, blocks) and its hand-written gold.

Text may carry **bold** marks; each renderer turns them into its own emphasis. Gold facts are written by
hand next to each item (they are NOT derived from the text by any code) and copied verbatim to
<name>.gold.json.
"""

from __future__ import annotations

from dataclasses import dataclass, field as dc_field
from typing import Any

Block = tuple[str, ...]   # ("p", text) | ("field", label, value) | ("bullet", text) | ("caption", text)


def p(text: str) -> Block:
    return ("p", text)


def f(label: str, value: str) -> Block:
    return ("field", label, value)


def b(text: str) -> Block:
    return ("bullet", text)


def cap(text: str) -> Block:
    return ("caption", text)


def partner(name: str, acronym: str | None = None, country: str | None = None,
            aliases: list[str] | tuple[str, ...] = (), optional: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "acronym": acronym, "country": country, "aliases": list(aliases)}
    if optional:
        out["optional"] = True
    return out


@dataclass
class Item:
    title: str
    blocks: list[Block] = dc_field(default_factory=list)
    gold: dict[str, Any] = dc_field(default_factory=dict)
    row: list[str] | None = None          # cells when the item is a table row (title = first cell)
    kind: str | None = None               # overrides the section's kind in the gold


def item(title: str, *blocks: Block, kind: str | None = None, **gold: Any) -> Item:
    return Item(title=title, blocks=list(blocks), gold=gold, kind=kind)


def row(*cells: str, kind: str | None = None, **gold: Any) -> Item:
    return Item(title=cells[0], row=list(cells), gold=gold, kind=kind)


@dataclass
class Section:
    heading: str
    kind: str
    items: list[Item]
    intro: list[str] = dc_field(default_factory=list)
    closing: list[str] = dc_field(default_factory=list)
    columns: list[str] | None = None      # set when the section is a table, one row per item


@dataclass
class Bulletin:
    name: str                             # file stem
    ext: str                              # docx | doc | pdf | txt | html
    style: str                            # renderer variant
    title: str                            # the bulletin's own name (gold document.title)
    period: tuple[str, str]
    sections: list[Section]
    masthead: list[str] = dc_field(default_factory=list)   # lines above the title (issuing office…)
    subtitle: str = ""
    preface: list[str] = dc_field(default_factory=list)
    totals: tuple[str, list[str]] | None = None           # ("El trimestre en cifras", lines)
    closing: list[str] = dc_field(default_factory=list)
    running_header: str = ""

    @property
    def filename(self) -> str:
        return f"{self.name}.{self.ext}"


GOLD_DEFAULTS: dict[str, Any] = {"partners": [], "countries": [], "cities": [], "date_start": None,
                                 "date_end": None, "beneficiaries": None, "regionales": []}


def gold_record(section: Section, it: Item) -> dict[str, Any]:
    g = dict(it.gold)
    # short aliases used in the content files: ds/de for dates, ben for beneficiaries, reg for regionales
    for short, long_ in (("ds", "date_start"), ("de", "date_end"), ("ben", "beneficiaries"), ("reg", "regionales")):
        if short in g:
            g[long_] = g.pop(short)
    if "day" in g:                         # a single day: same start and end
        g["date_start"] = g["date_end"] = g.pop("day")
    unknown = set(g) - set(GOLD_DEFAULTS)
    if unknown:
        raise ValueError(f"{it.title}: unknown gold keys {unknown}")
    rec: dict[str, Any] = {"kind": it.kind or section.kind, "title": strip_marks(it.title)}
    for key, default in GOLD_DEFAULTS.items():
        rec[key] = g.get(key, default)
    return rec


def strip_marks(text: str) -> str:
    return text.replace("**", "")
