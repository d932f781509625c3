"""Templates of the generated package, installed as `generator.templates` (see pyproject.toml)
and read through `generator.resources`."""
