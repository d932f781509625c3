"""Model: the merged document in, the SDK as plain data out: a type expression for every
schema, a class or alias per schema, a resource tree of operations with typed arguments and
the client's settings; every spec string already a safe literal or identifier.

Imports `merge` (the learned surface's readers), `spec`, `read` and `common`.
"""
