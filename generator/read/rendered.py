"""Read a rendered reference page: what a browser shows of a Fern endpoint page, copied as
plain text or exported as Markdown, with no OpenAPI block.

The page is read line by line. The endpoint is the method and path (`GET` over
`/v1/convai/conversations/:conversation_id`, or both on one line); the sections that
follow ("Path parameters", "Headers", "Query parameters", "Request", "Response",
"Errors", as headings or bare lines) hold one field a line: a name, its type phrase, then
`Required`/`Optional`, `Defaults to X` and `format: "uuid"`, glued together in a browser
copy (`conversation_idstringRequired`) or set apart in Markdown
(`**conversation\\_id** `string` Required`). The lines after a field are its description,
except an "Allowed values:" list. A field line is split where the type vocabulary
(`rendered_types`) reads the rest as a type with nothing but flags after it; when two
splits read, the line is ambiguous and a warning names it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ..common.diagnostics import Diagnostics, SourceRef
from ..spec.schema_forms import Schema
from .rendered_types import RenderedType, parse_type, typed_value

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
SECTIONS = {
    "path parameters": "path",
    "path params": "path",
    "headers": "header",
    "header parameters": "header",
    "query parameters": "query",
    "query params": "query",
    "request": "request",
    "request body": "request",
    "body": "request",
    "response": "response",
    "response body": "response",
    "errors": "errors",
}
_NAME = re.compile(r"[A-Za-z_$@][A-Za-z0-9_.\-$@\[\]]*\Z")
_NAME_CHAR = re.compile(r"[A-Za-z0-9_.\-$@\[\]]")
MAX_FIELD_LINE = 1000  # a longer line is prose
MAX_NAME = 200
_FLAG = re.compile(r"\s*(?:(?P<flag>Required|Optional|Deprecated|Read-only|Write-only)|Defaults to (?P<default>.+?)(?=\s*(?:Required|Optional|format:|$))|format:\s*\"?(?P<format>[\w-]+)\"?)")
_PATH = re.compile(r"^/\S*$")
_ENDPOINT = re.compile(rf"^(?P<method>{'|'.join(METHODS)})\s+(?P<target>(?:https?://\S+|/\S*))$")
_STATUS = re.compile(r"^(?P<status>[1-5][0-9][0-9])\b\s*(?P<text>.*)$")
_ALLOWED = re.compile(r"^Allowed values:?\s*(?P<rest>.*)$", re.IGNORECASE)
_QUOTED = re.compile(r"[`'\"‘“]([A-Za-z0-9_.\-/]+)[`'\"’”]")
_URL = re.compile(r"https?://[^\s'\"\\]+")
_UNREAD_FIELD = re.compile(r"^[A-Za-z_$@][^\s]*(?:Required|Optional)$")


@dataclass
class RenderedField:
    """One field a rendered page documents: a parameter, or a request or response property."""

    name: str
    type: RenderedType
    line: int
    required: bool | None = None  # None: the page does not say
    default: Any = None
    has_default: bool = False
    format: str | None = None
    description: str | None = None
    allowed: list[str] = field(default_factory=list)
    allowed_from_description: bool = False  # values read from quotes in the description

    def schema(self) -> Schema:
        """The field's JSON Schema as the page states it."""
        schema: Schema = dict(self.type.schema)
        if self.type.enum and self.allowed:
            values: list[Any] = list(self.allowed)
            target = schema.get("items", schema) if schema.get("type") == "array" else schema
            target["enum"] = values + ([None] if "null" in (target.get("type") or []) else [])
        if self.format and "format" not in schema:
            schema["format"] = self.format
        if self.description:
            schema["description"] = self.description
        if self.has_default:
            schema["default"] = self.default
        return schema


@dataclass
class RenderedError:
    """One error response a rendered page lists."""

    status: str
    description: str
    line: int


@dataclass
class RenderedPage:
    """What a rendered page (the text a browser shows) documents about its endpoint."""

    source: SourceRef  # the page, at its endpoint line
    title: str
    method: str  # lower case
    path: str  # OpenAPI template: `/v1/x/{id}`
    server: str | None
    fields: dict[str, list[RenderedField]]  # "path" | "query" | "header" | "request" | "response"
    response_description: str | None = None
    errors: list[RenderedError] = field(default_factory=list)


def read_rendered_page(display: str, lines: list[str], first_line: int, title: str, diagnostics: Diagnostics) -> RenderedPage | None:
    """The page in `lines` (its first line is `first_line` of the file), or None when it is
    not a rendered reference page (no endpoint, or no section)."""
    endpoint = _endpoint(lines)
    if endpoint is None:
        return None
    index, method, target, line_title = endpoint
    path, server = _split_target(target)
    if server is None:
        server = _server_from_examples(lines, path)
    page = RenderedPage(
        source=SourceRef(display, first_line + index),
        title=title or line_title,
        method=method.lower(),
        path=path,
        server=server,
        fields={},
    )
    section: str | None = None
    current: RenderedField | None = None
    description: list[str] = []
    allowed_open = False

    def finish() -> None:
        nonlocal current, description
        text = " ".join(description).strip()
        if current is not None:
            current.description = text or None
            if current.type.enum and not current.allowed:
                current.allowed = _values_in(text, current)
                current.allowed_from_description = bool(current.allowed)
        elif section == "response" and text and page.response_description is None:
            page.response_description = text
        current, description = None, []

    for offset, raw in enumerate(lines[index + 1 :], start=index + 1):
        line = _plain(raw)
        number = first_line + offset
        heading = SECTIONS.get(line.rstrip(":").lower()) if len(line) < 40 else None
        if heading is not None:
            finish()
            section, allowed_open = heading, False
            if heading != "errors":
                page.fields.setdefault(heading, [])
            continue
        if section is None or not line:
            continue
        if section == "errors":
            status = _STATUS.match(line)
            if status:
                page.errors.append(RenderedError(status.group("status"), status.group("text").strip(), number))
            elif page.errors and not page.errors[-1].description:
                page.errors[-1].description = line
            continue
        allowed = _ALLOWED.match(line)
        if allowed and current is not None:
            allowed_open = True
            current.allowed.extend(_value_list(allowed.group("rest")))
            continue
        parsed = _field(line, number, display, diagnostics)
        if parsed is not None:
            finish()
            current, allowed_open = parsed, False
            page.fields[section].append(parsed)
            continue
        if allowed_open and current is not None and _is_value_item(raw):
            current.allowed.extend(_value_list(line))
            continue
        allowed_open = False
        if _UNREAD_FIELD.match(line):
            diagnostics.warning(
                SourceRef(display, number),
                f"rendered page: {line!r} looks like a field, but its type is not one this reader knows; read as a description",
            )
        description.append(line)
    finish()
    if not page.fields and not page.errors:
        return None
    return page


def _endpoint(lines: list[str]) -> tuple[int, str, str, str] | None:
    """(line index, method, path or URL, the title line above it) of the page's endpoint."""
    for index, raw in enumerate(lines):
        line = _plain(raw)
        whole = _ENDPOINT.match(line)
        if whole:
            return index, whole.group("method"), whole.group("target"), _title_above(lines, index)
        if line in METHODS and index + 1 < len(lines) and _PATH.match(_plain(lines[index + 1])):
            return index + 1, line, _plain(lines[index + 1]), _title_above(lines, index)
    return None


def _title_above(lines: list[str], index: int) -> str:
    for raw in reversed(lines[:index]):
        line = _plain(raw).lstrip("#").strip()
        if line:
            return line
    return ""


def _split_target(target: str) -> tuple[str, str | None]:
    """The OpenAPI path template (`:id` and `{id}` both read) and the server, if a URL."""
    server = None
    if target.startswith(("http://", "https://")):
        parts = urlsplit(target)
        server, target = f"{parts.scheme}://{parts.netloc}", parts.path or "/"
    segments = [("{" + s[1:] + "}") if s.startswith(":") and len(s) > 1 else s for s in target.split("?")[0].split("/")]
    return "/".join(segments), server


def _server_from_examples(lines: list[str], path: str) -> str | None:
    """The host a request example on the page calls (`curl https://api.x.com/v1/...`)."""
    template = [_segment_pieces(segment) for segment in path.split("/")]
    for raw in lines:
        for url in _URL.findall(raw):
            parts = urlsplit(url)
            if _fills(template, parts.path):
                return f"{parts.scheme}://{parts.netloc}"
    return None


def _segment_pieces(segment: str) -> list[str]:
    """A template segment as its literal pieces around its slots: `a{x}b{y}` -> ["a", "b", ""]
    (a slot runs from `{` to the next `}`; text with no closing `}` is literal)."""
    pieces = [""]
    position = 0
    while True:
        start = segment.find("{", position)
        end = segment.find("}", start + 1) if start >= 0 else -1
        if end < 0:
            pieces[-1] += segment[position:]
            return pieces
        pieces[-1] += segment[position:start]
        pieces.append("")
        position = end + 1


def _fills(template: list[list[str]], path: str) -> bool:
    """Whether `path` is the template with every slot filled by one or more characters other
    than `/`. Linear in the path: each segment's literal pieces are found left to right (the
    earliest place a piece fits leaves the most room for the rest), with no backtracking,
    however many slots sit side by side."""
    segments = path.split("/")
    if len(segments) != len(template):
        return False
    for pieces, segment in zip(template, segments):
        if len(pieces) == 1:
            if segment != pieces[0]:
                return False
            continue
        head, *middle, tail = pieces
        if not segment.startswith(head):
            return False
        position = len(head)
        for piece in middle:
            found = segment.find(piece, position + 1)  # a slot takes one character at least
            if found < 0:
                return False
            position = found + len(piece)
        if len(segment) - len(tail) < position + 1 or not segment.endswith(tail):
            return False
    return True


def _plain(line: str) -> str:
    """A line with Markdown's decoration taken off: bullets, emphasis, code ticks, escapes."""
    text = line.strip()
    text = re.sub(r"^(?:[-*+]|\d+\.)\s+", "", text)
    text = text.replace("**", "").replace("`", "")
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|])", r"\1", text)
    return _spaced_separators(text).strip().lstrip("#").strip()


def _spaced_separators(text: str) -> str:
    """Each `·` or `|` and the white space around it as one space: split at the separators
    and trimmed, linear where a regular expression `\\s*[·|]\\s*` rescans every long run of
    spaces once per space."""
    parts = re.split(r"[·|]", text)
    last = len(parts) - 1
    return " ".join(
        part.lstrip() if index == last else part.rstrip() if index == 0 else part.strip()
        for index, part in enumerate(parts)
    ) if last else text


def _field(line: str, number: int, display: str, diagnostics: Diagnostics) -> RenderedField | None:
    """The field a line states, or None when it is not a field line."""
    readings: list[RenderedField] = []
    if len(line) > MAX_FIELD_LINE or not _NAME.match(line[:1]):
        return None
    for split in range(1, min(len(line), MAX_NAME + 1)):
        if not _NAME_CHAR.match(line[split - 1]):
            break
        name, rest = line[:split], line[split:].lstrip()
        for kind, after in parse_type(rest):
            flags = _flags(after, kind.schema)
            if flags is not None:
                required, default, has_default, format_ = flags
                readings.append(RenderedField(name, kind, number, required, default, has_default, format_))
    if not readings:
        return None
    longest = max(readings, key=lambda f: (len(f.type.text), -len(f.name)))
    names = {(f.name, f.type.text.strip()) for f in readings}
    distinct = {f.name for f in readings}
    if len(distinct) > 1:
        choices = ", ".join(f"`{n}` ({t})" for n, t in sorted(names))
        diagnostics.warning(
            SourceRef(display, number),
            f"rendered page: the field line {line!r} reads several ways ({choices}); taking `{longest.name}` ({longest.type.text.strip()})",
        )
    return longest


def _flags(text: str, schema: Schema) -> tuple[bool | None, Any, bool, str | None] | None:
    """(required, default, has default, format) from what follows a type, or None when
    anything else follows it."""
    required: bool | None = None
    default: Any = None
    has_default = False
    format_: str | None = None
    position = 0
    while position < len(text):
        if not text[position:].strip():
            break
        match = _FLAG.match(text, position)
        if match is None or match.end() == position:
            return None
        if match.group("flag") in ("Required", "Optional"):
            required = match.group("flag") == "Required"
        elif match.group("default") is not None:
            default, has_default = typed_value(match.group("default"), schema), True
        elif match.group("format"):
            format_ = match.group("format")
        position = match.end()
    return required, default, has_default, format_


def _value_list(text: str) -> list[str]:
    """Values written in a list: `json`, `opentelemetry` or json, opentelemetry."""
    return [v for v in (part.strip().strip("`'\"") for part in re.split(r"[,\s]+", text)) if v]


def _is_value_item(raw: str) -> bool:
    stripped = raw.strip()
    return stripped.startswith(("- ", "* ", "`")) or (" " not in stripped and bool(stripped))


def _values_in(description: str, owner: RenderedField) -> list[str]:
    """An enum's values when the page lists none: its default and the words its own
    description quotes (`Defaults to 'json'. Set to 'opentelemetry' for ...`)."""
    values = [str(owner.default)] if owner.has_default and owner.default is not None else []
    for word in _QUOTED.findall(description):
        if word not in values:
            values.append(word)
    return values if len(values) > 1 else []
