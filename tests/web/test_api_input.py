"""Whatever a browser or script sends to the web app gets an answer, never a server error: any text in any
search parameter (200, or 422 from the API and 400 from the page), any text as an activity id, document or partner name (200 or 404/422)."""

from __future__ import annotations

import os
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# EXTRACTOR_FUZZ_SCALE=20 for a long fuzzing run (CI keeps the default).
FUZZ_SCALE = int(os.environ.get("EXTRACTOR_FUZZ_SCALE", "1"))
_settings = settings(max_examples=60 * FUZZ_SCALE, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

NASTY = ["12345678901234567890", "9" * 40, "-1", "0", "²", "١٢", "[/]", "<script>", '"', "AND(", "*", "%", "..",
         "../../etc/passwd", "2024-13-45", "2024-02-30", "0000", "9999-12-31", "😀", "\u202e", " ", "x" * 3000]
texts = st.one_of(st.sampled_from(NASTY), st.text(alphabet=st.characters(blacklist_categories=["Cs"],
                                                                         blacklist_characters="\x00"), max_size=60))
SEARCH_PARAMS = ["q", "kind", "country", "partner", "regional", "from", "to", "sort", "limit", "offset", "pagina"]
SEARCH_PATHS = ["/api/search", "/api/search.csv", "/api/search.json", "/"]
NAMED_PATHS = ["/api/activities/", "/actividad/", "/api/documents/", "/documento/", "/api/partners/", "/socio/",
               "/original/"]


@_settings
@given(path=st.sampled_from(SEARCH_PATHS), params=st.dictionaries(st.sampled_from(SEARCH_PARAMS), texts, max_size=4))
def test_any_search_parameters(client, path, params):
    r = client.get(path, params=params)
    api = path.startswith("/api/")
    assert r.status_code in ((200, 422) if api else (200, 400, 422)), (path, params, r.status_code, r.text[:300])
    if api and r.status_code == 422:
        assert r.json()["detail"]


@_settings
@given(path=st.sampled_from(NAMED_PATHS), name=texts)
def test_any_name_in_a_path(client, path, name):
    r = client.get(path + quote(name, safe=""))
    assert r.status_code in (200, 404, 422), (path, name, r.status_code, r.text[:300])


@pytest.mark.parametrize("path", ["/api/activities/", "/actividad/"])
@pytest.mark.parametrize("activity_id", ["12345678901234567890", str(2**63), str(2**31 + 5), "0"])
def test_an_activity_id_no_row_can_have_is_not_found(client, path, activity_id):
    assert client.get(path + activity_id).status_code == 404
