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


def json_media(content: dict[str, Any]) -> dict[str, Any] | None:
    """The first JSON media type object of a `content` map, or None."""
    return next((media for content_type, media in content.items() if JSON_MEDIA.match(str(content_type)) and isinstance(media, dict)), None)


def media_schema(media: Any) -> Schema:
    schema = media.get("schema") if isinstance(media, dict) else None
    return schema if isinstance(schema, dict) else {}


def request_body(operation: dict[str, Any]) -> tuple[str, Any] | None:
    """(media type, media type object) the method sends, or None without a body."""
    body = operation.get("requestBody")
    content = body.get("content") if isinstance(body, dict) else None
    return pick_media(content) if isinstance(content, dict) and content else None


def success_status(responses: Any) -> str | None:
    """The lowest 2xx status documented, or None."""
    codes = sorted(str(code) for code in responses) if isinstance(responses, dict) else []
    return next((code for code in codes if code.startswith("2")), None)


def success_content(responses: Any) -> dict[str, Any]:
    """The content map (media type → media type object) of the lowest 2xx response; {} when
    there is none or it has no content."""
    status = success_status(responses)
    response = {str(code): value for code, value in responses.items()}.get(status) if status else None
    content = response.get("content") if isinstance(response, dict) else None
    return content if isinstance(content, dict) else {}


def success_response(responses: dict[str, Any]) -> tuple[str | None, str, Schema]:
    """(status, media type, schema) of the response the method returns; (None, "", {}) when
    no 2xx is documented, (status, "", {}) when it has no content."""
    status, content = success_status(responses), success_content(responses)
    if not content:
        return status, "", {}
    content_type, media = pick_media(content)
    return status, content_type, media_schema(media)
