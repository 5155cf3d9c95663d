"""The whole site, built from the real content and read as a reader and a browser would."""
from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import REPO, make_tree, run_build, session_day
from sitecheck import block_text, broken_links, pages, parse, text

from drawarchive.config import SiteConfig, load_config
from drawarchive.pages import urls
from drawarchive.pipeline import search
from drawarchive.pipeline import site as site_module
from drawarchive.pipeline.site import build_site

BASE = "https://example.org"


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("built") / "site"
    build_site(REPO, SiteConfig("Express Entry Draw Archive", "", BASE, "/"), target, today=session_day)
    return target


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("sub") / "site"
    config = SiteConfig("Express Entry Draw Archive", "", "https://user.github.io", "/drawarchive/")
    build_site(REPO, config, target, today=session_day)
    return target


def test_the_254_page_shows_its_facts(site):
    page = text(site / "draws/254/index.html")
    assert "Express Entry draw #254" in page
    assert "Invitations issued 500" in page
    assert "CRS score of the lowest-ranked candidate invited 486" in page
    assert "Round time July 5, 2023 at 13:38:22 UTC" in page
    assert "Tie-breaking rule November 23, 2022 at 00:01:29 UTC" in page
    assert "Previous STEM draw none" in page and "Next STEM draw #274, December 8, 2023" in page
    assert "The first round for STEM occupations" in page  # the person's notes
    assert "601–1200 353" in page and "Total 214,529" in page


def test_a_draw_page_shows_what_changed_in_its_category(site):
    page = text(site / "draws/274/index.html")
    assert ("Since #254, the previous draw of this category 156 days earlier: cut-off down 5 (from 486), "
            "invitations up 5,400 (from 500).") in page


def test_data_notes_are_shown(site):
    assert "The 451–500 subtotal (55,867) is not the sum of its five bands (55,687)." in \
        text(site / "draws/247/index.html")


def test_every_page_exists(site):
    paths = {p.relative_to(site).as_posix() for p in pages(site)}
    assert len([p for p in paths if p.startswith("draws/") and p.count("/") == 2 and p != "draws/index.html"
                and not p.startswith("draws/page/")]) == 448
    assert sorted(p for p in paths if p.startswith("draws/page/")) == [f"draws/page/{n}/index.html"
                                                                       for n in range(2, 6)]
    for page in ["index.html", "draws/index.html", "draws/91a/index.html", "years/2023/index.html",
                 "categories/stem/index.html", "occupations/stem/index.html", "feeds/index.html",
                 "data/index.html", "404.html"]:
        assert page in paths
    assert (site / "sitemap.xml").is_file() and (site / "robots.txt").is_file()


def test_home_shows_the_latest_draw_first_and_how_fresh_the_data_is(site):
    doc = parse(site / "index.html")
    latest = block_text(doc.get_element_by_id("latest-heading").getparent())
    assert latest.startswith(
        "Latest draw: #447 unconfirmed Reported by public sources; not yet in IRCC's data, so its figures may still "
        "change. Held on October 1, 2026. Official data: IRCC's rounds up to #437 (August 19, 2026); after it, 10 "
        "rounds reported by public sources and not yet in IRCC's data (#438 to #447). No draw since October 1, "
        "2026: a longer wait than any between draws in the past 12 months (25 days). The archive may be behind; "
        "check IRCC's rounds page. IRCC's data checked on August 20, 2026: it holds rounds up to #437, and this "
        "archive has them all.")
    assert doc.xpath("//p[@class='freshness']/time[@data-ago]/@datetime") == ["2026-10-01"]


def test_reported_rounds_are_marked_wherever_they_appear(site):
    reported = {str(n) for n in range(438, 448)}
    for page in ("index.html", "draws/index.html", "categories/trades/index.html", "years/2026/index.html"):
        rows = parse(site / page).xpath("//tr[@data-draw]")
        marked = {r.get("data-draw") for r in rows if r.xpath(".//*[@class='status-mark']")}
        assert marked == reported & {r.get("data-draw") for r in rows} != set(), page
    overview = parse(site / "categories/index.html").xpath("//tbody/tr[.//*[@class='status-mark']]/td[1]")
    assert [block_text(c) for c in overview] == ["Canadian Experience Class", "Provincial Nominee Program",
                                                 "Healthcare and social services occupations", "Trade occupations",
                                                 "Physicians with Canadian work experience",
                                                 "Senior managers with Canadian work experience"]
    draws = parse(site / "draws/index.html").xpath("//table[@class='draws']/tbody/tr")
    tip = "Reported by public sources; not yet in IRCC's data, so its figures may still change."
    assert [block_text(r.xpath("td[1]")[0]) for r in draws[:11]] == [
        *(f"#{n} unconfirmed {tip}" for n in range(447, 437, -1)), "#437"]
    page = text(site / "draws/441/index.html")
    assert ("Unconfirmed: reported, not yet in IRCC's data Unconfirmed means that IRCC's rounds data, as this "
            "archive last read it (on August 20, 2026), does not list this round yet. Other projects copy IRCC's "
            "rounds feed more often, so a copy can list a round first;") in page
    assert "Reported by: a copy of IRCC's rounds feeds (English and French) taken on 2026-10-01, kept by the " \
           "ask-canada project (GitHub) IRCC's rounds page (in French) read by hand on 2026-09-27" in page
    # What contributors added from copies of IRCC's JSON: the round time and the tie-break.
    assert "Round time September 4, 2026 at 11:16:45 UTC Tie-breaking rule May 26, 2026 at 00:26:14 UTC" in page
    assert "Round time September 28, 2026 at 10:41:06 UTC Tie-breaking rule September 17, 2026 at 01:36:17 UTC" \
        in text(site / "draws/445/index.html")


def test_every_latest_cut_off_has_its_date(site):
    rows = parse(site / "categories/index.html").xpath("//tbody/tr")
    assert len(rows) == 15
    stem = next(block_text(r) for r in rows if r.xpath("string(td[1])") == "STEM occupations")
    assert stem.endswith("481 Feb 28, 2024") or "Latest" not in stem
    assert "Latest Trades draw: #447 unconfirmed Reported by public sources; not yet in IRCC's data, so its figures " \
           "may still change. On October 1, 2026: 3,500 invitations, latest cut-off 476." in \
        text(site / "categories/trades/index.html")


def test_all_draws_pages_are_newest_first_and_link_every_draw_once(site):
    rows = [row for page in ["draws/index.html", *(f"draws/page/{n}/index.html" for n in range(2, 6))]
            for row in parse(site / page).xpath("//table[@class='draws']/tbody/tr")]
    assert len(rows) == 448 and len({r.get("data-draw") for r in rows}) == 448
    assert [r.xpath("string(td[1]/a)") for r in rows[:3]] == ["#447", "#446", "#445"]
    assert rows[-1].xpath("td[1]/a/@href") == ["/draws/1/"]
    assert [block_text(c) for c in rows[0].xpath("td")][-1] == "May 28, 2026 16:55 UTC"  # the tie-break column
    assert [block_text(c) for c in rows[-1].xpath("td")][-1] == "none"
    page_two = parse(site / "draws/page/2/index.html")
    assert page_two.xpath("//nav[@data-pager]//a[@rel='prev']/@href") == ["/draws/"]


def test_every_page_has_head_metadata_and_nav(site):
    for page in pages(site):
        doc = parse(page)
        where = page.relative_to(site)
        assert doc.findtext(".//title").strip(), where
        assert doc.xpath("//meta[@name='description']/@content")[0].strip(), where
        assert doc.xpath("//link[@rel='canonical']/@href")[0].startswith(BASE + "/"), where
        assert doc.xpath("//meta[@property='og:title']/@content"), where
        assert doc.xpath("//link[@rel='alternate'][@type='application/atom+xml']"), where
        french = where.parts[0] == "fr"
        assert doc.get("lang") == ("fr" if french else "en"), where
        nav = doc.xpath("//nav[@aria-label='Main' or @aria-label='Principal']//a/text()")
        assert nav == (["Accueil", "Tous les tirages", "Catégories", "Professions", "Fils RSS", "Rechercher"] if french
                       else ["Home", "All draws", "Categories", "Occupations", "Feeds", "Search"]), where


def test_category_pages_link_their_own_feeds(site):
    doc = parse(site / "categories/stem/index.html")
    assert doc.xpath("//link[@rel='alternate'][@type]/@href") == [
        "/feeds/all.atom.xml", "/feeds/all.rss.xml", "/feeds/stem.atom.xml", "/feeds/stem.rss.xml"]
    french = parse(site / "fr/categories/stem/index.html")
    assert french.xpath("//link[@rel='alternate'][@type]/@href") == [
        "/fr/fils/tous.atom.xml", "/fr/fils/tous.rss.xml", "/fr/fils/stem.atom.xml", "/fr/fils/stem.rss.xml"]
    page = text(site / "categories/stem/index.html")
    assert "Draws 3 Invitations 10,900" in page
    assert "Lowest cut-off 481" in page and "Highest cut-off 491" in page


def test_stem_occupation_page(site):
    page = text(site / "occupations/stem/index.html")
    doc = parse(site / "occupations/stem/index.html")
    assert len(doc.xpath("//section[@id='version-1']//table/tbody/tr")) == 24
    assert len(doc.xpath("//section[@id='version-2']//table/tbody/tr")) == 11
    assert "21211 Data scientists" in page
    assert "Compared with version 1: added 6 (21301 Mechanical engineers;" in page
    assert "removed 19 (20010 Engineering managers;" in page
    assert len(doc.xpath("//table[@class='draws']/tbody/tr")) == 3


def test_every_internal_link_resolves(site):
    assert broken_links(site, BASE, "/") == []


def test_every_internal_link_resolves_under_a_sub_path(subpath_site):
    assert broken_links(subpath_site, "https://user.github.io", "/drawarchive/") == []
    assert parse(subpath_site / "draws/254/index.html").xpath("//link[@rel='stylesheet']/@href") == [
        "/drawarchive/static/style.css"]


def test_two_builds_are_byte_identical(tmp_path):
    config = SiteConfig("T", "", BASE, "/")
    build_site(REPO, config, tmp_path / "one", today=session_day)
    build_site(REPO, config, tmp_path / "two", today=session_day)
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_a_rebuild_with_no_changes_renders_nothing_and_keeps_the_tree(site):
    before = tree(site)
    result = build_site(REPO, SiteConfig("Express Entry Draw Archive", "", BASE, "/"), site, today=session_day)
    assert result.rendered == 0
    assert tree(site) == before


def test_no_stale_files_survive(tmp_path):
    target = tmp_path / "site"
    target.mkdir()
    (target / "old-page.html").write_text("stale")
    build_site(REPO, SiteConfig(), target, today=session_day)
    assert not (target / "old-page.html").exists()


def test_a_failure_mid_build_leaves_the_old_site_intact(tmp_path, monkeypatch):
    target = tmp_path / "site"
    build_site(REPO, SiteConfig(), target, today=session_day)
    before = tree(target)
    from dataclasses import replace

    from drawarchive.pages import site_files

    def failing_static(site):  # one file of the last batch fails
        def explode(value: object) -> bytes:
            raise RuntimeError("disk full")
        return [*site_files.plan_static(site), site_module.Planned("static/zz.css", None, explode)]

    kinds = tuple(replace(k, plan=failing_static) if k is site_files.STATIC else k for k in site_module.KINDS)
    monkeypatch.setattr(site_module, "KINDS", kinds)
    with pytest.raises(RuntimeError):
        build_site(REPO, SiteConfig("Changed title"), target, today=session_day)
    assert tree(target) == before
    # The state still describes the site it sits beside; the lock file stays, empty and unlocked.
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site-lock", ".site-state.json", "site"]


HOSTILE = """\
<script>alert("body")</script>
<img src=x onerror="alert('img')">
<a href="javascript:alert('a')" onclick="alert('click')">click me</a>
[markdown link](javascript:alert('md'))
<iframe src="https://evil.example"></iframe>
<p style="background:url(javascript:alert(1))" onmouseover="alert(2)">hover</p>
<svg onload="alert(3)"></svg>
"""


def test_hostile_markdown_comes_out_inert(project, tmp_path):
    draw = (REPO / "content/draws/2023/254.md").read_text().replace(
        "name: STEM occupations (Version 1)", 'name: STEM occupations (Version 1)')
    front = draw.split("---\n")[1]
    shutil.copytree(REPO / "templates", project / "templates", dirs_exist_ok=True)
    shutil.copytree(REPO / "static", project / "static")
    make_tree(project, {"content/draws/2023/254.md": f"---\n{front}---\n{HOSTILE}"})
    target = tmp_path / "site"
    build_site(project, SiteConfig(), target, today=session_day)
    doc = parse(target / "draws/254/index.html")
    notes = doc.xpath("//section[@class='notes']")[0]
    assert notes.xpath(".//script | .//iframe | .//svg | .//img[@onerror]") == []
    for el in doc.iter():
        assert not any(name.startswith("on") for name in el.attrib), el.tag
        for value in el.attrib.values():
            assert "javascript:" not in value.lower()
    assert "click me" in notes.text_content() and "hover" in notes.text_content()


def test_front_matter_text_is_escaped(project, tmp_path):
    draw = (REPO / "content/draws/2023/254.md").read_text()
    draw = draw.replace("programs: [FSW, CEC, FST]\n", "programs: [FSW, CEC, FST]\ndata_notes:\n  - kind: no year\n"
                        "    field: time\n    official: \"<script>alert('note')</script>\"\n    year: 2023\n")
    shutil.copytree(REPO / "static", project / "static")
    make_tree(project, {"content/draws/2023/254.md": draw})
    build_site(project, SiteConfig(), tmp_path / "site", today=session_day)
    html = (tmp_path / "site/draws/254/index.html").read_text()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#39;note&#39;)&lt;/script&gt;" in html  # shown as text, quoted as IRCC wrote it


def test_invalid_content_stops_the_build_with_the_report(project):
    shutil.copytree(REPO / "static", project / "static")
    draw = (REPO / "content/draws/2023/254.md").read_text().replace("crs: 486", "crs: 1486")
    make_tree(project, {"content/draws/2023/254.md": draw, "site/index.html": "the old site"})
    result = run_build(root=project)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/draws/2023/254.md:10: crs: 1486 is too large (expected an integer from 0 to 1200)",
        "1 problem found; nothing was built"]
    assert (project / "site/index.html").read_text() == "the old site"


def test_the_build_prints_one_summary_line(project):
    shutil.copytree(REPO / "static", project / "static")
    make_tree(project, {"content/draws/2023/254.md": (REPO / "content/draws/2023/254.md").read_text()})
    result = run_build(root=project)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("build: ") and " pages, " in lines[0] and " feeds, " in lines[0]
    assert re.search(r"; \d+\.\d\d s indexing search\)$", lines[0])  # what Pagefind took, of the whole


def test_the_committed_config_is_valid():
    config, problems = load_config(REPO)
    assert problems == []
    assert config.path == "/"


def test_noc_page_lists_its_lists_and_draws(site):
    page = text(site / "occupations/noc/21231/index.html")
    assert page.startswith("NOC 21231 Software engineers and designers")
    assert "STEM occupations, version 1 (2023)" in page
    assert "In effect from May 31, 2023 to February 26, 2025." in page
    rows = parse(site / "occupations/noc/21231/index.html").xpath("//table[@class='draws']/tbody/tr/@data-draw")
    assert rows == ["293", "274", "254"]
    assert parse(site / "occupations/stem/index.html").xpath("//a[@href='/occupations/noc/21231/']")


def test_an_edited_draw_re_renders_only_what_shows_it(project, tmp_path):
    shutil.copytree(REPO / "templates", project / "templates", dirs_exist_ok=True)
    shutil.copytree(REPO / "static", project / "static")
    for draw in ("2023/252.md", "2023/253.md", "2023/254.md", "2023/255.md", "2023/274.md", "2024/293.md"):
        make_tree(project, {f"content/draws/{draw}": (REPO / "content/draws" / draw).read_text()})
    target = tmp_path / "site"
    build_site(project, SiteConfig(), target, search=False, today=session_day)
    before = tree(target)
    edited = project / "content/draws/2023/274.md"
    edited.write_text(edited.read_text().replace("crs: 481", "crs: 482"))

    result = build_site(project, SiteConfig(), target, search=False, today=session_day)

    after = tree(target)
    changed = sorted(path for path in after if before.get(path) != after[path])
    assert "draws/274/index.html" in changed
    assert "draws/293/index.html" in changed  # its 'since the previous STEM draw' line compares with #274
    assert "draws/252/index.html" not in changed and "occupations/noc/21231/index.html" in changed
    assert {"index.html", "draws/index.html", "categories/stem/index.html", "feeds/stem.atom.xml",
            "feeds/all.rss.xml", "data/draws.json"} <= set(changed)
    assert result.rendered < len(after) // 3
    assert "CRS score of the lowest-ranked candidate invited 482" in text(target / "draws/274/index.html")


def search_files(target):
    return {p.relative_to(target).as_posix(): p.stat().st_ino for p in (target / "pagefind").rglob("*") if p.is_file()}


def test_each_language_has_a_prose_index_and_records_of_peoples_words(site):
    """Draw pages are out of the full-text index; what people wrote about them is in it, once, in the language
    it is written in: a French page merges the English records, whose notes it shows (the archive has no
    French notes yet: tests/test_incremental.py and the golden sample have some)."""
    assert {p.name for p in (site / "pagefind").iterdir()} == {"en", "en-0", "fr"}
    french = (site / "fr/recherche/index.html").read_text()
    assert 'data-bundles="/pagefind/fr/ /pagefind/en-0/"' in french
    assert 'data-bundle-languages="fr en"' in french
    assert 'data-bundles="/pagefind/en/ /pagefind/en-0/"' in (site / "search/index.html").read_text()
    assert not list((site / "pagefind").glob("*.js")) and not list((site / "pagefind").rglob("pagefind-ui*"))


def test_only_the_search_shards_whose_words_or_prose_changed_are_reindexed(project, tmp_path, monkeypatch):
    monkeypatch.setattr(urls, "SHARD_ROUNDS", 3)  # 252 and 254 in shard 84, 274 and 275 in 91
    shutil.copytree(REPO / "templates", project / "templates", dirs_exist_ok=True)
    shutil.copytree(REPO / "static", project / "static")
    for draw in ("2023/252.md", "2023/254.md", "2023/274.md", "2023/275.md"):
        text = (REPO / "content/draws" / draw).read_text().rstrip("\n") + f"\nA reader's note on {draw}.\n"
        make_tree(project, {f"content/draws/{draw}": text})
    target = tmp_path / "site"
    build_site(project, SiteConfig(), target, today=session_day)
    assert {p.name for p in (target / "pagefind").iterdir()} == {"en", "en-84", "en-91", "fr"}  # no French words
    bundles = 'data-bundles="/pagefind/en/ /pagefind/en-84/ /pagefind/en-91/"'
    assert bundles in (target / "search/index.html").read_text()
    index = search_files(target)
    assert build_site(project, SiteConfig(), target, today=session_day).rendered == 0
    assert search_files(target) == index

    edited = project / "content/draws/2023/275.md"
    edited.write_text(edited.read_text() + "\nAnother note about this round.\n")
    build_site(project, SiteConfig(), target, today=session_day)
    after = search_files(target)
    changed = {path.split("/")[1] for path in after if index.get(path) != after[path] and path.count("/") > 1}
    assert changed == {"en-91"}  # only English words changed: neither prose nor French words

    (project / "content/draws/2023/274.md").unlink()
    (project / "content/draws/2023/275.md").unlink()
    build_site(project, SiteConfig(), target, today=session_day)
    assert not (target / "draws/274").exists() and not (target / "pagefind/en-91").exists()


def test_an_edit_to_a_draws_figures_indexes_nothing_again(tmp_path):
    """The real archive: a cut-off changes the prose pages' tables and charts, which Pagefind leaves out, and no
    person's words; so no shard is indexed again (the one-draw edit that must take under a second)."""
    project = tmp_path / "project"
    for name in ("content", "templates", "static"):
        shutil.copytree(REPO / name, project / name)
    shutil.copy(REPO / "site.yml", project / "site.yml")
    config = load_config(project)[0]
    build_site(project, config, tmp_path / "site", today=session_day)
    index = search_files(tmp_path / "site")
    edited = project / "content/draws/2023/254.md"
    edited.write_text(re.sub(r"^crs: (\d+)", lambda m: f"crs: {int(m.group(1)) + 1}", edited.read_text(), flags=re.M))
    assert build_site(project, config, tmp_path / "site", today=session_day).rendered > 0
    assert search_files(tmp_path / "site") == index


@pytest.mark.parametrize("other, same", [
    ('<html lang="en"><title>T</title><main data-pagefind-body><p>Words</p>'
     '<div class="table-wrap"><table><td>487</td></table></div></main></html>', True),
    ('<html lang="en"><title>T</title><main data-pagefind-body><p>Other words</p></main></html>', False),
    ('<html lang="fr"><title>T</title><main data-pagefind-body><p>Words</p></main></html>', False),
    ('<html lang="en"><title>U</title><main data-pagefind-body><p>Words</p></main></html>', False),
    ('<html lang="en"><title>T</title><main data-pagefind-body><h2 id="x">Words</h2></main></html>', False),
])
def test_what_pagefind_reads_of_a_page(other, same):
    page = '<html lang="en"><title>T</title><main data-pagefind-body><p>Words</p><nav>Nav</nav></main></html>'
    assert (search.indexed_part(page.encode()) == search.indexed_part(other.encode())) is same


def test_a_build_with_nothing_changed_leaves_the_site_alone_but_restores_what_is_missing(project, tmp_path):
    make_tree(project, {"content/draws/2023/254.md": (REPO / "content/draws/2023/254.md").read_text()})
    target = tmp_path / "site"
    build_site(project, SiteConfig(), target, search=False, today=session_day)
    folder, page = target.stat().st_ino, target / "draws/254/index.html"
    again = build_site(project, SiteConfig(), target, search=False, today=session_day)
    assert again.rendered == 0 and again.pages > 0 and target.stat().st_ino == folder  # not even swapped

    page.unlink()
    build_site(project, SiteConfig(), target, search=False, today=session_day)
    assert "Express Entry draw #254" in text(page)

    (project / "templates/base.html").write_text((project / "templates/base.html").read_text()
                                                 .replace("<main", "<!-- edited -->\n<main", 1))
    assert build_site(project, SiteConfig(), target, search=False, today=session_day).rendered > 0
    assert "<!-- edited -->" in page.read_text()


def test_a_build_says_how_long_each_stage_took(project, tmp_path):
    """benchmarks/build_benchmark.py prints these: where a clean build and a rebuild spend their time."""
    make_tree(project, {"content/draws/2023/254.md": (REPO / "content/draws/2023/254.md").read_text()})
    built = build_site(project, SiteConfig(), tmp_path / "site", search=False, today=session_day)
    assert [name for name, _ in built.stages] == ["compare inputs", "read content", "write files",
                                                  "carry search over", "replace site"]
    assert all(seconds >= 0 for _, seconds in built.stages)
    assert sum(seconds for _, seconds in built.stages) <= built.seconds
    again = build_site(project, SiteConfig(), tmp_path / "site", search=False, today=session_day)
    assert [name for name, _ in again.stages] == ["unchanged"] and again.stages[0][1] <= again.seconds


def test_a_build_with_the_same_files_on_another_day_reads_them_again(project, tmp_path):
    """What is valid depends on the date (no draw from the future), so the date is one of the build's inputs."""
    make_tree(project, {"content/draws/2023/254.md": (REPO / "content/draws/2023/254.md").read_text()})
    target = tmp_path / "site"
    build_site(project, SiteConfig(), target, search=False, today=lambda: date(2023, 7, 5))
    with pytest.raises(site_module.InvalidContent):
        build_site(project, SiteConfig(), target, search=False, today=lambda: date(2023, 7, 4))


def test_a_category_with_many_draws_lists_them_a_page_at_a_time(site):
    """At 20,000 draws one table of a category's draws would weigh megabytes; each page holds 100."""
    general = sorted(p.name for p in (REPO / "content/draws").rglob("*.md")
                     if "category: general\n" in p.read_text())
    first, second = parse(site / "categories/general/index.html"), parse(site / "categories/general/page/2/index.html")
    rounds = [[a.text_content() for a in doc.xpath("//table//td[1]//a | //table//th[@scope='row']//a")]
              for doc in (first, second)]
    assert len(rounds[0]) == 100 and len(rounds[0]) + len(rounds[1]) == len(general)
    assert not set(rounds[0]) & set(rounds[1]) and rounds[1][-1] == "#1"  # the oldest general round, last
    assert [a.get("href") for a in first.xpath("//nav[@class='pager']//a")] == ["/categories/general/page/2/#draws"]
    assert [a.get("href") for a in second.xpath("//nav[@class='pager']//a")] == ["/categories/general/#draws"]
    assert "Cut-offs over time" in block_text(first) and "Cut-offs over time" not in block_text(second)
    assert "Draws, page 2 of 2" in block_text(second)
    assert (site / "fr/categories/general/page/2/index.html").is_file()
