"""Every kind of file the site has, one module each: its value, its plan and what it reads (see kind.py).

HTML pages: home, draw_index (all draws), draw, years, year, categories, category, occupations,
occupation, noc, search_page, feeds_page, data_page, not_found. Other files: feeds (Atom and RSS),
exports (the data files), site_files (static files, robots.txt, the sitemap). urls.py gives every
address; all.py lists the kinds in the order a build plans them.
"""
