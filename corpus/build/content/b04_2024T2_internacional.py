"""Two-column PDF with running header, 'Página N de M' footer and items flowing across columns/pages."""
from spec import Bulletin, Section, f, item, p, b, partner as P

CINTERFOR = P("OIT/Cinterfor", "CINTERFOR", None, ["OIT", "Cinterfor", "Organización Internacional del Trabajo"])

BULLETIN = Bulletin(
    name="boletin_2024T2_internacional", ext="pdf", style="two_columns",
    title="Boletín Internacional SENA", period=("2024-04-01", "2024-06-30"),
    masthead=["Coordinación Nacional de Relaciones Internacionales"],
    subtitle="Abril – junio de 2024",
    running_header="Boletín Internacional SENA · Abril–junio 2024",
    preface=["El segundo trimestre de 2024 consolidó la agenda internacional del SENA con nuevas alianzas en "
             "Brasil, Escocia y América Latina, movilidades hacia Europa y una intensa agenda de eventos y visitas "
             "que acercaron la Formación Profesional Integral a las tendencias globales del trabajo. A "
             "continuación se presentan las acciones más relevantes del periodo, organizadas por línea de "
             "gestión, con sus aliados, fechas y resultados."],
    sections=[
        Section("Alianzas estratégicas", "alliance", intro=[
            "Las alianzas firmadas en el trimestre suman tres nuevos instrumentos de cooperación y amplían a 86 el "
            "número de convenios internacionales vigentes de la entidad."], items=[
            item("Alianza con el Instituto Federal de Santa Catarina (IFSC)",
                 p("El SENA y el **Instituto Federal de Educación, Ciencia y Tecnología de Santa Catarina (IFSC)** "
                   "firmaron en Florianópolis, el 22 de abril de 2024, un acuerdo de cooperación orientado a la "
                   "formación en energías renovables, mecatrónica y gastronomía. El acuerdo prevé el desarrollo de "
                   "cursos cortos conjuntos, la participación de instructores en proyectos de investigación "
                   "aplicada y el intercambio de materiales didácticos en portugués y español, así como la "
                   "realización de una primera convocatoria de movilidad de instructores y la creación de un comité "
                   "técnico binacional que sesionará dos veces al año."),
                 b("**Impacto esperado:** fortalecimiento de la formación en transición energética con "
                   "referentes de la red federal brasileña."),
                 partners=[P("Instituto Federal de Educación, Ciencia y Tecnología de Santa Catarina", "IFSC", "BR",
                             ["IFSC", "Instituto Federal de Santa Catarina"])],
                 countries=["BR"], cities=["Florianópolis"], day="2024-04-22"),
            item("Memorando con Skills Development Scotland",
                 p("El memorando con **Skills Development Scotland**, la agencia escocesa de desarrollo de "
                   "habilidades, busca compartir metodologías de prospectiva laboral y aprendizaje en el trabajo, "
                   "en línea con la estrategia de habilidades de Escocia al 2030 y con el plan de la entidad. Las "
                   "partes trabajarán en el diseño de rutas de aprendizaje para ocupaciones verdes y en la "
                   "adopción de herramientas de información del mercado laboral por parte de los observatorios "
                   "regionales del SENA."),
                 partners=[P("Skills Development Scotland", None, "GB", [])], countries=["GB"]),
            item("Acuerdo con la Organización de Estados Iberoamericanos (OEI)",
                 p("El acuerdo con la **OEI** apoyará la formación en competencias digitales y ciudadanas y "
                   "beneficiará a **3.400 aprendices** de 11 regionales durante su primera fase, con énfasis en "
                   "mujeres jóvenes y población rural. La OEI aportará asistencia técnica y plataformas virtuales, "
                   "mientras que el SENA pondrá a disposición sus ambientes de formación."),
                 partners=[P("Organización de Estados Iberoamericanos", "OEI", None, ["OEI"])], ben=3400),
        ]),
        Section("Movilidad internacional saliente", "mobility_out", items=[
            item("Estancia técnica en energías renovables en Dinamarca",
                 f("Aliado", "Aarhus Tech"), f("Destino", "Aarhus, Dinamarca"),
                 f("Fechas", "del 28 de abril al 2 de mayo de 2024"),
                 f("Beneficiarios", "siete instructores de las regionales Boyacá, Cundinamarca y Meta"),
                 p("Los instructores participaron en talleres sobre mantenimiento de turbinas eólicas, redes "
                   "inteligentes y almacenamiento de energía, y visitaron parques eólicos y plantas de biogás de la "
                   "región de Jutlandia Central. Como resultado, cada centro de formación elaborará una propuesta de "
                   "actualización de sus programas tecnológicos en energías renovables, que será socializada con la "
                   "red de conocimiento de electricidad y electrónica durante el segundo semestre."),
                 partners=[P("Aarhus Tech", None, "DK", [])], countries=["DK"], cities=["Aarhus"],
                 ds="2024-04-28", de="2024-05-02", ben=7, reg=["CO-BOY", "CO-CUN", "CO-MET"]),
            item("Delegación SENA en la feria Hannover Messe",
                 f("Aliados", "Deutsche Messe AG y Cámara de Industria y Comercio Colombo-Alemana (AHK Colombia)"),
                 f("Destino", "Hannover, Alemania"), f("Fechas", "del 22 al 26 de abril de 2024"),
                 f("Beneficiarios", "9 (6 instructores y 3 directivos)"),
                 p("La delegación recorrió los pabellones de automatización, hidrógeno y manufactura digital de la "
                   "feria industrial más grande del mundo, y sostuvo reuniones con fabricantes de equipos de "
                   "formación para la actualización de los talleres de los centros industriales del país. Las "
                   "conclusiones de la visita alimentarán el plan de modernización de ambientes de aprendizaje que "
                   "la Dirección de Formación Profesional presentará en el siguiente trimestre."),
                 partners=[P("Deutsche Messe AG", None, "DE", ["Deutsche Messe"]),
                           P("Cámara de Industria y Comercio Colombo-Alemana", "AHK Colombia", "*",
                             ["AHK Colombia", "AHK"])],
                 countries=["DE"], cities=["Hannover"], ds="2024-04-22", de="2024-04-26", ben=9),
        ]),
        Section("Movilidad entrante", "mobility_in", items=[
            item("Expertos de CONALEP en el Caribe colombiano",
                 p("Del 3 al 14 de junio, expertos del **Colegio Nacional de Educación Profesional Técnica "
                   "(CONALEP)** de México visitaron Barranquilla y Santa Marta, donde capacitaron a **85 "
                   "instructores** de las regionales Atlántico y Magdalena en evaluación de competencias y diseño "
                   "de ambientes de aprendizaje. Durante las jornadas, los expertos mexicanos acompañaron además la "
                   "revisión de los instrumentos de evaluación de los programas de logística portuaria y turismo, "
                   "y dejaron una hoja de ruta para la creación de una comunidad de práctica entre instructores de "
                   "ambos países que se reunirá de manera virtual cada mes."),
                 partners=[P("Colegio Nacional de Educación Profesional Técnica", "CONALEP", "MX", ["CONALEP"])],
                 countries=["MX"], cities=["Barranquilla", "Santa Marta"], ds="2024-06-03", de="2024-06-14",
                 ben=85, reg=["CO-ATL", "CO-MAG"]),
        ]),
        Section("Formación con aliados", "training", items=[
            item("Formación en inglés para instructores",
                 f("Aliado", "Embajada de Estados Unidos – Oficina Regional de Programas de Inglés (RELO)"),
                 p("El programa se desarrolla en dos cohortes, de **140** y **95 instructores**, de las regionales "
                   "Distrito Capital, Valle del Cauca, Nariño, Putumayo y Amazonas, y se extenderá hasta noviembre "
                   "de 2024. Los participantes avanzan en un trayecto virtual con tutorías semanales y sesiones de "
                   "práctica oral con docentes nativos, y al finalizar presentarán una prueba internacional de "
                   "nivel."),
                 partners=[P("Embajada de Estados Unidos", None, "US", []),
                           P("Oficina Regional de Programas de Inglés", "RELO", "US", ["RELO"], optional=True)],
                 countries=["US"], de="2024-11-30", ben=235,
                 reg=["CO-DC", "CO-VAC", "CO-NAR", "CO-PUT", "CO-AMA"]),
            item("Curso en gestión del riesgo de desastres",
                 f("Aliado", "JICA"), f("Lugar", "Tokio, Japón"), f("Fechas", "entre mayo y junio de 2024"),
                 p("Dos funcionarios del SENA participaron en el curso de la **Agencia de Cooperación Internacional "
                   "del Japón** sobre prevención y respuesta ante desastres, con visitas técnicas a municipios "
                   "afectados por terremotos y tsunamis."),
                 partners=[P("Agencia de Cooperación Internacional del Japón", "JICA", "JP", ["JICA"])],
                 countries=["JP"], cities=["Tokio"], ds="2024-05-01", de="2024-06-30", ben=2),
        ]),
        Section("Eventos", "event", items=[
            item("Reunión de la Comisión Técnica de OIT/Cinterfor",
                 p("Del 4 al 6 de junio de 2024, el SENA participó en la reunión de la Comisión Técnica de "
                   "**OIT/Cinterfor** en Brasilia, Brasil, donde presentó su experiencia en certificación de "
                   "competencias laborales y formación virtual a gran escala."),
                 partners=[CINTERFOR], countries=["BR"], cities=["Brasilia"], ds="2024-06-04", de="2024-06-06"),
            item("Semana Europea de la Formación Profesional",
                 p("Con el apoyo de la **Delegación de la Unión Europea en Colombia**, el SENA intervino el 15 de mayo "
                   "de 2024 en un panel de la Semana Europea de la Formación Profesional celebrado en Bruselas, "
                   "Bélgica, sobre habilidades para la transición verde."),
                 partners=[P("Delegación de la Unión Europea en Colombia", None, None, ["Unión Europea"])],
                 countries=["BE"], cities=["Bruselas"], day="2024-05-15"),
            item("Encuentro binacional Colombia–Ecuador de formación para el trabajo",
                 p("El 20 de junio, en Ipiales, el SENA y el **Servicio Ecuatoriano de Capacitación Profesional "
                   "(SECAP)** realizaron un encuentro fronterizo en el que participaron 60 aprendices de la "
                   "regional Nariño."),
                 partners=[P("Servicio Ecuatoriano de Capacitación Profesional", "SECAP", "EC", ["SECAP"])],
                 countries=["EC"], cities=["Ipiales"], day="2024-06-20", ben=60, reg=["CO-NAR"]),
        ]),
        Section("Visitas de delegaciones", "delegation_visit", items=[
            item("Delegación de Panamá: Ministerio de Trabajo e INADEH",
                 p("El 7 y 8 de mayo de 2024, el SENA recibió en Bogotá a una delegación del **Ministerio de Trabajo "
                   "y Desarrollo Laboral de Panamá** y del **Instituto Nacional de Formación Profesional y "
                   "Capacitación para el Desarrollo Humano (INADEH)**, interesada en el modelo colombiano de "
                   "contrato de aprendizaje."),
                 partners=[P("Ministerio de Trabajo y Desarrollo Laboral de Panamá", None, "PA", ["Ministerio de Trabajo de Panamá"]),
                           P("Instituto Nacional de Formación Profesional y Capacitación para el Desarrollo Humano",
                             "INADEH", "PA", ["INADEH"])],
                 countries=["PA"], cities=["Bogotá"], ds="2024-05-07", de="2024-05-08"),
            item("Visita de la Embajada de Australia",
                 p("El 30 de abril, representantes de la **Embajada de Australia** visitaron en Sogamoso el Centro "
                   "Minero del SENA para conocer la formación en minería sostenible."),
                 partners=[P("Embajada de Australia", None, "AU", [])], countries=["AU"], cities=["Sogamoso"],
                 day="2024-04-30"),
        ], closing=["Con estas acciones, el SENA cerró el semestre con 412 personas beneficiadas por la "
                    "cooperación internacional y 18 regionales participantes."]),
    ],
)
