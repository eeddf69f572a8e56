"""DOCX with Heading styles; other section names and field labels (Socio/País/Fecha/Participantes/…)."""
from spec import Bulletin, Section, f, item, p, b, partner as P

CICAN = P("Colleges and Institutes Canada", "CICan", "CA", ["CICan"])
KOICA = P("Agencia de Cooperación Internacional de Corea", "KOICA", "KR", ["KOICA"])
CINTERFOR = P("OIT/Cinterfor", "CINTERFOR", None, ["OIT", "Cinterfor", "Organización Internacional del Trabajo"])

BULLETIN = Bulletin(
    name="boletin_2024T3_cooperacion", ext="docx", style="headings",
    title="Boletín de Cooperación Internacional", period=("2024-07-01", "2024-09-30"),
    masthead=["Dirección General – Coordinación Nacional de Relaciones Internacionales"],
    subtitle="Julio a septiembre de 2024",
    preface=["En el tercer trimestre de 2024 la Coordinación Nacional de Relaciones Internacionales gestionó "
             "**14 acciones de cooperación** con aliados de cuatro continentes, en línea con el plan "
             "estratégico institucional 2030."],
    sections=[
        Section("Convenios y alianzas", "alliance", intro=[
            "Entre julio y septiembre de 2024 se suscribieron cuatro instrumentos de cooperación que amplían la "
            "oferta de formación de 33 regionales y más de 117 centros de formación."], items=[
            item("Memorando de entendimiento con Colleges and Institutes Canada",
                 f("Socio", "Colleges and Institutes Canada (CICan)"), f("País", "Canadá"), f("Fecha", "15/08/2024"),
                 p("El memorando establece un marco para la **movilidad de instructores** y el diseño conjunto de "
                   "programas en energías renovables, construcción sostenible y cuidado de personas."),
                 b("**Impacto esperado:** actualización curricular con estándares de los colleges canadienses."),
                 partners=[CICAN], countries=["CA"], day="2024-08-15"),
            item("Convenio marco con SENAI",
                 f("Socio", "SENAI – Serviço Nacional de Aprendizagem Industrial"), f("País", "Brasil"),
                 f("Fecha", "septiembre de 2024"),
                 p("El convenio prevé una inversión conjunta de **USD 150.000** para laboratorios de automatización "
                   "industrial y la certificación de competencias en mantenimiento de equipos."),
                 partners=[P("Serviço Nacional de Aprendizagem Industrial", "SENAI", "BR", ["SENAI"])],
                 countries=["BR"], ds="2024-09-01", de="2024-09-30"),
            item("Carta de intención con Tknika",
                 f("Socio", "Tknika – Centro de Investigación e Innovación Aplicada de la Formación Profesional del País Vasco"),
                 f("Lugar", "Errenteria, España"), f("Fecha", "3 de julio"),
                 p("La carta de intención fue firmada durante la visita de la Coordinación a las instalaciones de "
                   "Tknika y abre la puerta a proyectos de **innovación aplicada** y emprendimiento en los centros."),
                 partners=[P("Tknika – Centro de Investigación e Innovación Aplicada de la Formación Profesional del País Vasco",
                             "Tknika", "ES", ["Tknika"])],
                 countries=["ES"], cities=["Errenteria"], day="2024-07-03"),
            item("Alianza con APC Colombia y la Embajada de Suiza",
                 f("Contraparte", "Agencia Presidencial de Cooperación Internacional de Colombia – APC Colombia; "
                   "Embajada de Suiza en Colombia"),
                 p("La alianza financia asistencia técnica para la **formación en turismo comunitario** y "
                   "beneficiará a 14 centros de formación ubicados en 6 regionales del país."),
                 partners=[P("Agencia Presidencial de Cooperación Internacional de Colombia", "APC", "CO",
                             ["APC Colombia", "APC"]),
                           P("Embajada de Suiza en Colombia", None, "CH", ["Embajada de Suiza"])],
                 countries=["CH"]),
        ]),
        Section("Movilidad saliente", "mobility_out", intro=[
            "Durante el trimestre, 57 integrantes de la comunidad SENA viajaron a cinco países."], items=[
            item("Pasantía en manufactura avanzada en Alemania",
                 f("Socio", "Instituto Fraunhofer de Ingeniería de Fabricación y Automatización (Fraunhofer IPA)"),
                 f("Lugar", "Stuttgart, Alemania"), f("Fechas", "del 9 al 20 de septiembre de 2024"),
                 f("Participantes", "doce instructores"),
                 f("Regionales", "Antioquia, Valle del Cauca y Norte de Santander"),
                 p("Los instructores conocieron líneas piloto de **Industria 4.0**, gemelos digitales y robótica "
                   "colaborativa, y diseñaron un plan de transferencia para sus centros."),
                 partners=[P("Instituto Fraunhofer de Ingeniería de Fabricación y Automatización", "Fraunhofer IPA",
                             "DE", ["Fraunhofer IPA", "Fraunhofer"])],
                 countries=["DE"], cities=["Stuttgart"], ds="2024-09-09", de="2024-09-20", ben=12,
                 reg=["CO-ANT", "CO-VAC", "CO-NSA"]),
            item("Misión técnica en formación dual a Corea",
                 f("Socio", "Korea Polytechnics, con financiación de KOICA"),
                 f("Lugar", "Seúl e Incheon, Corea del Sur"), f("Fechas", "26/08/2024 – 06/09/2024"),
                 f("Participantes", "25 aprendices y 5 instructores"),
                 f("Regionales", "Santander, Cauca y Atlántico"),
                 p("La misión incluyó talleres prácticos en electromovilidad y visitas a empresas del sector "
                   "automotriz."),
                 partners=[P("Korea Polytechnics", None, "KR", ["Korea Polytechnic"]), KOICA],
                 countries=["KR"], cities=["Seúl", "Incheon"], ds="2024-08-26", de="2024-09-06", ben=30,
                 reg=["CO-SAN", "CO-CAU", "CO-ATL"]),
            item("Participación en WorldSkills Lyon 2024",
                 f("Socio", "WorldSkills International"), f("Lugar", "Lyon, Francia"),
                 f("Fechas", "del 10 al 15 de septiembre de 2024"),
                 f("Participantes", "15 participantes (12 aprendices competidores y 3 expertos)"),
                 f("Regionales", "Bogotá D.C., Risaralda y Chocó"),
                 p("La delegación colombiana compitió en habilidades como soldadura, cocina y tecnologías de la "
                   "información, y obtuvo **dos medallones de excelencia**."),
                 partners=[P("WorldSkills International", None, None, ["WorldSkills"])],
                 countries=["FR"], cities=["Lyon"], ds="2024-09-10", de="2024-09-15", ben=15,
                 reg=["CO-DC", "CO-RIS", "CO-CHO"]),
        ]),
        Section("Movilidad entrante", "mobility_in", items=[
            item("Expertos de JICA en mantenimiento de maquinaria agrícola",
                 f("Contraparte", "Agencia de Cooperación Internacional del Japón (JICA)"),
                 f("Lugar", "Buga"), f("Fechas", "entre julio y agosto de 2024"),
                 f("Participantes", "ciento veinte aprendices"), f("Regionales", "Valle del Cauca y Cauca"),
                 p("Dos expertos japoneses acompañaron la formación práctica en el Centro Agropecuario de Buga del "
                   "SENA, con énfasis en mantenimiento preventivo de tractores y sistemas de riego."),
                 partners=[P("Agencia de Cooperación Internacional del Japón", "JICA", "JP", ["JICA"])],
                 countries=["JP"], cities=["Buga"], ds="2024-07-01", de="2024-08-31", ben=120,
                 reg=["CO-VAC", "CO-CAU"]),
            item("Visita de instructores de TAFE NSW",
                 f("Socio", "TAFE NSW (Australia)"), f("Lugar", "Bogotá y Cartagena"),
                 f("Fechas", "22 de julio al 2 de agosto de 2024"), f("Participantes", "60 instructores"),
                 f("Regionales", "Bolívar y Distrito Capital"),
                 p("Cuatro docentes australianos compartieron metodologías de **evaluación por competencias** en "
                   "hotelería y turismo."),
                 partners=[P("TAFE NSW", None, "AU", ["TAFE"])],
                 countries=["AU"], cities=["Bogotá", "Cartagena"], ds="2024-07-22", de="2024-08-02", ben=60,
                 reg=["CO-BOL", "CO-DC"]),
        ]),
        Section("Eventos internacionales", "event", items=[
            item("Foro Regional de Formación Profesional de OIT/Cinterfor",
                 p("Del 28 al 30 de agosto de 2024, el SENA participó en el Foro Regional de la red **OIT/Cinterfor** "
                   "realizado en Montevideo (Uruguay), con delegados de Perú, Chile y México, donde presentó su "
                   "modelo de certificación de competencias laborales."),
                 partners=[CINTERFOR], countries=["UY", "PE", "CL", "MX"], cities=["Montevideo"],
                 ds="2024-08-28", de="2024-08-30"),
            item("Seminario virtual sobre economía circular",
                 f("Socio", "GIZ y Ministerio del Trabajo"), f("Fecha", "18 de septiembre"),
                 p("El seminario, organizado con la **Agencia Alemana de Cooperación Internacional (GIZ)** y el "
                   "Ministerio del Trabajo, reunió a **1.250 participantes** conectados desde todo el país."),
                 partners=[P("Agencia Alemana de Cooperación Internacional", "GIZ", "DE", ["GIZ"]),
                           P("Ministerio del Trabajo", None, "CO", ["MinTrabajo"])],
                 countries=["DE"], day="2024-09-18", ben=1250),
            item("Lanzamiento del programa de inglés con el British Council",
                 f("Socio", "British Council"), f("Lugar", "Cali"), f("Fecha", "5 de agosto de 2024"),
                 p("El programa cuenta con recursos por **$ 2.500 millones** y está dirigido a aprendices de las "
                   "regionales Valle y San Andrés."),
                 partners=[P("British Council", None, "GB", [])], countries=["GB"], cities=["Cali"],
                 day="2024-08-05", reg=["CO-VAC", "CO-SAP"]),
        ]),
        Section("Delegaciones recibidas", "delegation_visit", items=[
            item("Delegación de la Embajada de Finlandia",
                 p("El 11 de julio de 2024, la Dirección General del SENA en Bogotá recibió a una delegación de la "
                   "**Embajada de Finlandia** interesada en la formación para la economía del cuidado."),
                 partners=[P("Embajada de Finlandia", None, "FI", [])], countries=["FI"], cities=["Bogotá"],
                 day="2024-07-11"),
            item("Visita de la Agencia Española de Cooperación Internacional para el Desarrollo",
                 p("Los días 19 y 20 de septiembre de 2024, una delegación de la **AECID** recorrió centros de "
                   "formación en Medellín y Rionegro para conocer la oferta en agroindustria y turismo."),
                 partners=[P("Agencia Española de Cooperación Internacional para el Desarrollo", "AECID", "ES",
                             ["AECID"])],
                 countries=["ES"], cities=["Medellín", "Rionegro"], ds="2024-09-19", de="2024-09-20",
                 reg="*"),
        ], closing=["En total, durante el trimestre se recibieron **nueve delegaciones** de siete países."]),
    ],
    closing=["Coordinación Nacional de Relaciones Internacionales – SENA, octubre de 2024."],
)
