"""Every kind of file, in the order a build plans them (pipeline/site.py): the pages and feeds of each
language; the data files; the draws' pages, a run of draws at a time; the static files; the sitemap."""
from __future__ import annotations

from drawarchive.pages import (
    categories,
    category,
    data_page,
    draw,
    draw_index,
    exports,
    feed_style,
    feeds,
    feeds_page,
    home,
    noc,
    not_found,
    occupation,
    occupations,
    search_page,
    search_terms,
    site_files,
    year,
    years,
)
from drawarchive.pages.kind import Kind

KINDS: tuple[Kind, ...] = (
    home.KIND, draw_index.KIND, years.KIND, year.KIND, categories.KIND, category.KIND, occupations.KIND,
    occupation.KIND, noc.KIND, search_page.KIND, search_terms.KIND, feeds_page.KIND, data_page.KIND, not_found.KIND,
    feeds.KIND, feed_style.KIND, exports.KIND, draw.KIND, site_files.STATIC, site_files.ROBOTS, site_files.SITEMAP,
)
