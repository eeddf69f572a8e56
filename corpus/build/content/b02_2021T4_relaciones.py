"""DOCX WITHOUT heading styles: section and item headings are bold Normal paragraphs."""
from spec import Bulletin, Section, f, item, p, b, partner as P

BULLETIN = Bulletin(
    name="boletin_2021T4_relaciones", ext="docx", style="plain",
    title="Informe trimestral de Relaciones Internacionales", period=("2021-10-01", "2021-12-31"),
    masthead=["SERVICIO NACIONAL DE APRENDIZAJE – SENA", "Coordinación Nacional de Relaciones Internacionales"],
    subtitle="Octubre – diciembre 2021",
    preface=["Este informe resume las acciones de cooperación internacional del cuarto trimestre de 2021, "
             "un periodo marcado por el regreso gradual a la presencialidad tras la emergencia sanitaria."],
    sections=[
        Section("Cooperación técnica", "alliance", intro=[
            "La cooperación técnica del trimestre movilizó recursos por cerca de USD 2,4 millones, gestionados "
            "con agencias bilaterales y organismos multilaterales."], items=[
            item("Proyecto de formación para población migrante con ACNUR y OIM",
                 p("Con el apoyo de la **Agencia de la ONU para los Refugiados (ACNUR)** y la **Organización "
                   "Internacional para las Migraciones (OIM)**, el SENA inició un proyecto de formación "
                   "complementaria en Cúcuta, Villa del Rosario y Riohacha, que se ejecutará hasta junio de 2022."),
                 p("El proyecto beneficia a **320 personas** migrantes y retornadas de las regionales Norte de "
                   "Santander y La Guajira."),
                 partners=[P("Agencia de la ONU para los Refugiados", "ACNUR", None, ["ACNUR", "UNHCR"]),
                           P("Organización Internacional para las Migraciones", "OIM", None, ["OIM", "IOM"])],
                 cities=["Cúcuta", "Villa del Rosario", "Riohacha"], de="2022-06-30", ben=320,
                 reg=["CO-NSA", "CO-LAG"]),
            item("Cooperación con USAID para el empleo rural",
                 p("La **Agencia de los Estados Unidos para el Desarrollo Internacional (USAID)** aportará "
                   "USD 1,2 millones para fortalecer la formación para el empleo rural en 18 municipios de Chocó, "
                   "Cauca y Nariño."),
                 partners=[P("Agencia de los Estados Unidos para el Desarrollo Internacional", "USAID", "US",
                             ["USAID"])],
                 countries=["US"], reg=["CO-CHO", "CO-CAU", "CO-NAR"]),
            item("Asistencia técnica del BID para el Marco Nacional de Cualificaciones",
                 p("Entre octubre y diciembre de 2021, el **Banco Interamericano de Desarrollo (BID)** acompañó la "
                   "revisión de 40 cualificaciones del sector agropecuario."),
                 partners=[P("Banco Interamericano de Desarrollo", "BID", None, ["BID", "IDB"])],
                 ds="2021-10-01", de="2021-12-31"),
        ]),
        Section("Formación y capacitación", "training", items=[
            item("Curso de cocina peruana",
                 f("Aliado", "Embajada del Perú en Colombia"),
                 p("Dictado de manera virtual del 8 al 26 de noviembre, el curso contó con cuarenta y cinco "
                   "aprendices de las regionales Tolima, Huila y Quindío."),
                 partners=[P("Embajada del Perú en Colombia", None, "PE", ["Embajada del Perú"])],
                 countries=["PE"], ds="2021-11-08", de="2021-11-26", ben=45,
                 reg=["CO-TOL", "CO-HUI", "CO-QUI"]),
            item("Diplomado en hidrógeno verde",
                 f("Aliado", "Deutsche Gesellschaft für Internationale Zusammenarbeit (GIZ)"),
                 f("Fechas", "entre octubre y noviembre de 2021"),
                 p("El diplomado se desarrolló en dos cohortes: la primera con **35 instructores** y la segunda con "
                   "**28 instructores** de las regionales La Guajira, Atlántico y Cesar."),
                 partners=[P("Deutsche Gesellschaft für Internationale Zusammenarbeit", "GIZ", "DE", ["GIZ"])],
                 countries=["DE"], ds="2021-10-01", de="2021-11-30", ben=63,
                 reg=["CO-LAG", "CO-ATL", "CO-CES"]),
            item("Formación de formadores en mecatrónica",
                 f("Aliado", "Festo Didactic (Alemania)"), f("Fechas", "13/12/2021 al 17/12/2021"),
                 p("Ocho instructores de las regionales Caldas y Risaralda se certificaron como formadores en "
                   "sistemas mecatrónicos."),
                 partners=[P("Festo Didactic", None, "DE", ["Festo"])],
                 countries=["DE"], ds="2021-12-13", de="2021-12-17", ben=8, reg=["CO-CAL", "CO-RIS"]),
        ]),
        Section("Movilidad internacional", "mobility_out", items=[
            item("Estancia de instructoras en el Instituto Politécnico de Setúbal",
                 f("Destino", "Setúbal, Portugal"), f("Fechas", "del 29 de noviembre al 10 de diciembre de 2021"),
                 f("Beneficiarios", "tres instructoras de la regional Boyacá"),
                 p("La estancia se centró en la gestión de laboratorios de química y biotecnología."),
                 partners=[P("Instituto Politécnico de Setúbal", None, "PT", [])],
                 countries=["PT"], cities=["Setúbal"], ds="2021-11-29", de="2021-12-10", ben=3,
                 reg=["CO-BOY"]),
            item("Llegada de voluntarios de KOICA",
                 p("Cinco voluntarios coreanos de **KOICA** se vincularon a los centros de formación de Ibagué y "
                   "Neiva, donde apoyarán la formación en electrónica y diseño hasta diciembre de 2022."),
                 partners=[P("Agencia de Cooperación Internacional de Corea", "KOICA", "KR", ["KOICA"])],
                 countries=["KR"], cities=["Ibagué", "Neiva"], de="2022-12-31", ben="*", kind="mobility_in"),
        ]),
        Section("Participación en eventos", "event", items=[
            item("Cumbre de Educación Técnica de la Alianza del Pacífico",
                 p("El 14 de octubre de 2021, el SENA participó en la cumbre realizada en Lima, con delegados de "
                   "Perú, Chile y México, para avanzar en el reconocimiento mutuo de cualificaciones."),
                 partners=[P("Alianza del Pacífico", None, None, [])],
                 countries=["PE", "CL", "MX"], cities=["Lima"], day="2021-10-14"),
            item("Pabellón de Colombia en la Expo 2020 Dubái",
                 p("Entre el 1 y el 7 de noviembre de 2021, en articulación con **ProColombia**, dos aprendices "
                   "ganadores del reto de innovación acompañaron la muestra de Colombia en la Expo 2020 Dubái."),
                 partners=[P("ProColombia", None, "CO", [])],
                 countries=["AE"], cities=["Dubái"], ds="2021-11-01", de="2021-11-07", ben=2),
        ]),
        Section("Visitas institucionales", "delegation_visit", items=[
            item("Visita del embajador del Reino Unido",
                 p("El 2 de diciembre de 2021, el embajador británico y su equipo visitaron el Centro de Gestión y "
                   "Desarrollo Sostenible Surcolombiano del SENA en La Plata, Huila, para conocer los proyectos de "
                   "café especial."),
                 partners=[P("Embajada del Reino Unido", None, "GB", ["Embajada Británica"])],
                 countries=["GB"], cities=["La Plata"], day="2021-12-02", reg="*"),
            item("Misión de la DHBW",
                 p("La **Universidad Estatal Cooperativa de Baden-Wurtemberg (DHBW)** visitó la sede de la Dirección "
                   "General, en Bogotá, el 15 y 16 de noviembre, para explorar un programa de formación dual."),
                 partners=[P("Universidad Estatal Cooperativa de Baden-Wurtemberg", "DHBW", "DE", ["DHBW"])],
                 countries=["DE"], cities=["Bogotá"], ds="2021-11-15", de="2021-11-16"),
        ], closing=["Para 2022 se proyecta ampliar la cooperación a 20 nuevos aliados y consolidar la oferta "
                    "virtual iniciada en 2020."]),
    ],
)
