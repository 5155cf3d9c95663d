"""The commands that change content/: `build.py import` (importer.py) and `build.py new` (scaffold.py)."""
