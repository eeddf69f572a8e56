"""The pages in a real headless Chromium (Debian's, driven by Playwright): search, facets, a record with its
highlighted evidence, the overview's charts. Screenshots go to tests/artifacts/web/."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.web.conftest import ARTIFACTS

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists() and not shutil.which("chromium"),
                                reason="Debian's chromium is not installed (./dev test installs it)")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM if CHROMIUM.exists() else shutil.which("chromium")),
                              args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, request):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="es-CO")
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
    pg.set_default_timeout(10_000)
    yield pg
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    ctx.close()
    assert not errors, errors   # no script ran: no alert() from a bulletin, no JS error


def _total(pg) -> int:
    return int(pg.locator("#total").inner_text())


def test_search_facet_record_and_evidence(page, live_server):
    page.goto(live_server + "/")
    everything = _total(page)
    page.fill("#q", "aprendices")
    page.click("form.search button")
    page.wait_for_url(re.compile(r"q=aprendices"))
    found = _total(page)
    assert 0 < found <= everything
    assert page.locator(".snippet mark").count() > 0   # the query's words are highlighted

    facet = page.locator('[data-facet="country"] li a').first
    expected = int(facet.locator("xpath=..").locator(".count").inner_text())
    label = facet.inner_text()
    facet.click()
    page.wait_for_url(re.compile(r"country="))
    assert _total(page) == expected <= found
    assert label in page.locator(".active-filters").inner_text()
    assert page.locator("li.hit").count() == min(expected, 20)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "search_after_facet.png"), full_page=True)

    page.locator("li.hit a.title").first.click()
    page.wait_for_url(re.compile(r"/actividad/\d+"))
    marks = page.locator("#passage mark.ev")
    assert marks.count() > 0
    first = marks.first
    assert first.is_visible()
    colour = first.evaluate("m => getComputedStyle(m).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")   # drawn highlighted
    values_link = page.locator("table.values a").first
    values_link.click()
    assert page.evaluate("location.hash").startswith("#ev-")
    assert page.locator(page.evaluate("location.hash")).is_visible()


def test_partner_and_document_pages(page, live_server):
    page.goto(live_server + "/")
    page.locator('[data-facet="partner"] li a').first.click()
    page.locator("li.hit a.title").first.click()
    page.locator("table.fields .partner a").first.click()
    page.wait_for_url(re.compile(r"/socio/"))
    assert page.locator(".timeline li.year").count() >= 1
    page.goto(live_server + "/documentos")
    page.locator("tr.status-failed a").first.click()
    assert "fallido" in page.locator("table.fields").inner_text()


def test_overview_charts_are_drawn(page, live_server):
    page.goto(live_server + "/panorama")
    for dim in ("country", "kind", "regional"):
        for metric in ("activities", "beneficiaries"):
            chart = page.locator(f"svg#chart-{dim}-{metric}")
            assert chart.is_visible(), (dim, metric)
    bars = page.locator("svg#chart-kind-activities rect.bar")
    assert bars.count() >= 2
    box = bars.first.bounding_box()
    assert box and box["height"] > 1 and box["width"] > 1
    # the bars' values add up to the activities the page reports
    total = sum(float(v) for v in bars.evaluate_all("rs => rs.map(r => r.dataset.value)"))
    assert f"{int(total)} actividades" in page.locator("main p").first.inner_text()


def test_script_in_a_bulletin_is_shown_not_run(page, live_server):
    page.goto(live_server + "/?q=Hispano")
    titles = page.locator("li.hit a.title").all_inner_texts()
    assert any("<script>alert('boletin')</script>" in t for t in titles), titles
    page.locator("li.hit a.title", has_text="<script>").first.click()
    assert "<script>" in page.locator("h1").inner_text()
