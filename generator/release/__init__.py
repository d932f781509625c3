"""Release: two merged documents in, what changed for users out (`sdkgen diff`): breaking and
additive changes, and their report.

Imports `merge` (normalization of the inputs), `spec` and `common`.
"""
