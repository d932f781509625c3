"""The generated package's version: given (`--package-version`, `package_version`), or one that
changes exactly when the API does.

The default is read from the merged document's `info.version`, which is a hash of the
document's content (`sdkgen-<12 hex digits>`, see merge.py): `0.0.0+sdkgen.<hash>`, a PEP 440
version whose local label names the document it was generated from. Two generations of the
same API get the same version; any change to the API, its documentation or its examples gives
another. (A hash has no order: to publish releases in order, give `--package-version`.)
"""

from __future__ import annotations

import re

_DOCUMENT_VERSION = re.compile(r"^sdkgen-(?P<hash>[0-9a-f]{6,64})$")
BASE_VERSION = "0.0.0"


def is_valid_version(version: object) -> bool:
    """Whether `version` is a PEP 440 version as pip and the build backends read it (with
    `packaging`, which they use), written without surrounding space."""
    if not isinstance(version, str) or version != version.strip():
        return False
    from packaging.version import InvalidVersion, Version  # loaded when a version is given

    try:
        Version(version)
    except InvalidVersion:
        return False
    return True


def default_package_version(document_version: str) -> str:
    """`0.0.0+sdkgen.<hash>` from the merged document's `info.version` (`sdkgen-<hash>`); a
    document version of another form (a document not merged by sdkgen) is kept as the local
    label when it can be one, else only `0.0.0` is left."""
    found = _DOCUMENT_VERSION.match(document_version)
    if found:
        return f"{BASE_VERSION}+sdkgen.{found.group('hash')}"
    label = re.sub(r"[^a-z0-9]+", ".", document_version.lower()).strip(".")
    return f"{BASE_VERSION}+{label}" if label else BASE_VERSION
