"""Every page of the built site passes axe-core's accessibility checks, in the light and the dark scheme.

The pages are found by walking the built site, so a new page is checked without a change here. Per
colour scheme, two browser pages, each in its own context and so its own renderer process, visit them
in turn: one loads its next page while axe runs in the other, so that both cores work. axe-core
(bundled in axe-playwright-python) is added to every document by an init script and run with its
default rules.
"""
from __future__ import annotations

import time
from collections import defaultdict
from contextlib import ExitStack

import pytest
from browser_support import ServedSite, open_page, record_timing, require_module, serve

AXE_OPTIONS = {"resultTypes": ["violations"]}
RUN_AXE = "options => axe.run(document, options)"
# Started on the page's next task, so that evaluate() returns at once (axe.run does most of its work before
# it returns its promise); the result is asked for later (COLLECT_AXE).
START_AXE = "options => { window.__axeRun = new Promise(done => setTimeout(() => done(axe.run(document, options)))); }"
COLLECT_AXE = "() => window.__axeRun"
PAGES_AT_ONCE = 2  # CI has two cores
DARK = "matchMedia('(prefers-color-scheme: dark)').matches"


def first_target(node: dict) -> str:
    """axe's selector for an element; a list inside the list goes through iframes or shadow roots."""
    target = node.get("target") or ["?"]
    first = target[0] if len(target) == 1 else target
    return " >>> ".join(map(str, first)) if isinstance(first, list) else str(first)


def shorten(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def report(scheme: str, pages: int, violations: list[tuple[str, dict]], unloaded: list[str]) -> str:
    """One message for every violation on every page: a summary per rule, then one line per page and rule."""
    by_rule: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    for page, violation in violations:
        by_rule[violation["id"]].append((page, violation))
    affected = len({page for page, _ in violations})
    lines = [f"axe-core, {scheme} colour scheme: {len(violations)} violations of {len(by_rule)} rules "
             f"on {affected} of {pages} pages"]
    if unloaded:
        lines.append(f"{len(unloaded)} pages did not load: " + ", ".join(unloaded))
    for rule, found in sorted(by_rule.items(), key=lambda item: (-len(item[1]), item[0])):
        page, example = found[0]
        node = example["nodes"][0]
        elements = sum(len(v["nodes"]) for _, v in found)
        lines += ["", f"{rule} ({example.get('impact')}): {len(found)} pages, {elements} elements. "
                      f"{example.get('help', '')} {example.get('helpUrl', '')}",
                  f"  e.g. {page}  {first_target(node)}",
                  f"       {shorten(node.get('html', ''))}"]
        if node.get("failureSummary"):
            lines.append(f"       {shorten(node['failureSummary'], 300)}")
    lines += ["", "Each page (page, rule, impact, elements, first element):"]
    for page, violation in sorted(violations, key=lambda item: (item[0], item[1]["id"])):
        nodes = violation["nodes"]
        lines.append(f"  {page}  {violation['id']} ({violation.get('impact')})  {len(nodes)}x  "
                     f"{first_target(nodes[0]) if nodes else '-'}")
    return "\n".join(lines)


def axe_every_page(pages: list, served_site: ServedSite, scheme: str) -> tuple[list[tuple[str, dict]], list[str]]:
    """axe's violations on every page of the site, and the pages that did not load. The pages take the
    site's pages in turn: each starts axe on the page it loaded, and its results are collected only when
    its turn comes again, so that axe runs in one renderer while the others load."""
    violations: list[tuple[str, dict]] = []
    unloaded: list[str] = []
    running: list[str | None] = [None] * len(pages)  # the page whose axe run each browser page holds
    for number, path in enumerate([*served_site.pages, *[None] * len(pages)]):  # then a turn to collect
        slot, page = number % len(pages), pages[number % len(pages)]
        shown = running[slot]
        if shown is not None:
            violations += [(shown, violation) for violation in page.evaluate(COLLECT_AXE)["violations"]]
            running[slot] = None
        if path is None:
            continue
        response = page.goto(served_site.url(path), wait_until="load")
        if response is None or response.status != 200:
            unloaded.append(f"/{path} (HTTP {response.status if response else 'no response'})")
            continue
        assert page.evaluate(DARK) == (scheme == "dark"), f"/{path}: the {scheme} scheme is not in effect"
        page.evaluate(START_AXE, AXE_OPTIONS)
        running[slot] = "/" + path
    return violations, unloaded


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_has_no_axe_violations(browser, served_site: ServedSite, scheme: str):
    require_module("axe_playwright_python", "axe-playwright-python")
    from axe_playwright_python.sync_playwright import Axe

    assert served_site.pages, f"no HTML pages in {served_site.root}"
    started = time.perf_counter()
    with ExitStack() as stack:
        pages = [stack.enter_context(open_page(browser, color_scheme=scheme)) for _ in range(PAGES_AT_ONCE)]
        for page in pages:
            page.context.add_init_script(script=Axe().axe_script)
        violations, unloaded = axe_every_page(pages, served_site, scheme)
    record_timing(f"axe-core, {scheme} scheme", len(served_site.pages), time.perf_counter() - started)
    if violations or unloaded:
        pytest.fail(report(scheme, len(served_site.pages), violations, unloaded), pytrace=False)


def test_turns_lose_no_page_s_violations(browser, tmp_path):
    """Pages taken in turns, results collected a turn later: the first and the last page's violations
    must both come back, with the page each is on."""
    require_module("axe_playwright_python", "axe-playwright-python")
    from axe_playwright_python.sync_playwright import Axe

    good = '<!DOCTYPE html><html lang="en"><head><title>{0}</title></head><body><main><h1>{0}</h1></main></body></html>'
    bad = good.replace("<h1>{0}</h1>", '<h1>{0}</h1><img src="x.png">')  # an image with no text: image-alt
    for number, html in enumerate([bad, good, good, good, bad], start=1):
        (tmp_path / f"p{number}").mkdir()
        (tmp_path / f"p{number}/index.html").write_text(html.format(f"Page {number}"))
    (tmp_path / "x.png").write_bytes(b"")
    with serve(tmp_path) as served, ExitStack() as stack:
        assert len(served.pages) == 5
        pages = [stack.enter_context(open_page(browser)) for _ in range(PAGES_AT_ONCE)]
        for page in pages:
            page.context.add_init_script(script=Axe().axe_script)
        violations, unloaded = axe_every_page(pages, served, "light")
    assert unloaded == []
    assert sorted((page, v["id"]) for page, v in violations) == [("/p1/", "image-alt"),
                                                                 ("/p5/", "image-alt")]


def open_history(page) -> None:
    page.wait_for_selector("[data-score-check] .score-window")
    page.click(".score-history summary")


def filtered(page) -> None:
    page.wait_for_selector("[data-draws]:not([hidden])")
    page.wait_for_selector("[data-score-check] .score-window")
    page.wait_for_selector("table.draws tr.missed")


def results(page) -> None:
    page.wait_for_selector("#search[data-state='done'] .search-results li a", timeout=10_000)


def chart_focused(page) -> None:
    page.focus(".chart svg[tabindex]")
    page.keyboard.press("ArrowLeft")  # the tooltip and the highlighted point are shown
    page.wait_for_selector(".chart-tip:not([hidden])")


# What scripts draw after the first load: axe sees each state as a reader leaves it.
STATES = {
    "a score entered, every category": ("?score=478", open_history),
    "a score entered, CEC chosen": ("?score=478&category=cec", open_history),
    "a score entered, in French": ("fr/?score=478&category=cec", open_history),
    "all draws, a score entered": ("draws/?score=478", filtered),
    "all draws, filters applied": ("draws/?category=cec&year=2026&sort=crs&score=478", filtered),
    "search results": ("search/?q=254", results),
    "search results in French": ("fr/recherche/?q=logiciel", results),
    "a chart focused": ("categories/cec/", chart_focused),
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_after_a_reader_acts_have_no_axe_violations(browser, served_site: ServedSite, scheme: str):
    """axe sees a page as it loads; these are the states scripts draw later: a score's answer and its marked
    rows, filtered draws, search results, a focused chart."""
    require_module("axe_playwright_python", "axe-playwright-python")
    from axe_playwright_python.sync_playwright import Axe

    violations: list[tuple[str, dict]] = []
    with open_page(browser, color_scheme=scheme, viewport={"width": 390, "height": 844}) as page:
        page.context.add_init_script(script=Axe().axe_script)
        for name, (path, act) in STATES.items():
            page.goto(served_site.url(path), wait_until="load")
            act(page)
            results = page.evaluate(RUN_AXE, AXE_OPTIONS)
            violations += [(f"/{path} ({name})", violation) for violation in results["violations"]]
    if violations:
        pytest.fail(report(scheme, len(STATES), violations, []), pytrace=False)
