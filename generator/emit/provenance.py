"""What a generated package came from: a hash of its inputs, so that output can be traced.

The hash covers the input files (names and bytes, in reading order), the options, and the
tool: sdkgen's version and the formatter's (ruff). Not the generator's own source: a refactor
that changes no output changes no stamp, and `check` never trusts a stamp (it regenerates
and compares every file). Line endings are normalized, so a checkout that turned them into
CRLF stamps the same. No timestamps: the stamp is as deterministic as the code.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Iterable

from .. import __version__
from .formatting import ruff_version


@dataclass(frozen=True)
class Provenance:
    """What the generated package was made by and from (its provenance stamp)."""

    generator: str  # "sdkgen 0.1.0"
    inputs_sha256: str


def provenance(inputs: Iterable[tuple[str, bytes]], options: tuple[str, ...]) -> Provenance:
    """The stamp of a run on `inputs` (each file's name and bytes as read, line endings as LF,
    in reading order) with `options`."""
    digest = hashlib.sha256()
    for part in (f"sdkgen {__version__}", f"ruff {ruff_version()}", *options):
        digest.update(part.encode() + b"\0")
    for name, data in inputs:
        digest.update(b"input\0" + name.encode() + b"\0")
        digest.update(data)
    return Provenance(f"sdkgen {__version__}", digest.hexdigest())
