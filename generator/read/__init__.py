"""Read: input paths in, fragments out. Finds every file (once), applies the size limits,
reads Markdown pages (OpenAPI blocks, rendered reference pages, SDK code samples), YAML and
JSON documents, each fragment keeping its file and line.

Takes paths; gives `Sources` (fragments, rendered pages, each input's bytes hash). Imports
`spec` and `common`.
"""
