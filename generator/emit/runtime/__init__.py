"""The generated package's runtime: `_runtime.py` (HTTP, retries, errors, events) and
`_base.py` (the models' base), copied byte for byte into every package sdkgen writes.

They are real modules, so they are linted, type-checked and unit-tested as code; the
generator reads them as package data (`resources.runtime_modules`) and never imports them
(httpx and pydantic are the generated package's dependencies, not the tool's).
"""
