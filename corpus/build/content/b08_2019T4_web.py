"""HTML bulletin as published on a web page (site chrome, breadcrumb, share links, one table section)."""
from spec import Bulletin, Section, f, item, p, b, cap, row, partner as P

BULLETIN = Bulletin(
    name="boletin_2019T4_web", ext="html", style="web",
    title="Boletín Internacional – Octubre a diciembre de 2019", period=("2019-10-01", "2019-12-31"),
    masthead=["Relaciones internacionales · Publicado el 20/01/2020"],
    subtitle="Noticias de la cooperación internacional del SENA en el último trimestre de 2019",
    preface=["Durante el cuarto trimestre de 2019 el SENA cerró un año récord en cooperación internacional, con "
             "más de 1.900 beneficiarios y 27 nuevos convenios firmados durante el año."],
    sections=[
        Section("Alianzas", "alliance", items=[
            item("Convenio con la Embajada de Italia y el IILA",
                 f("Socio", "Embajada de Italia en Colombia e Instituto Italo-Latinoamericano (IILA)"),
                 p("El convenio apoya la formación en restauración del patrimonio y diseño de moda."),
                 partners=[P("Embajada de Italia en Colombia", None, "IT", ["Embajada de Italia"]),
                           P("Instituto Italo-Latinoamericano", "IILA", "*", ["IILA"])],
                 countries=["IT"]),
            item("Memorando con el Instituto Politécnico de Leiria",
                 f("Socio", "Instituto Politécnico de Leiria"), f("País", "Portugal"), f("Fecha", "12/11/2019"),
                 partners=[P("Instituto Politécnico de Leiria", None, "PT", [])], countries=["PT"],
                 day="2019-11-12"),
            item("Acuerdo con la Organización de los Estados Americanos",
                 p("El acuerdo con la **OEA** ofrece cursos virtuales de formación docente dirigidos a 150 "
                   "instructores del SENA."),
                 partners=[P("Organización de los Estados Americanos", "OEA", None, ["OEA", "OAS"])], ben=150),
        ]),
        Section("Movilidad saliente", "mobility_out", columns=["Actividad", "Socio", "País", "Fecha", "Participantes"],
                items=[
            row("Pasantía en gastronomía", "Basque Culinary Center", "España", "04/11/2019 – 15/11/2019", "8",
                partners=[P("Basque Culinary Center", None, "ES", [])], countries=["ES"], ds="2019-11-04",
                de="2019-11-15", ben=8),
            row("Curso de mantenimiento aeronáutico", "École Nationale de l'Aviation Civile (ENAC)", "Francia",
                "octubre de 2019", "3 instructores",
                partners=[P("École Nationale de l'Aviation Civile", "ENAC", "FR", ["ENAC"])], countries=["FR"],
                ds="2019-10-01", de="2019-10-31", ben=3),
            row("Misión en formación dual", "Cámara de Comercio e Industria de Múnich y Alta Baviera", "Alemania",
                "del 25 de noviembre al 6 de diciembre de 2019", "12 (10 instructores y 2 directivos)",
                partners=[P("Cámara de Comercio e Industria de Múnich y Alta Baviera", None, "DE",
                            ["IHK München", "Cámara de Comercio de Múnich"])],
                countries=["DE"], ds="2019-11-25", de="2019-12-06", ben=12),
        ]),
        Section("Movilidad entrante", "mobility_in", items=[
            item("Expertos del SENAC en la Amazonia",
                 p("Del 2 al 6 de diciembre, expertos del **Servicio Nacional de Aprendizaje Comercial (SENAC)** de "
                   "Brasil visitaron Leticia y formaron a 45 aprendices de la regional Amazonas en turismo de "
                   "naturaleza."),
                 cap("Foto: jornada de formación en Leticia."),
                 partners=[P("Servicio Nacional de Aprendizaje Comercial", "SENAC", "BR", ["SENAC"])],
                 countries=["BR"], cities=["Leticia"], ds="2019-12-02", de="2019-12-06", ben=45, reg=["CO-AMA"]),
        ]),
        Section("Eventos", "event", items=[
            item("Foro Internacional de Formación para el Trabajo",
                 p("El 19 de noviembre de 2019, el SENA y la **Organización de Estados Iberoamericanos (OEI)** "
                   "realizaron en Bogotá el foro, con delegaciones de Argentina, Paraguay y Honduras."),
                 partners=[P("Organización de Estados Iberoamericanos", "OEI", None, ["OEI"])],
                 countries=["AR", "PY", "HN"], cities=["Bogotá"], day="2019-11-19"),
            item("Foro Mundial de Competencias de la OCDE",
                 p("El 10 de octubre, el SENA participó en París, Francia, en el foro de la **Organización para la "
                   "Cooperación y el Desarrollo Económicos (OCDE)** sobre el futuro del trabajo."),
                 partners=[P("Organización para la Cooperación y el Desarrollo Económicos", "OCDE", None,
                             ["OCDE", "OECD"])],
                 countries=["FR"], cities=["París"], day="2019-10-10"),
        ]),
        Section("Delegaciones", "delegation_visit", items=[
            item("Visita de la Agencia Suiza para el Desarrollo y la Cooperación",
                 p("El 14 de octubre de 2019, la **COSUDE** visitó Popayán para conocer la oferta de formación "
                   "agropecuaria de la regional Cauca."),
                 partners=[P("Agencia Suiza para el Desarrollo y la Cooperación", "COSUDE", "CH", ["COSUDE", "SDC"])],
                 countries=["CH"], cities=["Popayán"], day="2019-10-14", reg="*"),
            item("Delegación de la Embajada de Nueva Zelanda",
                 p("El 28/11/2019, la **Embajada de Nueva Zelanda** visitó San Andrés para explorar cooperación en "
                   "formación para el turismo sostenible y la gestión de residuos en islas."),
                 partners=[P("Embajada de Nueva Zelanda", None, "NZ", [])], countries=["NZ"], cities=["San Andrés"],
                 day="2019-11-28", reg="*"),
        ]),
    ],
    closing=["Para más información sobre las convocatorias internacionales, visite la sección de oportunidades de "
             "este portal."],
)
