"""Writing the site: the pipeline (site.py), on every core, into a staging folder swapped in whole."""
