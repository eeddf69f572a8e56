"""Scanned bulletin: image-only PDF (no text layer), 200 dpi grayscale, one page slightly tilted."""
from spec import Bulletin, Section, f, item, p, b, partner as P

BULLETIN = Bulletin(
    name="boletin_2020T3_escaneado", ext="pdf", style="scanned",
    title="Boletín de Internacionalización", period=("2020-07-01", "2020-09-30"),
    masthead=["SENA – Relaciones Internacionales"],
    subtitle="Julio – septiembre 2020",
    preface=["En medio de la emergencia sanitaria, la cooperación internacional del SENA se trasladó a los "
             "entornos virtuales."],
    sections=[
        Section("Alianzas", "alliance", items=[
            item("Alianza con Coursera",
                 p("La alianza con **Coursera** (Estados Unidos) pone a disposición 50.000 licencias de cursos "
                   "virtuales para aprendices e instructores."),
                 partners=[P("Coursera", None, "US", [])], countries=["US"]),
            item("Memorando con el Tecnológico de Monterrey",
                 f("Fecha", "14/09/2020"),
                 p("El memorando impulsa la formación en emprendimiento e innovación educativa."),
                 partners=[P("Tecnológico de Monterrey", None, "MX", ["Instituto Tecnológico de Monterrey"])],
                 countries=["MX"], day="2020-09-14"),
            item("Programa EUROsociAL+ de la Unión Europea",
                 p("Con el programa **EUROsociAL+** se inició una asistencia técnica para la inclusión laboral de "
                   "jóvenes."),
                 partners=[P("EUROsociAL+", None, None, ["Unión Europea", "EUROsociAL"])]),
        ]),
        Section("Formación virtual", "training", items=[
            item("Curso virtual de bioseguridad con la OPS",
                 p("En agosto de 2020, la **Organización Panamericana de la Salud (OPS)** y el SENA formaron a "
                   "4.860 aprendices en protocolos de bioseguridad."),
                 partners=[P("Organización Panamericana de la Salud", "OPS", None, ["OPS", "PAHO"])],
                 ds="2020-08-01", de="2020-08-31", ben=4860),
            item("Formación de instructores en educación a distancia",
                 f("Aliado", "Universitat Oberta de Catalunya (UOC)"),
                 f("Fechas", "del 7 de septiembre al 2 de octubre de 2020"),
                 f("Participantes", "veinticinco instructores de Cesar, Sucre y Córdoba"),
                 partners=[P("Universitat Oberta de Catalunya", "UOC", "ES", ["UOC"])], countries=["ES"],
                 ds="2020-09-07", de="2020-10-02", ben=25, reg=["CO-CES", "CO-SUC", "CO-COR"]),
        ]),
        Section("Eventos virtuales", "event", items=[
            item("Webinar regional de OIT/Cinterfor",
                 p("El 24 de julio, el SENA presentó su estrategia de formación virtual ante delegados de Argentina, "
                   "Uruguay y Costa Rica en el webinar de **OIT/Cinterfor**."),
                 partners=[P("OIT/Cinterfor", "CINTERFOR", None, ["OIT", "Cinterfor"])],
                 countries=["AR", "UY", "CR"], day="2020-07-24"),
            item("Semana de la Cooperación Colombia–Corea",
                 p("Del 22 al 25 de septiembre de 2020, **KOICA** y la **Embajada de Corea** realizaron con el SENA "
                   "una semana de conferencias virtuales."),
                 partners=[P("Agencia de Cooperación Internacional de Corea", "KOICA", "KR", ["KOICA"]),
                           P("Embajada de Corea", None, "KR", [])],
                 countries=["KR"], ds="2020-09-22", de="2020-09-25"),
        ]),
        Section("Movilidad", "mobility_out", items=[
            item("Pasantías virtuales con Niagara College",
                 f("Aliado", "Niagara College (Canadá)"), f("Beneficiarios", "doce aprendices"),
                 f("Regionales", "Quindío"),
                 p("Las pasantías virtuales se extenderán hasta diciembre de 2020."),
                 partners=[P("Niagara College", None, "CA", [])], countries=["CA"], de="2020-12-31", ben=12,
                 reg=["CO-QUI"]),
            item("Movilidad virtual de expertos del SENATI",
                 p("Entre julio y agosto de 2020, tres expertos del **Servicio Nacional de Adiestramiento en Trabajo "
                   "Industrial (SENATI)** del Perú acompañaron de forma remota a 150 instructores de las regionales "
                   "Cundinamarca y Bogotá D.C. en el diseño de cursos de mantenimiento industrial."),
                 partners=[P("Servicio Nacional de Adiestramiento en Trabajo Industrial", "SENATI", "PE", ["SENATI"])],
                 countries=["PE"], ds="2020-07-01", de="2020-08-31", ben=150, reg=["CO-CUN", "CO-DC"],
                 kind="mobility_in"),
        ], closing=["Las movilidades presenciales se retomarán cuando las condiciones sanitarias lo permitan, "
                    "previsiblemente en 2021."]),
    ],
)
