"""Markdown bulletin unlike the seed: numbered sections, bullet-list fields, a pipe table, quotes."""
from spec import Bulletin, Section, f, item, p, b, cap, row, partner as P

BULLETIN = Bulletin(
    name="boletin_2022T2_resumen", ext="md", style="markdown",
    title="Resumen de Cooperación Internacional SENA", period=("2022-04-01", "2022-06-30"),
    masthead=["Coordinación Nacional de Relaciones Internacionales – Dirección General"],
    subtitle="Segundo trimestre 2022",
    preface=["Entre abril y junio de 2022 se gestionaron 23 acciones de cooperación, de las cuales se destacan "
             "las siguientes."],
    sections=[
        Section("Alianzas", "alliance", items=[
            item("Acuerdo con la Universidad Técnica Federico Santa María",
                 p("El acuerdo, firmado en Valparaíso el 6 de mayo, promueve la doble titulación en programas "
                   "tecnológicos de mecánica y electricidad."),
                 partners=[P("Universidad Técnica Federico Santa María", None, "CL", [])],
                 countries=["CL"], cities=["Valparaíso"], day="2022-05-06"),
            item("Convenio con la Cámara de Comercio Colombo Americana",
                 f("Aliado", "AmCham Colombia"), f("Vigencia", "hasta diciembre de 2024"),
                 p("El convenio promueve el bilingüismo y las prácticas de aprendices en empresas afiliadas."),
                 partners=[P("Cámara de Comercio Colombo Americana", "AmCham Colombia", "*", ["AmCham Colombia",
                                                                                          "AmCham"])],
                 countries="*", de="2024-12-31"),
            item("Alianza con el PNUD para la reincorporación",
                 p("Con el **Programa de las Naciones Unidas para el Desarrollo (PNUD)** se formará a 1.100 personas "
                   "en proceso de reincorporación de las regionales Meta, Guaviare y Caquetá."),
                 partners=[P("Programa de las Naciones Unidas para el Desarrollo", "PNUD", None, ["PNUD", "UNDP"])],
                 ben=1100, reg=["CO-MET", "CO-GUV", "CO-CAQ"]),
        ]),
        Section("Movilidad internacional", "mobility_out",
                columns=["Actividad", "Aliado", "Destino", "Fechas", "Beneficiarios"], items=[
            row("Pasantía en viticultura", "Instituto Nacional de Vitivinicultura (INV)", "Mendoza, Argentina",
                "del 15 de diciembre de 2022 al 20 de enero de 2023", "cinco aprendices",
                partners=[P("Instituto Nacional de Vitivinicultura", "INV", "AR", ["INV"])], countries=["AR"],
                cities=["Mendoza"], ds="2022-12-15", de="2023-01-20", ben=5),
            row("Estancia en automatización industrial", "Siemens AG", "Núremberg, Alemania",
                "30/05/2022 – 10/06/2022", "4 instructores",
                partners=[P("Siemens AG", None, "DE", ["Siemens"])], countries=["DE"], cities=["Núremberg"],
                ds="2022-05-30", de="2022-06-10", ben=4),
            row("Curso de cooperativismo", "Développement international Desjardins (DID)", "Quebec, Canadá",
                "junio de 2022", "3",
                partners=[P("Développement international Desjardins", "DID", "CA", ["Desjardins", "DID"])],
                countries=["CA"], cities=["Quebec"], ds="2022-06-01", de="2022-06-30", ben=3),
        ]),
        Section("Formación", "training", items=[
            item("Curso de lengua de señas con Gallaudet University",
                 f("Aliado", "Gallaudet University (Estados Unidos)"), f("Fechas", "del 25 de abril al 27 de mayo"),
                 f("Participantes", "setenta y dos instructores"),
                 f("Regionales", "Bogotá, Cundinamarca y Boyacá"),
                 partners=[P("Gallaudet University", None, "US", ["Gallaudet"])], countries=["US"],
                 ds="2022-04-25", de="2022-05-27", ben=72, reg=["CO-DC", "CO-CUN", "CO-BOY"]),
            item("Taller de diseño con el Politecnico di Milano",
                 p("Los días 12 y 13 de mayo de 2022, en Medellín, docentes del **Politecnico di Milano** (Italia) "
                   "orientaron un taller de diseño de producto para 40 aprendices de Antioquia y 20 de Caldas."),
                 cap("Foto: aprendices presentan sus prototipos."),
                 partners=[P("Politecnico di Milano", None, "IT", [])], countries=["IT"], cities=["Medellín"],
                 ds="2022-05-12", de="2022-05-13", ben=60, reg=["CO-ANT", "CO-CAL"]),
        ]),
        Section("Eventos", "event", items=[
            item("Foro Iberoamericano de Formación Profesional",
                 p("Del 21 al 23 de junio, la **Secretaría General Iberoamericana (SEGIB)** reunió en Madrid a las "
                   "instituciones de formación profesional de la región; el SENA presentó su modelo de formación "
                   "virtual."),
                 partners=[P("Secretaría General Iberoamericana", "SEGIB", None, ["SEGIB"])], countries=["ES"],
                 cities=["Madrid"], ds="2022-06-21", de="2022-06-23"),
        ]),
        Section("Visitas", "delegation_visit", items=[
            item("Delegación de la Provincia de Santa Fe",
                 p("El 9 de junio, el **Gobierno de la Provincia de Santa Fe** (Argentina) visitó Barranquilla para "
                   "conocer la formación en logística portuaria."),
                 partners=[P("Gobierno de la Provincia de Santa Fe", None, "AR", ["Provincia de Santa Fe"])],
                 countries=["AR"], cities=["Barranquilla"], day="2022-06-09"),
            item("Visita de la Embajada de Alemania",
                 p("El 4 de abril, la **Embajada de Alemania** visitó el Centro Agropecuario La Granja del SENA en "
                   "El Espinal, Tolima, para conocer la formación en agricultura de conservación."),
                 partners=[P("Embajada de Alemania", None, "DE", [])], countries=["DE"], cities=["El Espinal"],
                 day="2022-04-04", reg="*"),
        ], closing=["Para el segundo semestre de 2022 se prevé la llegada de 40 aprendices extranjeros."]),
    ],
    closing=["Documento de trabajo – Coordinación Nacional de Relaciones Internacionales, julio de 2022."],
)
