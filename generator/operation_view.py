"""Which request body and which success response an operation's method uses: one answer for
the SDK (`operations_ir`) and for `sdkgen diff` (`api_diff`), so that `diff` judges the
body and the result callers actually send and get.

- The request body: the JSON media type when the body offers one, else the first listed.
- The success response: the lowest 2xx status; its JSON media type, else the first listed
  (a 2xx without content has no result, whatever a later 2xx says).
"""

from __future__ import annotations

import re
from typing import Any

JSON_MEDIA = re.compile(r"^application/([\w.+-]+\+)?json(;.*)?$")
Schema = dict[str, Any]


def pick_media(content: dict[str, Any]) -> tuple[str, Any]:
    """(media type, media type object) of a non-empty `content` map: JSON first, then the
    first listed."""
    for content_type, media in content.items():
        if JSON_MEDIA.match(str(content_type)):
            return str(content_type), media
    content_type = next(iter(content))
    return str(content_type), content[content_type]


def media_schema(media: Any) -> Schema:
    schema = media.get("schema") if isinstance(media, dict) else None
    return schema if isinstance(schema, dict) else {}


def request_body(operation: dict[str, Any]) -> tuple[str, Any] | None:
    """(media type, media type object) the method sends, or None without a body."""
    body = operation.get("requestBody")
    content = body.get("content") if isinstance(body, dict) else None
    return pick_media(content) if isinstance(content, dict) and content else None


def success_response(responses: dict[str, Any]) -> tuple[str | None, str, Schema]:
    """(status, media type, schema) of the response the method returns; (None, "", {}) when
    no 2xx is documented, (status, "", {}) when it has no content."""
    by_code = {str(code): response for code, response in responses.items()}
    successes = sorted(code for code in by_code if code.startswith("2"))
    if not successes:
        return None, "", {}
    response = by_code[successes[0]]
    content = response.get("content") if isinstance(response, dict) else None
    if not isinstance(content, dict) or not content:
        return successes[0], "", {}
    content_type, media = pick_media(content)
    return successes[0], content_type, media_schema(media)
