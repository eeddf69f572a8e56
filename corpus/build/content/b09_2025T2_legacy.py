"""Legacy Word 97 .doc converted by LibreOffice from a Heading-styled DOCX."""
from spec import Bulletin, Section, f, item, p, b, partner as P

BULLETIN = Bulletin(
    name="boletin_2025T2_legacy", ext="doc", style="headings",
    title="Boletín de Gestión Internacional", period=("2025-04-01", "2025-06-30"),
    masthead=["Coordinación Nacional de Relaciones Internacionales"],
    subtitle="II trimestre de 2025 (abril – junio)",
    sections=[
        Section("Alianzas y convenios", "alliance", items=[
            item("Convenio con TAFE Queensland",
                 f("Socio", "TAFE Queensland"), f("País", "Australia"), f("Fecha", "8 de mayo de 2025"),
                 f("Lugar", "Brisbane"),
                 p("El convenio incluye formación en minería sostenible y energías limpias."),
                 partners=[P("TAFE Queensland", None, "AU", ["TAFE"])], countries=["AU"], cities=["Brisbane"],
                 day="2025-05-08"),
            item("Alianza con la Embajada de los Países Bajos y Nuffic",
                 p("La **Embajada del Reino de los Países Bajos** y **Nuffic**, la organización neerlandesa para la "
                   "internacionalización de la educación, ofrecerán becas de formación corta en gestión del agua."),
                 partners=[P("Embajada del Reino de los Países Bajos", None, "NL", ["Embajada de los Países Bajos"]),
                           P("Nuffic", None, "NL", [])],
                 countries=["NL"]),
            item("Memorando con el SENCE de Chile",
                 f("Socio", "Servicio Nacional de Capacitación y Empleo (SENCE), con el acompañamiento del Ministerio "
                   "del Trabajo de Colombia"),
                 p("El memorando busca el reconocimiento mutuo de certificaciones de competencias laborales."),
                 partners=[P("Servicio Nacional de Capacitación y Empleo", "SENCE", "CL", ["SENCE"]),
                           P("Ministerio del Trabajo de Colombia", None, "CO", ["Ministerio del Trabajo", "MinTrabajo"],
                             optional=True)],
                 countries=["CL"]),
        ]),
        Section("Movilidad saliente", "mobility_out", items=[
            item("Pasantía en energía eólica en España",
                 f("Socio", "Centro Nacional de Energías Renovables (CENER)"), f("Lugar", "Pamplona, Navarra"),
                 f("Fechas", "del 26 de mayo al 6 de junio de 2025"),
                 f("Participantes", "10 instructores (La Guajira y Atlántico)"),
                 partners=[P("Centro Nacional de Energías Renovables", "CENER", "ES", ["CENER"])], countries=["ES"],
                 cities=["Pamplona"], ds="2025-05-26", de="2025-06-06", ben=10, reg=["CO-LAG", "CO-ATL"]),
            item("Misión de aprendices a Japón",
                 f("Socio", "Japan International Cooperation Agency (JICA)"), f("Lugar", "Nagoya"),
                 f("Fecha", "junio de 2025"), f("Participantes", "seis aprendices de Caldas y Quindío"),
                 partners=[P("Japan International Cooperation Agency", "JICA", "JP", ["JICA"])], countries=["JP"],
                 cities=["Nagoya"], ds="2025-06-01", de="2025-06-30", ben=6, reg=["CO-CAL", "CO-QUI"]),
        ]),
        Section("Formación y capacitación", "training", items=[
            item("Programa de formación en inteligencia artificial con Microsoft",
                 f("Socio", "Microsoft"),
                 p("El programa certificará a **2.150 aprendices** en fundamentos de inteligencia artificial y se "
                   "desarrollará hasta septiembre de 2025."),
                 partners=[P("Microsoft", None, "US", [])], countries=["US"], de="2025-09-30", ben=2150),
            item("Formación de instructores en energías limpias",
                 f("Socio", "Embajada Británica – UK PACT"),
                 p("Se desarrollaron dos cursos: el primero con 45 instructores y el segundo con 38, de las "
                   "regionales Norte de Santander, Santander y Boyacá."),
                 partners=[P("Embajada Británica", None, "GB", ["Embajada del Reino Unido"]),
                           P("UK PACT", None, "GB", [], optional=True)],
                 countries=["GB"], ben=83, reg=["CO-NSA", "CO-SAN", "CO-BOY"]),
        ]),
        Section("Eventos", "event", items=[
            item("Conferencia Internacional del Trabajo",
                 p("Del 2 al 13 de junio de 2025, el SENA integró la delegación de Colombia en la 113.ª Conferencia "
                   "Internacional del Trabajo de la **OIT**, en Ginebra, Suiza."),
                 partners=[P("Organización Internacional del Trabajo", "OIT", None, ["OIT", "ILO"])],
                 countries=["CH"], cities=["Ginebra"], ds="2025-06-02", de="2025-06-13"),
            item("Foro de cooperación triangular",
                 p("El 29 de abril de 2025, en Santa Marta, la **GIZ** y **APC Colombia** convocaron con el SENA a "
                   "delegados de Guatemala, Honduras y El Salvador para compartir experiencias de formación dual."),
                 partners=[P("Agencia Alemana de Cooperación Internacional", "GIZ", "DE", ["GIZ"]),
                           P("APC Colombia", "APC", "CO", ["APC"])],
                 countries=["DE", "GT", "HN", "SV"], cities=["Santa Marta"], day="2025-04-29"),
        ]),
        Section("Delegaciones recibidas", "delegation_visit", items=[
            item("Visita de la Embajada de la India",
                 p("El 14 de mayo de 2025, la **Embajada de la India** fue recibida en la Dirección General, en "
                   "Bogotá, para explorar cooperación en tecnologías de la información."),
                 partners=[P("Embajada de la India", None, "IN", [])], countries=["IN"], cities=["Bogotá"],
                 day="2025-05-14"),
            item("Delegación de HRD Korea",
                 p("El 17 y 18 de junio, el **Human Resources Development Service of Korea (HRD Korea)** visitó Cali "
                   "y Yumbo para conocer los procesos de certificación de competencias."),
                 partners=[P("Human Resources Development Service of Korea", "HRD Korea", "KR", ["HRD Korea"])],
                 countries=["KR"], cities=["Cali", "Yumbo"], ds="2025-06-17", de="2025-06-18"),
        ]),
    ],
)
