"""A language is one registry entry: a third one, made up, gets every page kind, feed and search index.

And a language's words never silently become English: a missing catalog is an error, and an installed
(not editable) package carries its catalogs, so it builds French in French.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from conftest import REPO, run_build
from lxml import html

SAMPLE = REPO / "tests" / "golden" / "project"
ZEDISH = """
languages:
  - code: en
  - code: fr
  - code: zz
    locale: en_GB
    name: Zedish
    title: Zed Draw Archive
    catalog: locale/zz/messages.po
    words: {draws: dr, page: pg, years: yr, categories: cat, occupations: occ, noc: nz, feeds: fd, data: dt,
            search: sr, all: every}
"""
CATALOG = r'''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"
"Language: zz\n"

msgid "Home"
msgstr "Zome"

msgid "All draws"
msgstr "Zall draws"

msgid "{count} invitation"
msgid_plural "{count} invitations"
msgstr[0] "{count} zinvitation"
msgstr[1] "{count} zinvitations"
'''


def project(tmp_path: Path, languages: str = ZEDISH, catalog: str | None = CATALOG) -> Path:
    root = tmp_path / "project"
    shutil.copytree(SAMPLE, root)
    for name in ("templates", "static"):
        shutil.copytree(REPO / name, root / name)
    (root / "site.yml").write_text((root / "site.yml").read_text() + languages)
    if catalog is not None:
        (root / "locale" / "zz").mkdir(parents=True)
        (root / "locale" / "zz" / "messages.po").write_text(catalog)
    return root


@pytest.fixture(scope="module")
def zedish(tmp_path_factory) -> Path:
    root = project(tmp_path_factory.mktemp("zedish"))
    result = run_build(root=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


PAGES = {  # every page kind, at its address in Zedish
    "home": "zz/index.html", "draws": "zz/dr/index.html", "draw": "zz/dr/254/index.html", "years": "zz/yr/index.html",
    "year": "zz/yr/2023/index.html", "categories": "zz/cat/index.html", "category": "zz/cat/stem/index.html",
    "occupations": "zz/occ/index.html", "occupation": "zz/occ/stem/index.html", "noc": "zz/occ/nz/21211/index.html",
    "feeds": "zz/fd/index.html", "data": "zz/dt/index.html", "search": "zz/sr/index.html", "404": "zz/404.html",
}


@pytest.mark.parametrize("kind", PAGES)
def test_a_registered_language_has_every_page_kind(zedish, kind):
    page = html.fromstring((zedish / PAGES[kind]).read_bytes())
    assert page.get("lang") == "zz" and page.get("data-locale") == "en-GB"
    nav = [a.text_content() for a in page.xpath("//header//nav//a")]
    assert nav[:2] == ["Zome", "Zall draws"]  # its catalog's words
    switch = {a.get("hreflang"): a.text_content() for a in page.xpath("//a[@class='language']")}
    assert switch == {"en": "English", "fr": "Français"}
    alternates = {link.get("hreflang") for link in page.xpath("//link[@rel='alternate'][@hreflang]")}
    assert {"en", "fr", "zz", "x-default"} <= alternates


def test_the_other_languages_link_to_it(zedish):
    page = html.fromstring((zedish / "draws/254/index.html").read_bytes())
    switch = {a.get("hreflang"): (a.text_content(), a.get("href")) for a in page.xpath("//a[@class='language']")}
    assert switch["zz"] == ("Zedish", "/zz/dr/254/")


def test_it_has_its_feeds_and_its_search_index(zedish):
    for path in ("zz/fd/every.atom.xml", "zz/fd/every.rss.xml", "zz/fd/stem.atom.xml", "zz/fd/cec.rss.xml"):
        assert (zedish / path).is_file(), path
    atom = (zedish / "zz/fd/every.atom.xml").read_text()
    assert "Zed Draw Archive" in atom and "tag:drawarchive,2015:zz/draw/254" in atom
    assert "zinvitations" in atom  # the entries' titles count in its words
    assert (zedish / "pagefind/zz/pagefind-entry.json").is_file()
    entry = json.loads((zedish / "pagefind/zz/pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["zz"]
    sitemap = (zedish / "sitemap.xml").read_text()
    assert "/zz/dr/254/" in sitemap


def test_its_dates_and_numbers_are_its_locales(zedish):
    text = html.fromstring((zedish / "zz/dr/254/index.html").read_bytes()).text_content()
    assert "5 July 2023" in text  # en_GB writes the day first, as CLDR says


def test_a_missing_catalog_is_an_error_not_english(tmp_path):
    root = project(tmp_path, catalog=None)
    result = run_build("check", root=root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    catalog = root / "locale" / "zz" / "messages.po"
    assert f"site.yml:14: languages.2.catalog: {catalog} is not a file (expected a gettext catalog (.po file) " \
           "that exists)" in result.stderr
    assert run_build(root=root).returncode == 1 and not (root / "site").exists()


def test_a_language_without_a_catalog_is_refused(tmp_path):
    root = project(tmp_path, ZEDISH.replace("    catalog: locale/zz/messages.po\n", ""))
    result = run_build("check", root=root)
    assert result.returncode == 1
    assert "site.yml:10: languages.2.catalog: missing (expected a gettext catalog (.po) for zz)" in result.stderr


def test_an_unknown_language_needs_its_locale_name_and_words(tmp_path):
    root = project(tmp_path, "\nlanguages:\n  - code: en\n  - code: zz\n    catalog: locale/zz/messages.po\n")
    lines = run_build("check", root=root).stderr.splitlines()
    assert "site.yml:9: languages.1.locale: missing (expected the locale of language zz, which is not built in)" \
        in lines
    root2 = project(tmp_path / "2", ZEDISH.replace("locale: en_GB", "locale: xx_YY"))
    assert "languages.2.locale: 'xx_YY' is not a locale CLDR has (expected a CLDR locale such as fr_CA)" in \
        run_build("check", root=root2).stderr


def test_an_installed_package_builds_french_in_french(tmp_path):
    """pip install . (not editable) into a fresh venv, then a build from a project folder: the catalog comes
    with the package. (Before, messages.po was not package data and the French pages came out English.)"""
    env = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env)
    python = env / "bin" / "python"
    # The dependencies are this environment's: a .pth file adds its site-packages, and nothing is downloaded.
    site_packages = next((env / "lib").glob("python3*/site-packages"))
    ours = [p for p in sys.path if p.endswith("site-packages") and Path(p).is_dir()]
    (site_packages / "dependencies.pth").write_text("\n".join(ours) + "\n")
    wheels = tmp_path / "wheels"  # built here, offline, with the test extra's setuptools and wheel
    shutil.copytree(REPO, tmp_path / "source", ignore=shutil.ignore_patterns(".venv", ".git", "site", "*.egg-info",
                                                                            "__pycache__", ".drawarchive", ".site-*"))
    built_wheel = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-index",
                                  "--no-build-isolation", "--quiet", "-w", str(wheels), str(tmp_path / "source")],
                                 capture_output=True, text=True, timeout=600)
    assert built_wheel.returncode == 0, built_wheel.stderr[-3000:]
    installed = subprocess.run([python, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet",
                                *map(str, wheels.glob("*.whl"))], capture_output=True, text=True, timeout=600)
    assert installed.returncode == 0, installed.stderr[-3000:]
    root = tmp_path / "project"
    shutil.copytree(SAMPLE, root)
    for name in ("templates", "static"):
        shutil.copytree(REPO / name, root / name)
    script = ("import sys; from pathlib import Path; from drawarchive.cli import main; import drawarchive; "
              "print(drawarchive.__file__, file=sys.stderr); sys.exit(main(['--root', sys.argv[1], 'build']))")
    built = subprocess.run([python, "-c", script, str(root)], cwd=tmp_path, capture_output=True, text=True,
                           timeout=600)
    assert built.returncode == 0, built.stderr[-3000:]
    assert str(site_packages) in built.stderr  # the installed copy, not this checkout
    page = html.fromstring((root / "site/fr/tirages/254/index.html").read_bytes())
    nav = [a.text_content() for a in page.xpath("//header//nav//a")]
    assert nav[:2] == ["Accueil", "Tous les tirages"], nav


def test_the_first_language_is_the_one_content_is_written_in(tmp_path):
    """content/ and the catalogs' msgids are English: French first would show English words as French."""
    root = project(tmp_path, "\nlanguages:\n  - code: fr\n  - code: en\n")
    result = run_build("check", root=root)
    assert result.returncode == 1
    assert ("site.yml:8: languages.0.code: fr first (expected en first: the language content/ and the interface "
            "text are written in)") in result.stderr, result.stderr
