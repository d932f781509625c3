"""Emit: the SDK model in, the files of the output directory out (nothing written yet):
usage examples, package docs, the Jinja templates (kept in the top-level `templates/`,
installed as `generator.templates`), the runtime copied byte for byte (`runtime/`), ruff
formatting, and the provenance stamp.

Imports `model` and the stages below it.
"""
