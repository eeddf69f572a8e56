"""One-column PDF with a totals box ('El trimestre en cifras', not activities) and 'Foto:' captions."""
from spec import Bulletin, Section, f, item, p, b, cap, partner as P

BULLETIN = Bulletin(
    name="boletin_2025T1_cifras", ext="pdf", style="one_column",
    title="Boletín de Relaciones Internacionales", period=("2025-01-01", "2025-03-31"),
    masthead=["SENA – Coordinación Nacional de Relaciones Internacionales"],
    subtitle="Enero – marzo 2025",
    running_header="Boletín de Relaciones Internacionales | I trimestre 2025",
    preface=["Presentamos los principales resultados de la gestión internacional del SENA durante el primer "
             "trimestre de 2025."],
    totals=("El trimestre en cifras", [
        "**12** alianzas vigentes con aliados de 9 países",
        "**340** beneficiarios de movilidad internacional",
        "**18** regionales participantes",
        "**USD 2,3 millones** en recursos de cooperación gestionados",
    ]),
    sections=[
        Section("Alianzas", "alliance", items=[
            item("Convenio con la Agencia Federal de Empleo de Alemania",
                 p("El 27 de febrero de 2025 se firmó el convenio con la **Bundesagentur für Arbeit (BA)** para la "
                   "formación en origen y la movilidad laboral de hasta 500 técnicos en enfermería y electricidad "
                   "hacia Alemania."),
                 cap("Foto: firma del convenio en la Dirección General del SENA."),
                 partners=[P("Agencia Federal de Empleo de Alemania", "BA", "DE",
                             ["Bundesagentur für Arbeit", "BA"])],
                 countries=["DE"], day="2025-02-27", ben="*"),
            item("Alianza con la Universidad de Salamanca",
                 f("Aliado", "Universidad de Salamanca (España)"),
                 p("La alianza permitirá la formación de instructores en enseñanza del español como lengua "
                   "extranjera y se desarrollará durante el primer semestre de 2025."),
                 partners=[P("Universidad de Salamanca", None, "ES", [])], countries=["ES"],
                 ds="2025-01-01", de="2025-06-30"),
            item("Acuerdo de cooperación técnica con el Banco Mundial",
                 p("El **Banco Mundial** acompañará, con recursos por USD 2,3 millones, el diseño del sistema de "
                   "información de la Agencia Pública de Empleo y la medición de resultados de la formación."),
                 partners=[P("Banco Mundial", None, None, ["World Bank"])]),
        ]),
        Section("Movilidad", "mobility_out", items=[
            item("Pasantía en tecnologías del café en Costa Rica",
                 f("Aliado", "Instituto Nacional de Aprendizaje (INA)"), f("Destino", "San José y Heredia, Costa Rica"),
                 f("Fechas", "10/02/2025 al 21/02/2025"), f("Beneficiarios", "18 (15 aprendices y 3 instructores)"),
                 f("Regionales", "Huila, Quindío, Caldas y Risaralda"),
                 p("Los participantes conocieron procesos de beneficio ecológico, catación y comercialización de "
                   "cafés especiales."),
                 cap("Foto: aprendices del SENA en una finca cafetera de Heredia."),
                 partners=[P("Instituto Nacional de Aprendizaje", "INA", "CR", ["INA"])],
                 countries=["CR"], cities=["San José", "Heredia"], ds="2025-02-10", de="2025-02-21", ben=18,
                 reg=["CO-HUI", "CO-QUI", "CO-CAL", "CO-RIS"]),
            item("Aprendices del INFOTEP en Medellín",
                 p("Del 3 al 28 de marzo, ocho aprendices del **Instituto Nacional de Formación Técnico Profesional "
                   "(INFOTEP)** de República Dominicana realizaron una pasantía en Medellín, acogidos por la "
                   "regional Antioquia."),
                 partners=[P("Instituto Nacional de Formación Técnico Profesional", "INFOTEP", "DO", ["INFOTEP"])],
                 countries=["DO"], cities=["Medellín"], ds="2025-03-03", de="2025-03-28", ben=8, reg=["CO-ANT"],
                 kind="mobility_in"),
        ]),
        Section("Formación", "training", items=[
            item("Formación en turismo sostenible con ONU Turismo",
                 p("Entre enero y marzo de 2025, **ONU Turismo** y el SENA formaron a dos mil trescientos aprendices "
                   "de las regionales San Andrés, Magdalena y La Guajira en turismo de naturaleza."),
                 partners=[P("ONU Turismo", None, None, ["Organización Mundial del Turismo", "OMT"])],
                 ds="2025-01-01", de="2025-03-31", ben=2300, reg=["CO-SAP", "CO-MAG", "CO-LAG"]),
            item("Taller de soldadura con Lincoln Electric",
                 f("Aliado", "Lincoln Electric (Estados Unidos)"), f("Fecha", "24 de febrero de 2025"),
                 f("Lugar", "Barrancabermeja"),
                 p("Treinta instructores de las regionales Santander y Norte de Santander se actualizaron en "
                   "procesos de soldadura para la industria petroquímica."),
                 cap("Foto: práctica de soldadura en el taller del centro de formación."),
                 partners=[P("Lincoln Electric", None, "US", [])], countries=["US"], cities=["Barrancabermeja"],
                 day="2025-02-24", ben=30, reg=["CO-SAN", "CO-NSA"]),
        ]),
        Section("Eventos", "event", items=[
            item("Congreso Mundial de la WFCP",
                 p("Del 24 al 26 de marzo de 2025, el SENA participó en el Congreso Mundial de la **Federación "
                   "Mundial de Colleges y Politécnicos (WFCP)**, celebrado en Ciudad de Panamá."),
                 partners=[P("Federación Mundial de Colleges y Politécnicos", "WFCP", "*",
                             ["World Federation of Colleges and Polytechnics"])],
                 countries=["PA"], cities=["Ciudad de Panamá"], ds="2025-03-24", de="2025-03-26"),
            item("Conversatorio sobre empleos verdes con la OIT",
                 p("El 13 de marzo, en Cartagena de Indias, la **Organización Internacional del Trabajo (OIT)** y el "
                   "SENA reunieron a delegados de Ecuador, Perú y Bolivia para debatir sobre empleos verdes."),
                 partners=[P("Organización Internacional del Trabajo", "OIT", None, ["OIT", "ILO"])],
                 countries=["EC", "PE", "BO"], cities=["Cartagena de Indias"], day="2025-03-13"),
        ]),
        Section("Visitas", "delegation_visit", items=[
            item("Visita de la Embajada del Japón",
                 p("El 21 de enero de 2025, la **Embajada del Japón** visitó el Centro Agroindustrial del Meta del "
                   "SENA, en Villavicencio, para conocer los proyectos de mecanización agrícola."),
                 cap("Foto: recorrido de la delegación japonesa por el centro de formación."),
                 partners=[P("Embajada del Japón", None, "JP", [])], countries=["JP"], cities=["Villavicencio"],
                 day="2025-01-21"),
            item("Delegación del Gobierno de Quebec",
                 p("Los días 5 y 6 de febrero de 2025, una delegación del **Gobierno de Quebec** sostuvo reuniones "
                   "en Bogotá sobre reconocimiento de competencias para la migración laboral."),
                 partners=[P("Gobierno de Quebec", None, "CA", ["Quebec"])], countries=["CA"], cities=["Bogotá"],
                 ds="2025-02-05", de="2025-02-06"),
        ]),
    ],
    closing=["Más información: relacionesinternacionales@sena.edu.co"],
)
