"""drawarchive: the Express Entry draw archive's static site generator.

A build is one pipeline, and each stage is a subpackage (build/site.py's `build()` reads as the list):

content/    read content/ and check every file (files, source, schema, categories, translations, checked,
            read), and keep one writer at a time in it (lock)
model/      the domain: fields (every field declared once), values, draws (Draw), categories
            (Category), archive (Archive), options (typed front-matter options), views (what pages
            show, worked out in Python)
languages/  the languages: registry (one entry each, from languages.yml), texts (catalogs and CLDR
            formats), marks (N_, NP_ for the catalog), words (how facts read), localize (content/'s
            own texts per language)
pages/      every kind of output file, one module each with its value, plan and inputs: kind (what
            kinds share), all (every kind, in order), urls (every address), home, draw_index, draw,
            years, year, categories, category, occupations, occupation, noc, search_page, search_terms
            (what search matches exactly), feeds_page, data_page, not_found, feeds, feed_style, exports,
            site_files
render/     turn a page's value into bytes: templates (Jinja2, filters that only format), markup
            (people's Markdown, made safe), charts, bars, timeaxis and svg (inline SVG charts)
build/      write the site: site (the pipeline), changes (which draws' pages an edit can reach),
            outputs (a planned file), workers (every core), writer (fingerprint and render), search
            (Pagefind: prose pages and people's words), workspace (site/, staging, state)
serve/      build.py serve: server, rebuilds, app, reload, watch, and preview (the quick path)
authoring/  the commands that change content/: importer (build.py import, with ircc, ircc_data,
            ircc_fetch, reported, drawfile, summary) and scaffold (build.py new)

cli.py runs the commands; config.py reads site.yml.
"""
