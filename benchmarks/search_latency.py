"""How long the search page takes from typing to its results, in Chromium, on localhost: prints figures and
asserts nothing about time.

It builds the real archive into a temporary folder, serves it on 127.0.0.1 and, for each query in both
languages, types it into the search page's box as a reader would (one input event with the whole query:
the last keystroke) and times, in the page, from that event to the list being complete (data-state
"done"). The page fetches the index, the terms file and Pagefind as it opens; the first query is typed
a second later, as a reader would, and marked "(first)". The input waits DEBOUNCE ms before it searches
(static/search.js), counted in.

    python benchmarks/search_latency.py              # 5 runs of each query
    python benchmarks/search_latency.py --runs 9
"""
from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from drawarchive.config import load_config  # noqa: E402
from drawarchive.pipeline.site import build_site  # noqa: E402

QUERIES = {"search/": ["254", "July 2023", "CEC 2026", "software engineers", "helthcare", "Ottawa", "ingénieur"],
           "fr/recherche/": ["254", "juillet 2023", "CEC 2026", "ingénieurs en logiciel", "steem", "Ottawa",
                             "software engineers"]}
TIMED = """query => new Promise(resolve => {
  const box = document.getElementById("search"), input = box.querySelector("input[name=q]");
  const watch = new MutationObserver(() => {
    if (box.dataset.state === "done") { watch.disconnect(); resolve(performance.now() - start); }
  });
  watch.observe(box, {attributes: true, attributeFilter: ["data-state"]});
  input.value = query;
  const start = performance.now();
  input.dispatchEvent(new Event("input", {bubbles: true}));
})"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def served(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


def measure(base: str, runs: int) -> dict[tuple[str, str], list[float]]:
    timings: dict[tuple[str, str], list[float]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])
        for _ in range(runs):
            for path, queries in QUERIES.items():
                page = browser.new_page()
                page.goto(base + path)
                page.wait_for_selector("#search:not([hidden])")
                page.wait_for_timeout(1_000)  # a reader's first second on the page: what it fetches meanwhile
                for number, query in enumerate(queries):
                    key = (path, query if number else f"{query} (first)")
                    timings.setdefault(key, []).append(page.evaluate(TIMED, query))
                page.close()
        browser.close()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        config, problems = load_config(REPO)
        assert not problems, problems
        build_site(REPO, config, target=site)
        server, base = served(site)
        try:
            timings = measure(base, args.runs)
        finally:
            server.shutdown()
    debounce = int((REPO / "static/search.js").read_text().split("DEBOUNCE = ", 1)[1].split(";", 1)[0])
    print(f"typing to complete results, ms (median and worst of {args.runs}; {debounce} ms of it the wait for "
          "more typing)")
    for (path, query), values in timings.items():
        print(f"  {path:15} {query:30} {statistics.median(values):7.0f} {max(values):7.0f}")


if __name__ == "__main__":
    main()
