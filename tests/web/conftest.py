"""A small store of bulletins written for these tests (two years, several kinds, one unreadable file, one
item whose title carries a <script> tag), and the web app over it."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from extractor.ingest import ingest_paths
from extractor.store import open_store

BULLETIN_2024 = """# Boletín de Cooperación Internacional

**Julio a septiembre de 2024**

## 1. Alianzas

### Convenio con la Universidad de Ciencias Aplicadas de Tampere

- **Aliado:** Tampere University of Applied Sciences (TAMK), Finlandia
- **Fecha:** 15 de agosto de 2024
- **Beneficiarios:** 120 aprendices
- **Regionales:** Antioquia y Risaralda

El convenio fortalece la formación en energías renovables y eficiencia energética.

### Acuerdo <script>alert('boletin')</script> con la Cámara de Comercio Hispano Colombiana

- **Aliado:** Cámara Oficial de Comercio de España en Colombia
- **Fecha:** septiembre de 2024

El acuerdo promueve prácticas de aprendices en empresas españolas.

## 2. Movilidad internacional

### Pasantía en robótica industrial en Corea

- **Aliado:** Korea Polytechnics (Corea del Sur)
- **Destino:** Incheon, Corea del Sur
- **Fechas:** del 2 al 20 de septiembre de 2024
- **Participantes:** 8 instructores de la regional Valle del Cauca

## 3. Formación

### Curso de energía solar con la Agencia Alemana de Cooperación

- **Aliado:** Deutsche Gesellschaft für Internationale Zusammenarbeit (GIZ), Alemania
- **Fechas:** julio de 2024
- **Participantes:** 45 instructores
- **Regionales:** La Guajira y Cesar
"""

BULLETIN_2025 = """BOLETÍN SENA INTERNACIONAL
Abril a junio de 2025

ALIANZAS

Memorando con la Universidad de Ciencias Aplicadas de Tampere
Aliado: Tampere University of Applied Sciences (TAMK), Finlandia
Fecha: 3 de mayo de 2025
Beneficiarios: 60 aprendices
Regionales: Santander
Renovación del convenio de energías renovables con nuevas cohortes.

EVENTOS

Feria internacional de formación técnica en Lima
Aliado: Servicio Nacional de Adiestramiento en Trabajo Industrial (SENATI), Perú
Lugar: Lima, Perú
Fecha: 12 de junio de 2025
Participantes: 30 aprendices de Bogotá

VISITAS DE DELEGACIONES

Visita de una delegación japonesa de la JICA
Institución: Agencia de Cooperación Internacional del Japón (JICA)
Fecha: 20 de mayo de 2025
Regionales: Cundinamarca
La delegación conoció los ambientes de formación en mecatrónica.
"""

NOT_A_BULLETIN = "Lista de compras: pan, leche <b>y</b> café.\n"

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts" / "web"


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite store with the bulletins above; one more bulletin's file is deleted after ingestion."""
    folder = tmp_path_factory.mktemp("bulletins")
    (folder / "boletin_2024T3_pruebas.md").write_text(BULLETIN_2024, encoding="utf-8")
    (folder / "boletin_2025T2_pruebas.txt").write_text(BULLETIN_2025, encoding="utf-8")
    (folder / "notas_sueltas.txt").write_text(NOT_A_BULLETIN, encoding="utf-8")
    gone = tmp_path_factory.mktemp("moved") / "boletin_2023T1_retirado.md"
    gone.write_text(BULLETIN_2024.replace("2024", "2023").replace("<script>alert('boletin')</script> ", ""),
                    encoding="utf-8")
    db = str(tmp_path_factory.mktemp("store") / "web.db")
    with open_store(db) as store:
        outcomes = ingest_paths(store, [folder, gone])
    assert {o.status for o in outcomes} >= {"ok", "failed"}, [(o.path, o.status, o.error) for o in outcomes]
    gone.unlink()
    return db


@pytest.fixture(scope="session")
def web_app(web_db: str):
    from extractor.web import create_app
    app = create_app(web_db)
    yield app
    app.state.store.close()


@pytest.fixture(scope="session")
def client(web_app):
    from fastapi.testclient import TestClient
    with TestClient(web_app) as c:
        yield c


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(web_app) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port, in a background thread."""
    import uvicorn
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(web_app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
