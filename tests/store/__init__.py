"""Builders shared by the store tests: typed records, as the pipeline hands them to the store."""

from __future__ import annotations

from datetime import date

from extractor.model.activity import Activity, DocumentRecord, Evidence, PartnerRef, Valued


def doc(name: str = "boletin_prueba.pdf", *, sha: str | None = None, title: str | None = "Boletín de prueba",
        period: tuple[date | None, date | None] = (date(2024, 4, 1), date(2024, 6, 30)), text: str = "",
        status: str = "ok", error: str | None = None) -> DocumentRecord:
    return DocumentRecord(document=name, path=f"/data/in/{name}", sha256=sha if sha is not None else f"sha-{name}",
                          format=name.rsplit(".", 1)[-1], reader="test", title=title, period_start=period[0],
                          period_end=period[1], pages=3, status=status, error=error, text=text,
                          warnings=["a warning"] if status == "partial" else [])


def partner(name: str, acronym: str | None = None, country: str | None = None) -> PartnerRef:
    return PartnerRef(name=name, acronym=acronym, country=country, evidence=Evidence(page=1, start=0, end=len(name)))


def act(title: str, *, kind: str = "alliance", text: str = "", partners: list[PartnerRef] | None = None,
        countries: list[str] | None = None, cities: list[str] | None = None, start: date | None = None,
        end: date | None = None, beneficiaries: int | None = None, regionales: list[str] | None = None,
        ev: tuple[int, int] = (0, 10), page: int | None = 1, section: str | None = None) -> Activity:
    return Activity(document="ignored-by-store", kind=kind, title=title, section=section, partners=partners or [],
                    countries=countries or [], cities=cities or [], date_start=start, date_end=end,
                    date_precision="day" if start or end else None, beneficiaries=beneficiaries,
                    regionales=regionales or [], text=text or title, evidence=Evidence(page=page, start=ev[0],
                                                                                        end=ev[1]),
                    values=[Valued(field="title", value=title, evidence=Evidence(page=page, start=ev[0], end=ev[1]))])
