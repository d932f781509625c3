"""Merge: fragments in, one OpenAPI 3.1 document out. Normalize the exporter's quirks, check
references, resolve schema names and variants, merge schemas and operations, assemble, lay
rendered pages over it, learn credentials and the client surface from the pages' examples,
drop defaults that do not fit, stamp the version; and the merge report.

Each step is a function the orchestrator (`generator.pipeline`) calls in order. Imports
`read` (its record types), `spec` and `common`.
"""
