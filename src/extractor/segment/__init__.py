"""Segmenter: headings → sections (kind from the vocabulary) → activity items with their fields.

What is not an item: front matter (title, period), section intros, captions, closing paragraphs of a
section, and everything under a "… en cifras"-style heading.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from extractor.model import Block, BlockKind, Field, Item, ParsedDocument, Section, SegmentedDocument
from extractor.normalize import fold, squash, words
from extractor.segment.vocab import SectionVocab, load_vocab
from extractor.values.date import parse_period

LABEL = re.compile(r"^[ \t]*(?P<label>[^\W\d][\w./° ]{0,40}?)[ \t]*:[ \t]*(?P<value>\S.*)$", re.MULTILINE)
DATED_LINE = re.compile(r"^\s*(?:\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?|\d{1,2}(?:\s*[-–]\s*\d{1,2})?\s+de\s+[a-záéíóú]+)"
                        r"\s*[–—-]\s+(?P<rest>[A-ZÁÉÍÓÚÑ¿\"“].{10,})$")
EMAIL_LABEL = re.compile(r"^(?:(?:asunto|subject|re|rv|fw|fwd|tema)\s*:\s*)+", re.IGNORECASE)
SEGMENT = re.compile(r"[^\n|\t]+(?:\t+(?![^\n|\t]*:)[^\n|\t]+)*")   # a line, or a "|" cell, or "Label:\tvalue" between tabs
MAX_HEADING_CHARS = 220
NUMBERING = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|\d{1,2}\)|[IVX]{1,4}\.|[a-z]\))\s+")   # "1.2 ", "7) ", "IV. ", "a) "
# A second "Label: value" on the same line, after a sentence or a parenthesis ends: "Aliado: INA (Costa Rica)
# Lugar y fecha de firma: San José…". The first field's value stops there.
INLINE_LABEL = re.compile(r"(?<=[.)])[ \t]+(?=[A-ZÁÉÍÓÚÑ][^\W\d]*(?:[ \t]+[^\W\d]+){0,5}[ \t]*:[ \t]+\S)")


@dataclass
class _OpenItem:
    heading: Block | None
    title: str
    kind: str
    section: str | None
    blocks: list[Block] = field(default_factory=list)


def _heading_candidate(block: Block, style: str) -> bool:
    """Is this block a heading? ``style`` says what marks headings in this document (see ``_heading_style``)."""
    if block.kind in (BlockKind.heading, BlockKind.title):
        return len(block.text) <= MAX_HEADING_CHARS
    if block.kind != BlockKind.paragraph or len(block.text) > MAX_HEADING_CHARS or "\n" in block.text:
        return False
    text = block.text.rstrip()
    if text.endswith((".", ";", ",", ":")) or LABEL.match(text) and len(LABEL.match(text).group("label").split()) <= 3:
        return False
    if style == "bold":
        # Documents without heading styles mark headings by a short, wholly bold paragraph.
        return block.bold
    if style == "shape":
        # No styles at all (OCR, plain exports): a short standalone line that starts like a title.
        first = text.lstrip("¿¡\"“'(")[:1]
        return len(text.split()) <= 16 and (first.isupper() or first.isdigit())
    return False


def _heading_style(blocks: list[Block]) -> str:
    """What marks headings here: "styles" (heading blocks), "bold" paragraphs, or only the line "shape"."""
    if sum(1 for b in blocks if b.kind == BlockKind.heading) >= 3:
        return "styles"
    if sum(1 for b in blocks if b.kind == BlockKind.paragraph and b.bold and len(b.text) <= MAX_HEADING_CHARS) >= 3:
        return "bold"
    return "shape"


def _front_heading(block: Block, vocab: SectionVocab) -> bool:
    if block.kind == BlockKind.title:
        return True
    ws = words(block.text)
    if vocab.is_section_heading(block.text):
        return False
    return bool(set(ws) & vocab.title_words) or vocab.is_office_name(block.text) or (
        len(ws) <= 8 and parse_period(block.text) is not None)


def _record_rows(blocks: list[Block], vocab: SectionVocab) -> dict[int, str]:
    """Rows of key/value tables ("Contraparte | Wageningen University", one table or run of rows per
    activity), by block id, with the field each row's first cell names ("title" for "Actividad", "" for
    a label we do not know).

    A table is a run of consecutive two-cell rows with the same header; it is a key/value table when most
    first cells are short field labels and the second cells are values, not labels (a header row
    "Actividad | Aliado" over rows of activities is an ordinary table)."""
    found: dict[int, str] = {}
    run: list[Block] = []
    for block in [*blocks, None]:
        if block is not None and block.kind == BlockKind.table_row and block.cells and len(block.cells) == 2 \
                and (not run or run[-1].header == block.header):
            run.append(block)
            continue
        labels = [_label_cell(row.cells[0], vocab) for row in run]
        values_are_labels = sum(1 for row in run if _label_cell(row.cells[1], vocab))
        # Most first cells are labels; or the first row names the activity ("Actividad | …") and the rest
        # carry labels of this bulletin's own ("Visitante", "Integrantes").
        led_by_title = (bool(labels) and labels[0] == "title" and squash(run[0].cells[0]) in vocab.item_title_labels
                        and not _label_cell(run[0].cells[1], vocab))     # "Actividad | Aliado" is a header row
        if len(run) >= 2 and values_are_labels <= 1 and (
                sum(1 for f in labels if f) >= 0.6 * len(run) or led_by_title):
            # A row whose first cell names no field we know ("Financiación") is still the item's text.
            found.update({id(row): f or "" for row, f in zip(run, labels) if row.cells[1].strip()})
        run = [block] if block is not None and block.kind == BlockKind.table_row and block.cells \
            and len(block.cells) == 2 else []
    return found


def _label_cell(cell: str, vocab: SectionVocab) -> str | None:
    label = cell.strip().rstrip(":").strip()
    return vocab.header_field(label) if label and len(label.split()) <= 4 else None


def _fields_of(block: Block, vocab: SectionVocab, record_field: str | None = None) -> list[Field]:
    found: list[Field] = []
    if record_field is not None and block.cells and block.cell_offsets:
        (label, value), (a, b) = block.cells, block.cell_offsets[1]
        if record_field not in ("", "title"):
            found.append(Field(name=record_field, label=label.strip(), value=value.strip(),
                               start=block.start + a + (len(value) - len(value.lstrip())),
                               end=block.start + a + len(value.rstrip())))
        return found
    if block.kind == BlockKind.table_row and block.cells and block.header and block.cell_offsets:
        for header, cell, (a, b) in zip(block.header, block.cells, block.cell_offsets):
            name = _header_field(header, vocab)
            if name and cell.strip():
                found.append(Field(name=name, label=header, value=cell.strip(),
                                   start=block.start + a, end=block.start + b))
        return found
    # A line may hold several fields: "Aliado: X | País: Y | Fecha: Z", "Aliado: X (Perú). Fecha: Z".
    for segment in SEGMENT.finditer(block.text):
        line = segment.group(0)
        last = found[-1] if found else None
        if last is not None and not LABEL.match(line) and _wraps(block, last, segment):
            # A value wrapped onto the next line: "Delegación: Deutsche Gesellschaft … Zusammenarbeit" /
            # "(GIZ) GmbH", "Aliado: Swisscontact (Fundación … Desarrollo" / "Técnico)".
            end = block.start + segment.start() + len(line.rstrip())
            found[-1] = Field(name=last.name, label=last.label, value=block.text[last.start - block.start:
                                                                                  end - block.start],
                              start=last.start, end=end)
            continue
        cuts = [0] + [c.end() for c in INLINE_LABEL.finditer(line)] + [len(line) + 1]
        for a, b in zip(cuts, cuts[1:]):
            piece = line[a:b]
            m = LABEL.match(piece)
            if not m:
                continue
            name = vocab.field_name(m.group("label"))
            if name:
                value = m.group("value").rstrip()
                start = block.start + segment.start() + a + m.start("value")
                found.append(Field(name=name, label=m.group("label").strip(), value=value, start=start,
                                   end=start + len(value)))
    return found


def _wraps(block: Block, field: Field, segment: re.Match[str]) -> bool:
    """Does this line of ``block`` carry on ``field``'s value: the next line, with the value's parenthesis
    still open or a parenthesis opening it?"""
    between = block.text[field.end - block.start:segment.start()]
    line = segment.group(0).strip()
    return between.strip() == "" and "\n" in between and bool(line) and (
        field.value.count("(") > field.value.count(")") or line.startswith("("))


def _header_field(header: str, vocab: SectionVocab) -> str | None:
    name = vocab.header_field(header)
    if name:
        return name
    # "Aliado / Socio", "Fechas (inicio - fin)": try each part of a compound header.
    for part in re.split(r"[/()\-–|,]", header):
        name = vocab.field_name(part)
        if name:
            return name
    return None


def _opens_items(position: int, blocks: list[Block], candidates: list[bool], record_rows: dict[int, str],
                 vocab: SectionVocab) -> bool:
    """Does what follows the heading at ``position`` open activities (a record table's "Actividad" row, a
    deeper heading, a list paragraph with a run-in title) rather than one activity's own text?"""
    index = next((i for i in range(position + 1, len(blocks)) if blocks[i].kind != BlockKind.caption), None)
    if index is None:
        return False
    following = blocks[index]
    if record_rows.get(id(following)) == "title" or _title_field(following, vocab) or _run_in_title(following):
        return True
    heading = blocks[position]
    return candidates[index] and following.kind == BlockKind.heading and heading.level is not None \
        and following.level is not None and following.level > heading.level


def _heading_shape(block: Block) -> tuple[bool, int | None]:
    """What a heading looks like: all in capitals, and its level (None when unknown)."""
    return block.text.isupper(), block.level


def _plain_section_line(block: Block, vocab: SectionVocab) -> bool:
    """A short paragraph, not a sentence, made only of section words ("Movilidad entrante", "Eventos"):
    a (sub)section heading whatever its typography."""
    text = block.text.strip()
    return (block.kind == BlockKind.paragraph and 0 < len(text.split()) <= 4 and text[-1] not in ".:;,"
            and vocab.is_section_heading(text))


def _is_closing(block: Block, vocab: SectionVocab) -> bool:
    if block.kind != BlockKind.paragraph:
        return False
    # "En cifras: 11 acciones · 660 personas…": the period's figures under a label, not the item's.
    label, colon, _ = block.text[:60].partition(":")
    if colon and vocab.is_closing_label(label):
        return True
    text = fold(block.text)
    if not any(text.startswith(start + " ") for start in vocab.closing_starts):
        return False
    first_sentence = set(words(text.split(".")[0]))
    return bool(first_sentence & vocab.closing_cues)


def _bold_lead(block: Block, vocab: SectionVocab) -> str | None:
    """The bold run that opens a paragraph and names an activity ("**Alianza con Festo.** Texto…")."""
    if block.kind not in (BlockKind.paragraph, BlockKind.list_item) or not block.bold_spans:
        return None
    a, b = block.bold_spans[0]
    if a > 1:
        return None
    lead = block.text[a:b].strip().rstrip(".:;–—-").strip()
    if len(lead.split()) < 2 or len(lead) > MAX_HEADING_CHARS or vocab.field_name(lead):
        return None
    return lead


RUN_IN_END = re.compile(r"(?<!\b[A-Za-z])\.\s+(?=[A-ZÁÉÍÓÚÑ¿\"“])")   # a sentence ends, not "S.A." or "n."


def _run_in_title(block: Block) -> str | None:
    """A list paragraph opened by a short title sentence, in plain type: "Pasantía en Tampere. Con la
    reapertura parcial de fronteras, cuatro instructores…" (minutes and memos number their activities so)."""
    if block.kind != BlockKind.list_item or len(block.text.split()) < 20:
        return None
    end = RUN_IN_END.search(block.text)
    if end is None:
        return None
    lead = " ".join(block.text[:end.start()].split())
    return lead if 2 <= len(lead.split()) <= 14 and lead[:1].isupper() else None


def _title_field(block: Block, vocab: SectionVocab) -> str | None:
    """'ACTIVIDAD: Convenio marco con la Universidad de Salamanca': a field that names the item."""
    m = LABEL.match(block.text.split("\n", 1)[0])
    if m and squash(m.group("label")) in vocab.item_title_labels:
        return m.group("value").strip()
    return None


def _headings_over_lead_items(blocks: list[Block], candidates: list[bool], vocab: SectionVocab) -> set[int]:
    """Headings whose content is a run of items led by bold titles or "Actividad:" fields: sections,
    whatever their names ("Nuestros aliados en el mundo"). ``candidates[i]``: is blocks[i] a heading candidate?"""
    found: set[int] = set()
    heading: Block | None = None
    leads = fields = 0
    for block, candidate in [*zip(blocks, candidates), (None, True)]:
        if block is None or candidate:
            if heading is not None and (leads >= 2 or fields >= 1):
                found.add(id(heading))
            heading, leads, fields = block, 0, 0
            continue
        if block.kind == BlockKind.paragraph and _title_field(block, vocab):
            fields += 1
        elif block.kind == BlockKind.paragraph and _bold_lead(block, vocab) and \
                len(block.text) > block.bold_spans[0][1] + 20:
            leads += 1      # a bold title followed by the item's text in the same paragraph
        elif _dated_line(block):
            leads += 1      # "12/10 – Visita de …": one line, one activity
    return found


def _dated_line(block: Block) -> str | None:
    """'12/10 – Visita de la Embajada de Corea al Centro de Diseño (Cali)': a one-line activity of a
    news list, led by its date."""
    if block.kind not in (BlockKind.list_item, BlockKind.paragraph) or "\n" in block.text:
        return None
    m = DATED_LINE.match(block.text)
    if not m or len(block.text) > 400:
        return None
    return m.group("rest").strip()


def _lead_items(blocks: list[Block], section: Section, vocab: SectionVocab) -> list[_OpenItem]:
    """Items of a section without item headings: each paragraph led by a bold title, or by a field
    naming the activity ("Actividad: …"), or a dated news line ("12/10 – …") starts one; so does a list
    line followed by labelled fields ("* Pasantía en Noruega" / "Aliado: NTNU" / "Lugar: Trondheim")."""
    items: list[_OpenItem] = []
    for index, block in enumerate(blocks):
        lead = (_title_field(block, vocab) or _bold_lead(block, vocab) or _dated_line(block)
                or _field_led_title(block, blocks[index + 1] if index + 1 < len(blocks) else None, vocab)
                or _run_in_title(block))
        if lead and not vocab.is_not_item_heading(lead):
            items.append(_OpenItem(heading=None, title=lead, kind=section.kind, section=section.title,
                                   blocks=[block]))
        elif items and not _is_closing(block, vocab):
            items[-1].blocks.append(block)
    return items


def _field_led_title(block: Block, following: Block | None, vocab: SectionVocab) -> str | None:
    """A short list line that a "Label: value" line follows names the activity the fields describe."""
    text = block.text.strip()
    if (block.kind != BlockKind.list_item or following is None or not text or len(text.split()) > 25
            or text.endswith((":", ";", ","))):
        return None
    label = LABEL.match(following.text.split("\n", 1)[0])
    return text if label and len(label.group("label").split()) <= 4 else None


def _is_footer(block: Block, vocab: SectionVocab) -> bool:
    """Credits and sign-offs at a document's end ("Elaborado por …", "Documento de trabajo – Coordinación …")."""
    text = fold(block.text).lstrip("_*– -")
    return block.kind == BlockKind.paragraph and len(text.split()) <= 40 and (
        any(text.startswith(start + " ") or text.startswith(start + ":") for start in vocab.footer_starts))


def _total_row(block: Block, vocab: SectionVocab) -> bool:
    first = next((c for c in block.cells or [] if c.strip()), "")
    folded = squash(first)
    return any(folded == t or folded.startswith(t + " ") for t in vocab.total_rows)


def _row_kind(block: Block, vocab: SectionVocab) -> str | None:
    """The activity kind a row's "Tipo"/"Modalidad" cell names, if any."""
    for header, cell in zip(block.header or [], block.cells or []):
        if _header_field(header, vocab) == "kind" and cell.strip():
            return vocab.kind_of(cell)
    return None


def _row_title(block: Block, vocab: SectionVocab) -> str:
    """The row's activity: its title cell (else its first cell that is not a date, count or regional);
    a cell's first line, as a note may follow the title on its own lines."""
    if block.cells and block.header:
        for header, cell in zip(block.header, block.cells):
            if _header_field(header, vocab) == "title" and cell.strip():
                return _first_line(cell)
        for header, cell in zip(block.header, block.cells):
            if cell.strip() and _header_field(header, vocab) not in ("date", "beneficiaries", "regionales"):
                return _first_line(cell)
    return _first_line(block.cells[0] if block.cells else block.text)


def _first_line(text: str) -> str:
    return text.strip().split("\n", 1)[0].strip()


def _front_matter(blocks: list[Block], vocab: SectionVocab) -> tuple[str | None, tuple | None]:
    """The bulletin's title and the period it reports on, from the blocks before the first section."""
    lines: list[tuple[str, bool]] = []           # (line, is it a title or heading block)
    for block in blocks:
        display = block.kind in (BlockKind.title, BlockKind.heading) or block.bold
        lines += [(line.strip(), display) for line in block.text.split("\n") if line.strip()]

    def strip_labels(line: str) -> str:
        return EMAIL_LABEL.sub("", line).strip()

    usable = [(strip_labels(line), display) for line, display in lines if not vocab.is_office_name(line)]
    with_words = [line for line, _ in usable if set(words(line)) & vocab.title_words]
    displayed = [line for line, display in usable if display and len(line) <= 150]
    short = [line for line, _ in usable if len(line) <= 150 and not parse_period(line)]
    title = next(iter(with_words + displayed + short), None)

    # The title's own period wins ("Boletín … – octubre a diciembre 2019"); then a short line's (a
    # subtitle); a period inside running text ("el plan 2024-2026") only when nothing else states one.
    period = parse_period(title) if title else None
    if period is None:
        period = next((p for line, _ in usable if len(line.split()) <= 12 and (p := parse_period(line))), None)
    if period is None:
        period = next((p for line, _ in usable if (p := parse_period(line))), None)
    return title, period


def segment_document(doc: ParsedDocument, vocab: SectionVocab | None = None) -> SegmentedDocument:
    vocab = vocab or load_vocab()
    result = _segment(doc, vocab, headings_are_sections=False)
    if not result.items:
        # No item found under the vocabulary's sections: the bulletin names its sections its own way
        # ("Nuestros aliados en el mundo") and its items are led by bold runs or title fields.
        retry = _segment(doc, vocab, headings_are_sections=True)
        if retry.items:
            return retry
    return result


def _segment(doc: ParsedDocument, vocab: SectionVocab, *, headings_are_sections: bool) -> SegmentedDocument:
    blocks = doc.blocks
    style = _heading_style(blocks)
    levels = {b.level for b in blocks if b.kind == BlockKind.heading and b.level}
    if len(levels) > 2 and sum(1 for b in blocks if b.kind == BlockKind.heading and b.level == min(levels)) == 1:
        levels.discard(min(levels))     # one top heading is the bulletin's title: sections sit a level lower
    multi_level = len(levels) > 1

    candidates = [_heading_candidate(block, style) for block in blocks]    # asked twice per block below
    record_rows = _record_rows(blocks, vocab)
    # Headings that look like the section headings (all capitals, or the same heading level) and name a kind
    # are sections too, though some of their words are not section words ("MOVILIDAD DE INSTRUCTORES,
    # APRENDICES Y ESTUDIANTES", "EVENTOS Y ESPACIOS INTERNACIONALES", a Heading 1 "Formación conjunta").
    shapes = Counter(_heading_shape(b) for b, c in zip(blocks, candidates) if c and vocab.is_section_heading(b.text))
    section_shapes = {shape for shape, n in shapes.items() if n >= 2 and shape != (False, None)}
    lead_sections = _headings_over_lead_items(blocks, candidates, vocab)
    sections: list[Section] = []
    items: list[Item] = []
    front: list[Block] = []
    current_section: Section | None = None
    section_blocks: list[Block] = []
    open_item: _OpenItem | None = None
    skipping = False            # under a not-item heading ("El trimestre en cifras")
    pending_items: list[_OpenItem] = []

    def close_item() -> None:
        nonlocal open_item
        if open_item is not None:
            pending_items.append(open_item)
            open_item = None

    def close_section() -> None:
        close_item()
        if not pending_items and current_section is not None:
            pending_items.extend(_lead_items(section_blocks, current_section, vocab))
        if current_section is not None and current_section.kind == "other" and pending_items:
            # A section named its own way ("SENA sin fronteras"): what its intro and items are about tells
            # its kind; an item whose title starts with an activity word ("Curso de…") says its own.
            about = " ".join([current_section.title] + [b.text for b in section_blocks[:2]] +
                             [it.title + ". " + " ".join(b.text for b in it.blocks)[:300] for it in pending_items])
            guess = vocab.infer_kind("", about, limit=600)
            for it in pending_items:
                it.kind = vocab.kind_of(" ".join(words(it.title)[:2])) or guess or "other"
        section_blocks.clear()
        if pending_items:
            last = pending_items[-1]
            # The section's closing paragraph sits after its last item: it sums up, it is not the item.
            while last.blocks and (_is_closing(last.blocks[-1], vocab) or _is_footer(last.blocks[-1], vocab)):
                last.blocks.pop()
        for it in pending_items:
            items.append(_finish(it, vocab, record_rows))
        pending_items.clear()

    for position, (block, candidate) in enumerate(zip(blocks, candidates)):
        if block.kind == BlockKind.caption:
            continue
        if candidate and current_section is None and not skipping and _front_heading(block, vocab):
            front.append(block)       # the bulletin's own title or period, not a section
            continue
        is_section = False
        if not candidate and _plain_section_line(block, vocab):
            is_section = True       # "Movilidad entrante" set small or in colour, alone on its line
        elif candidate:
            if vocab.is_section_heading(block.text) or (
                    _heading_shape(block) in section_shapes and len(block.text.split()) <= 10
                    and vocab.kind_of(block.text) is not None and not vocab.is_not_item_heading(block.text)
                    and _opens_items(position, blocks, candidates, record_rows, vocab)):
                is_section = True
            elif vocab.is_not_item_heading(block.text):
                # "Resumen del trimestre", "El trimestre en cifras": whatever its level, no activities under it.
                close_section()
                skipping = True
                current_section = None
                continue
            elif multi_level and block.level == min(levels) and block.kind == BlockKind.heading:
                is_section = True
            elif id(block) in lead_sections:
                is_section = True
            elif headings_are_sections and block.kind == BlockKind.heading and (
                    not levels or block.level is None or block.level == min(levels)):
                is_section = True
            elif vocab.is_not_item_heading(block.text):
                close_section()
                skipping = True
                current_section = None
                continue
        if is_section:
            close_section()
            skipping = False
            kind = vocab.kind_of(block.text) or "other"
            current_section = Section(title=block.text, kind=kind, start=block.start, end=block.end, page=block.page)
            sections.append(current_section)
            continue
        if (current_section is None and not skipping and block.kind == BlockKind.table_row and block.header
                and block.header != block.cells and not _total_row(block, vocab)):
            # A bulletin that is one big table: each row an activity, its kind in a "Tipo" column.
            close_item()
            pending_items.append(_OpenItem(heading=None, title=_row_title(block, vocab),
                                           kind=_row_kind(block, vocab) or "other", section=None, blocks=[block]))
            continue
        if current_section is None:
            if not skipping:
                front.append(block)
            continue
        if skipping:
            continue
        if candidate and vocab.is_signature(block.text):
            # A signature ("Coordinación Nacional de Relaciones Internacionales") ends the content.
            close_section()
            skipping, current_section = True, None
            continue
        if id(block) in record_rows:
            # A key/value table: its "Actividad" row opens the item, the other rows are the item's fields.
            if record_rows[id(block)] == "title":
                close_item()
                open_item = _OpenItem(heading=None, title=block.cells[1].strip(), kind=current_section.kind,
                                      section=current_section.title, blocks=[block])
            elif open_item is not None:
                open_item.blocks.append(block)
            else:
                section_blocks.append(block)
            continue
        title_field = _title_field(block, vocab) if not candidate else None
        if title_field:
            close_item()          # "Actividad: …" opens an item wherever it stands
            open_item = _OpenItem(heading=None, title=title_field, kind=current_section.kind,
                                  section=current_section.title, blocks=[block])
            continue
        if candidate:
            close_item()
            open_item = _OpenItem(heading=block, title=NUMBERING.sub("", block.text, count=1) or block.text,
                                  kind=current_section.kind, section=current_section.title)
            continue
        if block.kind == BlockKind.table_row:
            if (block.header is not None and block.header == block.cells) or _total_row(block, vocab):
                continue        # the header row itself, or a totals row
            close_item()
            pending_items.append(_OpenItem(heading=None, title=_row_title(block, vocab),
                                           kind=_row_kind(block, vocab) or current_section.kind,
                                           section=current_section.title, blocks=[block]))
            continue
        if open_item is not None:
            open_item.blocks.append(block)
        else:
            section_blocks.append(block)    # the section's intro, unless its items have no headings
    close_section()

    title, period = _front_matter(front, vocab)
    if period is None:
        # Some bulletins state their period only in the running text of the first page.
        period = parse_period(doc.text[:1500])
    for section in sections:
        section.end = max([section.end] + [it.end for it in items if it.section == section.title and it.start >= section.start])
    return SegmentedDocument(title=title, period_start=period[0] if period else None,
                             period_end=period[1] if period else None, sections=sections, items=items)


ABROAD = re.compile(r"\b(?:en|a|hacia)\s+(?:el\s+|la\s+)?$", re.IGNORECASE)


def _abroad(text: str) -> bool:
    """Does the text send people to a foreign place ("en San Sebastián (España)", "a Finlandia")?"""
    from extractor.values.city import find_cities
    from extractor.values.country import find_countries
    places = [(c.start, c.code) for c in find_countries(text)] + \
             [(c.start, c.country or "??") for c in find_cities(text)]
    return any(code != "CO" and ABROAD.search(text[max(0, start - 12):start]) for start, code in places)


def _foreign_people(text: str) -> bool:
    """Does the text describe its people by a foreign nationality ("once estudiantes canadienses",
    "aprendices hondureños")? Such people come to Colombia: an inbound mobility."""
    from extractor.values.count import is_people_noun
    from extractor.values.country import find_countries
    for match in find_countries(text):
        if match.via == "demonym" and match.code != "CO":
            before = text[:match.start].split()
            if before and is_people_noun(before[-1]):
                return True
    return False


def _item_kind(open_item: _OpenItem, vocab: SectionVocab) -> str:
    """The section's kind; a mobility section that does not say its direction lets the item's text decide."""
    kind = open_item.kind
    if kind == "other":
        # A section named its own way: the item's title says its kind when it starts with an activity word
        # ("Curso de…", "Foro…"), else what its opening words are about.
        head = " ".join(words(open_item.title)[:2])
        body = " ".join(b.text for b in open_item.blocks)[:400]
        kind = vocab.kind_of(head) or vocab.infer_kind("", open_item.title + ". " + body) or "other"
    if kind == "mobility_out" and open_item.section and not vocab.has_cue(open_item.section, vocab.outbound_cues):
        text = " ".join([open_item.title] + [b.text for b in open_item.blocks])
        if ((vocab.has_cue(text, vocab.inbound_cues) or _foreign_people(text))
                and not vocab.has_cue(text, vocab.outbound_cues) and not _abroad(text)):
            return "mobility_in"
    return kind


def _finish(open_item: _OpenItem, vocab: SectionVocab, record_rows: dict[int, str]) -> Item:
    """The item, with its fields (``record_rows``: the key/value table rows, see ``_record_rows``)."""
    heading = open_item.heading
    first = heading or open_item.blocks[0]
    last = open_item.blocks[-1] if open_item.blocks else first
    fields: list[Field] = []
    for block in open_item.blocks:
        fields.extend(_fields_of(block, vocab, record_rows.get(id(block))))
    title_start = first.start
    if heading is not None:
        title_start = first.start + first.text.find(open_item.title)
    if heading is None and not first.cells:
        title_start = first.start + max(first.text.find(open_item.title), 0)
    in_cell = next((i for i, cell in enumerate(first.cells or []) if cell.strip().startswith(open_item.title)), None)
    if heading is None and first.cell_offsets and in_cell is not None:
        a, _ = first.cell_offsets[in_cell]
        title_start = first.start + a + first.cells[in_cell].find(open_item.title)
    return Item(title=open_item.title, kind=_item_kind(open_item, vocab), section=open_item.section,
                title_start=title_start, title_end=title_start + len(open_item.title),
                start=first.start, end=last.end, page=first.page, blocks=open_item.blocks, fields=fields)
