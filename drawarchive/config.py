"""The site's configuration: title, base URL and sub-path, and its languages, from site.yml."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from drawarchive.content.source import Refused, decode, parse_yaml
from drawarchive.languages.registry import BUILT_IN, BUILT_IN_PROBLEMS, Language, read_entries
from drawarchive.model.validation import Checker, Option, Problem, Record, Text, Url


@dataclass(frozen=True, slots=True)
class SiteConfig:
    title: str = "Express Entry Draw Archive"
    description: str = ""
    base_url: str = "http://localhost:8000"
    path: str = "/"
    ircc_rounds_url: str = ""
    languages: tuple[Language, ...] = BUILT_IN  # the registry's entries, as site.yml's `languages:` leaves them

    def title_in(self, lang: str) -> str:
        """The site's title in a language: its entry's, where site.yml gives one."""
        return next((found.title for found in self.languages if found.code == lang and found.title), self.title)

    def description_in(self, lang: str) -> str:
        return next((found.description for found in self.languages if found.code == lang and found.description),
                    self.description)

    def url(self, page: str = "") -> str:
        """The root-relative link to a page, under the sub-path: url('draws/254/') -> '/sub/draws/254/'."""
        return self.path + page.lstrip("/")

    def absolute(self, page: str = "") -> str:
        return self.base_url + self.url(page)

    def with_overrides(self, base_url: str | None = None, path: str | None = None) -> SiteConfig:
        return replace(self, base_url=(base_url or self.base_url).rstrip("/"),
                       path=normalize_path(path) if path is not None else self.path)


def normalize_path(path: str) -> str:
    """'drawarchive' -> '/drawarchive/'; '' -> '/'."""
    stripped = path.strip().strip("/")
    return f"/{stripped}/" if stripped else "/"


SCHEMA = Record({
    "title": Text(),
    "description": Text(),
    "base_url": Url("Scheme and host where the site is published, e.g. https://user.github.io"),
    "path": Text("The sub-path the site is served under, e.g. /drawarchive/", pattern=r"^/",
                 expected="a path starting with /", required=False),
    "ircc_rounds_url": Url("IRCC's rounds JSON, which `python build.py import` reads when given no path",
                           required=False),
    "languages": Option("The site's languages: each entry a built-in language's code, with its title and "
                        "description there, or a new language (see README.md, \"Two languages\")", required=False),
})


def load_config(root: Path) -> tuple[SiteConfig, list[Problem]]:
    """site.yml, read by the same strict parser as content (`check` reports its problems too)."""
    path = root / "site.yml"
    if not path.is_file() or path.is_symlink():
        return SiteConfig(), list(BUILT_IN_PROBLEMS) if not path.exists() else [
            Problem("site.yml", 1, "file", "not a regular file", "a YAML file in the project")]
    text = decode(path.read_bytes(), "site.yml")
    if isinstance(text, Problem):
        return SiteConfig(), [text]
    try:
        data, lines, _ = parse_yaml(text, first_line=1)
    except Refused as refused:
        return SiteConfig(), [Problem("site.yml", refused.line, refused.field, refused.problem,
                                      refused.expected, refused.column)]
    checker = Checker("site.yml", lines)
    values = checker.check(SCHEMA, data, ())
    languages: tuple[Language, ...] = BUILT_IN
    problems: list[Problem] = list(BUILT_IN_PROBLEMS)
    if values and values["languages"] is not None:
        languages, more = read_entries(values["languages"], lines, "site.yml", root, BUILT_IN)
        problems += more
    if checker.problems or problems:
        return SiteConfig(), checker.problems + problems
    config = SiteConfig(values["title"], values["description"], values["base_url"].rstrip("/"),
                        ircc_rounds_url=values["ircc_rounds_url"] or "", languages=languages)
    return config.with_overrides(path=values.get("path") or "/"), []
