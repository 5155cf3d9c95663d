"""The site's languages: one registry entry each, their catalogs and formats, and how facts read in each."""
