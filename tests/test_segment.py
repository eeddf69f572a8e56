"""Segmenter: sections from the vocabulary, items, what is not an item, title and period."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from extractor.readers import read_document
from extractor.segment import segment_document
from extractor.segment.vocab import load_vocab


@pytest.mark.parametrize("heading, kind", [
    ("Convenios y alianzas", "alliance"),
    ("Alianzas internacionales", "alliance"),
    ("Movilidad entrante", "mobility_in"),
    ("Movilidades Internacionales Salientes destacadas", "mobility_out"),
    ("Eventos internacionales", "event"),
    ("Participación en eventos", "event"),
    ("Delegaciones recibidas", "delegation_visit"),
    ("Visitas de Delegaciones", "delegation_visit"),
    ("Formación y capacitación", "training"),
    ("Actividades de Formación con Enfoque Internacional", "training"),
    ("3. CURSOS", "training"),
])
def test_section_vocabulary(heading, kind):
    vocab = load_vocab()
    assert vocab.is_section_heading(heading)
    assert vocab.kind_of(heading) == kind


@pytest.mark.parametrize("heading", [
    "Cooperación internacional para la movilidad laboral",
    "Participación en el Encuentro de Alto Nivel sobre Movilidad de Talento en América Latina",
    "Formación en idioma portugués",
    "Visita técnica a la Universidad de Lund",
])
def test_item_headings_are_not_sections(heading):
    assert not load_vocab().is_section_heading(heading)


BULLETIN = """BOLETÍN INTERNACIONAL SENA
Julio a septiembre de 2024

Convenios y alianzas

Durante el trimestre se firmaron 4 convenios con aliados de 3 países.

Convenio con la Universidad de Lund

Socio: Universidad de Lund
País: Suecia
Fecha: 12/08/2024

El convenio apoya la formación en energías renovables.

Foto: firma del convenio en Lund.

Con estos convenios el SENA consolida su red de aliados en Europa y Asia durante 2024.

El trimestre en cifras

Curso de ejemplo en cifras

350 aprendices beneficiados

Movilidad entrante

Pasantía de estudiantes de Conestoga College

Aliado: Conestoga College
Participantes: 14 estudiantes
Regionales: Risaralda
"""


def test_items_fields_and_not_items(tmp_path: Path):
    path = tmp_path / "boletin.txt"
    path.write_text(BULLETIN, encoding="utf-8")
    seg = segment_document(read_document(path))
    assert seg.title == "BOLETÍN INTERNACIONAL SENA"
    assert (seg.period_start, seg.period_end) == (date(2024, 7, 1), date(2024, 9, 30))
    assert [(i.title, i.kind) for i in seg.items] == [
        ("Convenio con la Universidad de Lund", "alliance"),
        ("Pasantía de estudiantes de Conestoga College", "mobility_in"),
    ]
    first = seg.items[0]
    assert {f.name: f.value for f in first.fields} == {"partner": "Universidad de Lund", "country": "Suecia",
                                                      "date": "12/08/2024"}
    body = " ".join(b.text for b in first.blocks)
    assert "Foto:" not in body                      # caption
    assert "consolida su red" not in body            # the section's closing paragraph
    assert all("350" not in b.text for i in seg.items for b in i.blocks)   # the totals box
    second = {f.name: f.value for f in seg.items[1].fields}
    assert second == {"partner": "Conestoga College", "beneficiaries": "14 estudiantes", "regionales": "Risaralda"}


@pytest.mark.parametrize("label", ["En cifras", "**En cifras:**", "El trimestre en cifras", "Balance del trimestre",
                                   "Cifras del periodo", "Datos clave"])
def test_the_period_figures_after_the_last_item_are_not_its_text(tmp_path: Path, label: str):
    closing = f"{label}{'' if label.endswith(':**') else ':'} 11 acciones · 7 países · 660 personas formadas."
    path = tmp_path / "boletin.md"
    path.write_text("# Boletín de cooperación\n\n**Cuarto trimestre de 2022**\n\n## Alianzas\n\n"
                    "### Convenio con KOICA\n\n**Aliado:** KOICA\n\nSe revisó la propuesta de un centro.\n\n---\n\n"
                    f"{closing}\n", encoding="utf-8")
    (item,) = segment_document(read_document(path)).items
    assert item.title == "Convenio con KOICA"
    assert "660" not in " ".join(b.text for b in item.blocks) and "propuesta" in " ".join(b.text for b in item.blocks)


def test_a_labelled_total_line_stays_in_its_item(tmp_path: Path):
    path = tmp_path / "boletin.md"
    path.write_text("# Boletín\n\n**Cuarto trimestre de 2022**\n\n## Formación\n\n### Curso de soldadura\n\n"
                    "Aliado: Lincoln Electric\n\nHuila: 20 aprendices. Tolima: 15 aprendices.\n\n"
                    "Total: 35 aprendices formados.\n", encoding="utf-8")
    (item,) = segment_document(read_document(path)).items
    assert "Total: 35" in " ".join(b.text for b in item.blocks)


def test_field_offsets_point_at_values(tmp_path: Path):
    path = tmp_path / "b.txt"
    path.write_text(BULLETIN, encoding="utf-8")
    doc = read_document(path)
    for item in segment_document(doc).items:
        assert doc.text[item.title_start:item.title_end] == item.title
        for f in item.fields:
            assert doc.text[f.start:f.end] == f.value


def test_table_rows_are_items(tmp_path: Path):
    path = tmp_path / "tabla.md"
    path.write_text("# Boletín 2023\n\nEnero a marzo de 2023\n\n## Movilidad saliente\n\n"
                    "| Aliado | Destino | Fechas | Beneficiarios |\n|---|---|---|---|\n"
                    "| SENAI | São Paulo, Brasil | marzo de 2023 | 12 aprendices |\n"
                    "| TAFE NSW | Sídney, Australia | febrero de 2023 | 3 |\n", encoding="utf-8")
    seg = segment_document(read_document(path))
    assert [i.title for i in seg.items] == ["SENAI", "TAFE NSW"]
    assert all(i.kind == "mobility_out" for i in seg.items)
    assert {f.name for f in seg.items[0].fields} == {"partner", "place", "date", "beneficiaries"}


def test_numbered_headings_lose_their_numbers(tmp_path: Path):
    path = tmp_path / "n.txt"
    path.write_text("BOLETÍN – II TRIMESTRE 2025\n\n1. EVENTOS\n\n1.1 Foro Mundial de Habilidades\n"
                    "Lugar: Bonn, Alemania | Fecha: 3 al 5 de junio de 2025\n", encoding="utf-8")
    seg = segment_document(read_document(path))
    assert [(i.title, i.kind) for i in seg.items] == [("Foro Mundial de Habilidades", "event")]
    assert (seg.period_start, seg.period_end) == (date(2025, 4, 1), date(2025, 6, 30))
    assert {f.name for f in seg.items[0].fields} == {"place", "date"}


def test_items_led_by_bold_runs_in_a_styled_docx(tmp_path: Path):
    import docx
    d = docx.Document()
    d.add_heading("Boletín SENA sin fronteras – 2019", level=0)
    d.add_paragraph("Enero a marzo de 2019")
    d.add_heading("Alianzas firmadas", level=1)
    d.add_paragraph("En el trimestre se firmaron dos alianzas.")
    for lead, rest in (("Alianza con Festo Didactic.", " La empresa alemana dotará dos ambientes."),
                       ("Convenio con la Universidad de Chile.", " Doble titulación en mecatrónica.")):
        p = d.add_paragraph()
        p.add_run(lead).bold = True
        p.add_run(rest)
    d.add_heading("Eventos", level=1)
    d.add_heading("Feria de Hannover", level=2)
    d.add_paragraph("Participación en la feria.")
    path = tmp_path / "b.docx"
    d.save(path)
    doc = read_document(path)
    seg = segment_document(doc)
    assert [(i.title, i.kind) for i in seg.items] == [
        ("Alianza con Festo Didactic", "alliance"), ("Convenio con la Universidad de Chile", "alliance"),
        ("Feria de Hannover", "event")]
    for item in seg.items:
        assert doc.text[item.title_start:item.title_end] == item.title


def test_one_table_bulletin_takes_kinds_from_its_type_column(tmp_path: Path):
    import docx
    d = docx.Document()
    d.add_heading("Informe de gestión internacional", level=0)
    d.add_paragraph("Julio a septiembre de 2018")
    rows = [("Tipo", "Actividad", "Entidad cooperante", "País", "Fecha", "No. beneficiarios"),
            ("Convenio", "Convenio marco con Festo", "Festo Didactic", "Alemania", "12/07/2018", ""),
            ("Movilidad saliente", "Pasantía en Ontario", "Niagara College", "Canadá", "agosto de 2018", "6"),
            ("Visita", "Visita de la Embajada de Japón", "Embajada de Japón", "Japón", "3/09/2018", "")]
    table = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    path = tmp_path / "tabla.docx"
    d.save(path)
    seg = segment_document(read_document(path))
    assert [(i.title, i.kind) for i in seg.items] == [
        ("Convenio marco con Festo", "alliance"), ("Pasantía en Ontario", "mobility_out"),
        ("Visita de la Embajada de Japón", "delegation_visit")]
    assert {f.name for f in seg.items[1].fields} >= {"partner", "country", "date", "beneficiaries", "kind"}


def test_sections_with_names_of_their_own_and_items_by_title_field(tmp_path: Path):
    path = tmp_path / "correo.txt"
    path.write_text(
        "Asunto: RV: Insumos boletín internacional - III trimestre 2022\n\nBuenos días, equipo:\n\n"
        "1. NUESTRA GENTE Y EL MUNDO\n\n"
        "ACTIVIDAD: Foro de formación dual en Viena\nENTIDAD: Cámara de Comercio de Austria\nPAÍS: Austria\n"
        "FECHA DE REALIZACIÓN: 14 de septiembre de 2022\n"
        "DESCRIPCIÓN: El SENA participó en el foro anual.\n\n"
        "ACTIVIDAD: Pasantía de instructores en Graz\nENTIDAD: WIFI Steiermark\nPAÍS: Austria\n"
        "DESCRIPCIÓN: Cuatro instructores viajaron a Graz.\n", encoding="utf-8")
    seg = segment_document(read_document(path))
    assert [(i.title, i.kind) for i in seg.items] == [("Foro de formación dual en Viena", "event"),
                                                     ("Pasantía de instructores en Graz", "mobility_out")]
    assert {f.name for f in seg.items[0].fields} >= {"title", "partner", "country", "date"}


@pytest.mark.parametrize("heading, kind", [("B. MOVILIDAD INTERNACIONAL", "mobility_out"), ("D. EVENTOS", "event"),
                                           ("3. FORMACIÓN", "training"), ("IV – Alianzas", "alliance"),
                                           ("ESCENARIOS INTERNACIONALES", "event")])
def test_enumerated_and_named_section_headings(tmp_path: Path, heading: str, kind: str):
    """Sections lettered or numbered as a memo does ("B. MOVILIDAD INTERNACIONAL") are sections, not items."""
    path = tmp_path / "memo.txt"
    path.write_text(f"MEMORANDO INTERNO\n\nCuarto trimestre de 2024\n\n{heading}\n\n"
                    "1) Intercambio con el Instituto Politécnico Nacional\nSocio: IPN\nPaís: México\n", encoding="utf-8")
    seg = segment_document(read_document(path))
    assert [s.title for s in seg.sections] == [heading] and seg.sections[0].kind == kind
    assert heading not in [i.title for i in seg.items]


def test_a_second_label_on_the_line_ends_the_first_field(tmp_path: Path):
    """"Aliado: INA (Costa Rica) Lugar y fecha de firma: San José…": the partner is "INA (Costa Rica)"."""
    path = tmp_path / "boletin.md"
    path.write_text("# Boletín\n\n**Tercer trimestre de 2016**\n\n## Alianzas\n\n### 7) Convenio con el INA\n\n"
                    "Aliado: INA (Costa Rica) Lugar y fecha de firma: San José, 8 de agosto\n\n"
                    "Aliado: Tknika (España). Sede: Errenteria. Fecha: 5 de marzo de 2016\n", encoding="utf-8")
    doc = read_document(path)
    (item,) = segment_document(doc).items
    assert item.title == "Convenio con el INA"                      # "7) " numbering is not the title
    assert [(f.name, f.value) for f in item.fields] == [
        ("partner", "INA (Costa Rica)"), ("partner", "Tknika (España)."), ("place", "Errenteria."),
        ("date", "5 de marzo de 2016")]
    assert all(doc.text[f.start:f.end] == f.value for f in item.fields)


def test_a_plain_line_of_section_words_is_a_subsection():
    """"Movilidad entrante" set small and in colour in a PDF (a paragraph: no heading style, not bold) still
    opens a subsection: the items under it are inbound, and the line is not the previous item's text."""
    from extractor.model import Block, BlockKind, ParsedDocument

    lines = [(BlockKind.title, "Enlace Internacional", True), (BlockKind.paragraph, "Enero – marzo de 2019", False),
             (BlockKind.heading, "MOVILIDAD INTERNACIONAL", True), (BlockKind.paragraph, "Movilidad saliente", False),
             (BlockKind.heading, "Pasantía en mecatrónica en Chungju", True),
             (BlockKind.paragraph, "Doce instructores se formaron durante dos semanas.", False),
             (BlockKind.paragraph, "Movilidad entrante", False),
             (BlockKind.heading, "Estudiantes del IFSC en Pitalito", True),
             (BlockKind.paragraph, "Ocho estudiantes participaron en el programa.", False)]
    blocks, text = [], ""
    for kind, line, bold in lines:
        blocks.append(Block(kind=kind, text=line, start=len(text), end=len(text) + len(line), page=1, bold=bold,
                            level=1 if kind == BlockKind.heading else None))
        text += line + "\n\n"
    doc = ParsedDocument(path="b.pdf", name="b.pdf", format="pdf", reader="test", text=text, blocks=blocks, pages=1)
    seg = segment_document(doc)
    assert [(i.title, i.kind) for i in seg.items] == [("Pasantía en mecatrónica en Chungju", "mobility_out"),
                                                       ("Estudiantes del IFSC en Pitalito", "mobility_in")]
    assert "Movilidad entrante" not in " ".join(b.text for b in seg.items[0].blocks)


NEWSLETTER = """From: Relaciones Internacionales <ri@sena.edu.co>
Subject: Boletín de cooperación | julio - septiembre 2022

Estimados directores:

1. MOVILIDAD INTERNACIONAL
--------------------------

* Pasantía en acuicultura en Noruega
  Aliado: Norwegian University of Science and Technology (NTNU)
  Lugar: Trondheim, Noruega
  Nº de participantes: 6 instructores

* Instructores guatemaltecos en el Espinal (movilidad entrante)
  Institución de origen: INTECAP, Guatemala
  Población atendida: 8 instructores del INTECAP

2. VISITAS Y DELEGACIONES
-------------------------

* Visita de la GIZ al centro de Villeta
  Delegación: Deutsche Gesellschaft für Internationale Zusammenarbeit
              (GIZ) GmbH
  Fecha: 25/07

Temas de la próxima edición:

* Nuevas alianzas
* Cifras del año
"""


def test_list_lines_followed_by_labelled_fields_are_items(tmp_path: Path):
    """An e-mail newsletter: "* Title" then indented "Label: value" lines, one activity each; a plain list
    with no fields under it is not."""
    path = tmp_path / "correo.txt"
    path.write_text(NEWSLETTER, encoding="utf-8")
    doc = read_document(path)
    seg = segment_document(doc)
    assert [(i.title, i.kind) for i in seg.items] == [
        ("Pasantía en acuicultura en Noruega", "mobility_out"),
        ("Instructores guatemaltecos en el Espinal (movilidad entrante)", "mobility_in"),
        ("Visita de la GIZ al centro de Villeta", "delegation_visit")]
    fields = [[(f.name, f.value) for f in i.fields] for i in seg.items]
    assert fields[0][-1] == ("beneficiaries", "6 instructores")
    assert fields[1] == [("partner", "INTECAP, Guatemala"), ("beneficiaries", "8 instructores del INTECAP")]
    # a value wrapped onto the next line stays one field
    assert fields[2][0] == ("partner", "Deutsche Gesellschaft für Internationale Zusammenarbeit\n(GIZ) GmbH")
    assert all(doc.text[f.start:f.end] == f.value for i in seg.items for f in i.fields)


@pytest.mark.parametrize("participants, kind", [
    ("Participantes: once estudiantes canadienses", "mobility_in"),    # foreign people come to Colombia
    ("Participantes: catorce aprendices hondureños", "mobility_in"),
    ("Participantes: once estudiantes colombianos", "mobility_out"),   # the section's own kind stands
    ("Aliado: cooperación canadiense. Participantes: once estudiantes", "mobility_out"),
])
def test_people_of_a_foreign_nationality_make_a_mobility_inbound(tmp_path: Path, participants: str, kind: str):
    path = tmp_path / "b.md"
    path.write_text("# Boletín\n\n**Tercer trimestre de 2016**\n\n## Movilidad internacional\n\n"
                    f"### Estudiantes de Humber College en Chinchiná\n\nSede: Chinchiná (Caldas)\n\n{participants}\n",
                    encoding="utf-8")
    (item,) = segment_document(read_document(path)).items
    assert item.kind == kind


@pytest.mark.parametrize("heading", ["Resumen del trimestre", "El trimestre en números", "Palabras de la Coordinación",
                                     "Mensaje de la Coordinación", "Indicadores"])
def test_a_figures_or_editorial_heading_holds_no_activities_at_any_level(tmp_path: Path, heading: str):
    """Under a top-level "Resumen del trimestre" the "Indicador | Valor" table is figures, not activities."""
    import docx

    document = docx.Document()
    document.add_heading("Movilidad internacional", level=1)
    document.add_paragraph("Pasantía en Aarhus", style="Heading 2")
    document.add_paragraph("Aliado: Aarhus University")
    document.add_heading(heading, level=1)
    table = document.add_table(rows=3, cols=2)
    for r, (a, b) in enumerate([("Indicador", "Valor"), ("Acuerdos firmados", "3"), ("Países", "9")]):
        table.cell(r, 0).text, table.cell(r, 1).text = a, b
    document.add_paragraph("Para 2021 se prevé ampliar la cooperación con Dinamarca.")
    path = tmp_path / "b.docx"
    document.save(path)
    seg = segment_document(read_document(path))
    assert [i.title for i in seg.items] == ["Pasantía en Aarhus"]


MINUTES = """ACTA DE SEGUIMIENTO DE LA COOPERACIÓN INTERNACIONAL
Segundo trimestre de 2021

ALIANZAS SUSCRITAS

1. Memorando de entendimiento con ChileValora. La coordinadora informa que el 26 de abril se firmó el
memorando para el reconocimiento mutuo de certificaciones de competencias laborales entre ambos países.

2. Acuerdo con Korea Polytechnics. El 3 de junio el SENA y Korea Polytechnics firmaron un acuerdo para
la formación de instructores en mecatrónica, con una primera cohorte de veinte instructores.

MOVILIDAD DE INSTRUCTORES, APRENDICES Y ESTUDIANTES

1. Pasantía en Tampere. Con la reapertura parcial de fronteras, cuatro instructores y dos aprendices
viajaron a Tampere (Finlandia) del 7 al 25 de junio para formarse en automatización industrial.

EVENTOS Y ESPACIOS INTERNACIONALES

1. Hannover Messe en formato digital. Del 12 al 16 de abril, dieciocho instructores de la red Tecnoparque
siguieron en línea la feria industrial de Hannover y sus foros de industria 4.0 con expositores.

VISITAS Y DELEGACIONES

1. Visita de la Embajada de Noruega a Tumaco. El 22 de junio la embajadora de Noruega recorrió el
centro de formación de Tumaco con su equipo y conoció los programas de pesca artesanal y de turismo.

CIFRAS DEL TRIMESTRE

Actividades reportadas: cinco. Personas formadas o movilizadas: 44.
"""


def test_minutes_number_their_activities_with_run_in_titles(tmp_path: Path):
    """Numbered prose paragraphs opened by a short title sentence are activities; capitalised headings
    shaped like the other sections and opening such paragraphs are sections, though some of their words
    are not section words."""
    path = tmp_path / "acta.txt"
    path.write_text(MINUTES, encoding="utf-8")
    seg = segment_document(read_document(path))
    assert [s.title for s in seg.sections][:3] == ["ALIANZAS SUSCRITAS", "MOVILIDAD DE INSTRUCTORES, APRENDICES Y "
                                                   "ESTUDIANTES", "EVENTOS Y ESPACIOS INTERNACIONALES"]
    assert [(i.title, i.kind) for i in seg.items] == [
        ("Memorando de entendimiento con ChileValora", "alliance"), ("Acuerdo con Korea Polytechnics", "alliance"),
        ("Pasantía en Tampere", "mobility_out"), ("Hannover Messe en formato digital", "event"),
        ("Visita de la Embajada de Noruega a Tumaco", "delegation_visit")]


def test_a_record_table_led_by_its_activity_row_with_labels_of_its_own(tmp_path: Path):
    """"Actividad | …" first, then labels this bulletin made up ("Visitante", "Integrantes", "Descripción"):
    one activity, not one per row; and a Heading 1 shaped like the sections ("Formación conjunta") that
    opens such a table is a section."""
    import docx

    document = docx.Document()
    for section, rows in [("Movilidad entrante", [("Actividad", "Aprendices de Baviera en Piedecuesta"),
                                                  ("Institución de origen", "Handwerkskammer für München"),
                                                  ("Fechas", "20/11 – 01/12")]),
                          ("Formación conjunta", [("Actividad", "Formación en hidrógeno verde"),
                                                  ("Aliado", "Fraunhofer ISE"), ("Intensidad", "60 horas")]),
                          ("Visitas recibidas", [("Actividad", "Visita de la cooperación andaluza"),
                                                 ("Visitante", "AACID"), ("Procedencia", "España"),
                                                 ("Integrantes", "Comitiva de cinco funcionarios"),
                                                 ("Descripción", "Seguimiento de proyectos")])]:
        document.add_heading(section, level=1)
        table = document.add_table(rows=len(rows), cols=2)
        for r, (label, value) in enumerate(rows):
            table.cell(r, 0).text, table.cell(r, 1).text = label, value
    path = tmp_path / "fichero.docx"
    document.save(path)
    seg = segment_document(read_document(path))
    assert [(i.title, i.kind) for i in seg.items] == [("Aprendices de Baviera en Piedecuesta", "mobility_in"),
                                                       ("Formación en hidrógeno verde", "training"),
                                                       ("Visita de la cooperación andaluza", "delegation_visit")]


def test_an_item_heading_shaped_like_a_section_stays_an_item(tmp_path: Path):
    """"Convenio con la OIT" at the sections' level names a kind, but its own text follows it: an item."""
    import docx

    document = docx.Document()
    document.add_heading("Alianzas", level=1)
    document.add_heading("Convenio con la OIT", level=1)
    document.add_paragraph("El 3 de mayo se firmó el convenio con la OIT para formar 40 instructores.")
    document.add_heading("Eventos", level=1)
    document.add_heading("Foro de empleo verde", level=1)
    document.add_paragraph("Del 4 al 6 de junio el SENA participó en el foro en Lima.")
    path = tmp_path / "b.docx"
    document.save(path)
    seg = segment_document(read_document(path))
    assert [s.title for s in seg.sections] == ["Alianzas", "Eventos"]
    assert [(i.title, i.kind) for i in seg.items] == [("Convenio con la OIT", "alliance"),
                                                       ("Foro de empleo verde", "event")]


def test_fields_between_tabs(tmp_path: Path):
    """A DOCX line "Socio:<tab>OIT<tab>País:<tab>Perú<tab>Fechas:<tab>3 de mayo" holds three fields."""
    import docx

    document = docx.Document()
    document.add_heading("Eventos", level=1)
    document.add_paragraph("Foro de empleo juvenil de la OIT", style="List Number")
    document.add_paragraph("Socio:\tOIT\tPaís:\tPerú (sede del foro)\tFechas:\t3 de mayo de 2019")
    document.add_paragraph("El SENA presentó su modelo de formación dual ante veinte países.")
    path = tmp_path / "b.docx"
    document.save(path)
    doc = read_document(path)
    (item,) = segment_document(doc).items
    assert item.title == "Foro de empleo juvenil de la OIT"
    assert [(f.name, f.value) for f in item.fields] == [("partner", "OIT"), ("country", "Perú (sede del foro)"),
                                                        ("date", "3 de mayo de 2019")]
    assert all(doc.text[f.start:f.end] == f.value for f in item.fields)
