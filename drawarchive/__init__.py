"""drawarchive: the Express Entry draw archive's static site generator.

Each stage is a subpackage, and imports only the stages below it (pyproject.toml's import-linter contract).
Follow round 254 up the list, from its file to its pages:

model/      the domain, at the bottom: fields (every field declared once, which content/2023/254.md's
            keys must be), values, draws (Draw), categories (Category), archive (Archive), validation
            (typed options that check a value and say what was expected), views
            (what pages show, worked out in Python), marks (N_, NP_: a message for the catalog)
languages/  how 254 reads in each language: registry (one entry each, from languages.yml), texts
            (catalogs and CLDR formats), words (how facts read), localize (content/'s own texts)
render/     people's Markdown made safe (markup), and the inline SVG charts: charts, bars, timeaxis, svg
content/    reading content/: files (finds 254's file; draw_file names it), source (front matter and
            body), schema (the checks made from model/fields.py), categories, translations (254.fr.md),
            checked, read (all of it, every problem at once, on every core: workers); lock (one writer
            at a time, the workspace this checkout's own) and writes (a writer's whole-file changes)
config.py   site.yml
pages/      every kind of output file, one module each with its value, plan and inputs: kind (what kinds
            share: Site, Planned, Record), all (every kind, in order), urls (every address), templates
            (Jinja2, filters that only format), and the kinds: home, draw_index, draw (254's page),
            years, year, categories, category, occupations, occupation, noc, search_page, search_terms,
            feeds_page, data_page, not_found, feeds, feed_style, exports, site_files
pipeline/   site (build_site: read, plan, write, index, replace), changes (which draws' pages an edit can
            reach), outputs (digests), writer (fingerprint and render), search (Pagefind), workspace
            (site/, staging, state)
serve/      build.py serve: server, rebuilds, app, reload, watch, and preview (the quick path)
authoring/  the commands that change content/: importer (build.py import, with ircc, ircc_data,
            ircc_fetch, reported, drawfile, summary) and scaffold (build.py new); and ircc_check,
            the deploy's read-only check of IRCC's data (build.py --check-ircc)
cli.py      runs the commands

"""
