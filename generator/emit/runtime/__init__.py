"""The generated package's runtime: `_core/` (one module per concern: lazy imports,
errors, request building, client settings, HTTP, the deadline, responses, server-sent
events, pagination) and `_base.py` (the models' base), copied byte for byte into every
package sdkgen writes.

They are real modules, so they are linted, type-checked and unit-tested as code
(tests/unit/runtime/); the generator reads them as package data (`resources.runtime_modules`)
and never imports them (httpx and pydantic are the generated package's dependencies, not
the tool's).
"""
