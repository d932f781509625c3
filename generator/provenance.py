"""What a generated package came from: a hash of every input, so that output can be traced and
a drift check can tell, without regenerating, that nothing it depends on has changed.

The hash covers the input files (names and bytes, in reading order), the options, and the
generator itself: its version, its own modules and its templates, read through the package as
the installed tool renders with them (`resources`), so a wheel and an editable install of the
same source stamp the same. The output is a function of these (black is pinned to one major
version, whose style does not change), so equal hashes mean equal output. Line endings are normalized, so a checkout that turned them into
CRLF stamps the same. No timestamps: the stamp is as deterministic as the code.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .resources import generator_sources, template_sources


@dataclass(frozen=True)
class Provenance:
    generator: str  # "sdkgen 0.1.0"
    inputs_sha256: str


def provenance(files: list[Path], options: tuple[str, ...]) -> Provenance:
    digest = hashlib.sha256()
    for part in (f"sdkgen {__version__}", *options):
        digest.update(part.encode() + b"\0")
    for label, source in (*generator_sources().items(), *template_sources().items()):
        digest.update(label.encode() + b"\0" + _lf(source) + b"\0")
    for file in files:
        digest.update(b"input\0" + file.name.encode() + b"\0")
        try:
            digest.update(_lf(file.read_bytes()))
        except OSError:
            digest.update(b"\0unreadable")
    return Provenance(f"sdkgen {__version__}", digest.hexdigest())


def _lf(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n")
