"""The intranet site: pages generated from the loaded repository, built with MkDocs."""
