"""Generated bulletins (.md, in the house style: sections, item headings, labelled fields) for the KB tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SECTIONS = {"alliance": "Alianzas", "mobility_out": "Movilidad internacional", "training": "Formación",
            "event": "Eventos"}


@dataclass
class Item:
    kind: str
    title: str
    partner: str
    country: str | None = None      # as written ("Japón")
    regional: str | None = None     # department name
    dates: str | None = None
    participants: str | None = None
    body: str = ""


def write_bulletin(folder: Path, name: str, period: str, items: list[Item]) -> Path:
    lines = ["# Boletín de Cooperación Internacional SENA", "", f"**{period}**", ""]
    for n, (kind, label) in enumerate(SECTIONS.items(), 1):
        chosen = [i for i in items if i.kind == kind]
        if not chosen:
            continue
        lines += [f"## {n}. {label}", ""]
        for i in chosen:
            lines += [f"### {i.title}", "", f"- **Aliado:** {i.partner}"]
            if i.country:
                lines.append(f"- **País:** {i.country}")
            if i.regional:
                lines.append(f"- **Regional:** {i.regional}")
            if i.dates:
                lines.append(f"- **Fechas:** {i.dates}")
            if i.participants:
                lines.append(f"- **Participantes:** {i.participants}")
            lines += ["", i.body, ""]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def search_corpus(folder: Path) -> list[Path]:
    """Three bulletins in three years; KOICA appears under three names, one in each."""
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_bulletin(folder, "boletin_2021T3_kb.md", "Tercer trimestre 2021", [
            Item("alliance", "Convenio para energías renovables en el norte",
                 "Agencia de Cooperación Internacional de Corea", "Corea del Sur", "La Guajira",
                 "del 1 de julio al 30 de septiembre de 2021", body="El convenio apoya la formación de aprendices."),
            Item("mobility_out", "Pasantía de instructores en Osaka", "Embajada del Japón", "Japón", "Antioquia",
                 "del 2 al 16 de agosto de 2021", "doce instructores", body="Estancia técnica en mecatrónica."),
        ]),
        write_bulletin(folder, "boletin_2022T4_kb.md", "Cuarto trimestre 2022", [
            Item("training", "Curso de robótica colaborativa", "KOICA", "Corea del Sur", "Atlántico",
                 "del 3 al 28 de octubre de 2022", "veinte aprendices", body="Curso virtual con prácticas."),
            Item("alliance", "Memorando sobre agua potable", "Agencia de Cooperación Internacional del Japón",
                 "Japón", "La Guajira", "del 8 al 30 de noviembre de 2022",
                 body="Acuerdo de asistencia técnica para instructores."),
        ]),
        write_bulletin(folder, "boletin_2024T1_kb.md", "Primer trimestre 2024", [
            Item("event", "Foro de formación dual", "Deutsche Gesellschaft für Internationale Zusammenarbeit (GIZ)",
                 "Alemania", "Santander", "del 12 al 14 de febrero de 2024", body="Encuentro de directivos."),
            Item("mobility_out", "Misión técnica a Seúl", "Agencia Coreana de Cooperación Internacional (KOICA)",
                 "Corea del Sur", "La Guajira", "del 4 al 15 de marzo de 2024", "ocho aprendices",
                 body="Visita a centros de formación."),
        ]),
    ]
