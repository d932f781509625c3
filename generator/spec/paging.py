"""Paged lists: operations that return one page of a longer list, and how to get the next.

Detected from the schema (the query parameters and the shape of the page), never from a
vendor's name. The page is the first success response's JSON object; its list is its only
array property. Three forms:

- **cursor**: a string query parameter named as cursors are (`cursor`, `page_token`,
  `after`, ...) and a next-cursor property on the page (`next_cursor`, `nextPageToken`, ...);
  the walk ends when there is no next cursor, when a has-more flag of the page is false, or
  when the server hands back the cursor it was given.
- **page number**: an integer or number query parameter `page` (`page_number`,
  `pageNumber`, ...). The next page is the one after the page the server says it served
  (a number property of the page, or of an object it holds, with the parameter's name or
  `current_page`); when the page does not say, one after the page asked for (when none was
  asked for: the parameter's default, else its minimum, else 1).
- **offset**: an integer or number query parameter `offset` (or `skip`), advanced by the
  number of items received (from the offset asked for, else its default, else 0).

The first request is the call's own: a page or offset the call does not give is not sent.

For page numbers and offsets, what says the list is over is looked for on the page and in
the objects it always holds (a required `pagination` or `meta` object), and the first kind
found is the rule: a has-more flag (`has_more`, `hasMore`, `has_next`, ...) that is false; else a total of
items (`total`, `total_count`, ...) reached; else (page numbers) a total of pages
(`total_pages`, `totalPages`, ...) reached; else a page shorter than the page size parameter
(`size`, `page_size`, `per_page`, `limit`, ...). Only one: a server that caps the page size
below what was asked would end a short-page walk early, so a flag or a total, when the
schema has one, is trusted instead. Whatever the rule, an empty page ends the walk, and so
does a page equal to the one before (a server that ignores the page parameter), so no walk
repeats itself forever.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..common.names import ref_to_name
from .operation_view import json_media, success_content
from .schema_forms import resolve_refs, split_null

Schema = dict[str, Any]

CURSOR_PARAMETERS = ("cursor", "page_token", "pageToken", "starting_after", "after", "continuation_token", "next_token")
NEXT_CURSOR_PROPERTIES = ("next_cursor", "nextCursor", "next_page_token", "nextPageToken", "next_token", "cursor", "last_id")
PAGE_PARAMETERS = ("page", "page_number", "pageNumber", "page_num", "pageNum", "page_index", "pageIndex")
OFFSET_PARAMETERS = ("offset", "skip")
SIZE_PARAMETERS = ("page_size", "pageSize", "per_page", "perPage", "size", "limit", "page_limit", "pageLimit", "take")
HAS_MORE_PROPERTIES = ("has_more", "hasMore", "has_next", "hasNext", "has_next_page", "hasNextPage")
TOTAL_PROPERTIES = ("total", "total_count", "totalCount", "total_items", "totalItems", "total_results", "totalResults")
TOTAL_PAGES_PROPERTIES = ("total_pages", "totalPages", "page_count", "pageCount", "num_pages", "numPages")
CURRENT_PAGE_PROPERTIES = ("current_page", "currentPage")


@dataclass(frozen=True)
class Paging:
    """How an operation's pages follow one another; every name is a wire name."""

    kind: str  # "cursor" | "page" | "offset"
    parameter: str  # the query parameter advanced from page to page
    items: str  # the page's list property
    stop: str  # "has_more" | "total" | "total_pages" | "short_page" | "empty_page" | "cursor"
    stop_path: tuple[str, ...] = ()  # the page property (through the objects holding it) the rule reads
    next_cursor: str | None = None  # cursor: the page property holding the next cursor
    start: int = 0  # page: the first page's number; offset: the first offset (when the call gives none)
    start_known: bool = False  # the start comes from the parameter's schema (not a guess)
    echo_path: tuple[str, ...] = ()  # page: the page property giving the number of the page served
    size_parameter: str | None = None  # page and offset: the query parameter of the page size
    size_default: int | None = None  # the page size the server uses when none is given

    @property
    def form(self) -> str:
        return {"cursor": "cursor", "page": "page number", "offset": "offset"}[self.kind]

    def describe(self) -> str:
        """The form and the stop rule, in words (docstrings and the merge report)."""
        if self.kind == "cursor":
            ends = [f"when the page has no `{self.next_cursor}`"]
            if self.stop == "has_more":
                ends.append(f"when `{'.'.join(self.stop_path)}` is false")
            ends.append("or when it repeats the cursor sent")
            return f"Paged by cursor: `{self.parameter}` takes each page's `{self.next_cursor}`; stops {', '.join(ends)}."
        first = f"is {self.start}" if self.start_known else f"is taken to be {self.start}"
        if self.kind == "page" and self.echo_path:
            how = f"Paged by page number: `{self.parameter}` is set to the page served (`{'.'.join(self.echo_path)}`) plus one"
        elif self.kind == "page":
            how = f"Paged by page number: `{self.parameter}` counts up by one from the page asked for (the first page {first})"
        else:
            how = f"Paged by offset: `{self.parameter}` advances by the items received (the first offset {first})"
        field = f"`{'.'.join(self.stop_path)}`"
        size = f"`{self.size_parameter}`" + (f" ({self.size_default} when not given)" if self.size_default is not None else "")
        rule = {
            "has_more": f"when {field} is false, ",
            "total": f"when the items received reach {field}, ",
            "total_pages": f"after page {field}, ",
            "short_page": f"on a page shorter than {size}, ",
            "empty_page": "",
        }[self.stop]
        return f"{how}; stops {rule}on an empty page, or on a page equal to the one before."


def detect_paging(operation: dict[str, Any], schemas: dict[str, Any]) -> Paging | None:
    """How the operation's pages follow one another, or None when it is not a paged list."""
    query: dict[str, Schema] = {
        str(p["name"]): p["schema"] if isinstance(p.get("schema"), dict) else {}
        for p in operation.get("parameters") or []
        if isinstance(p, dict) and p.get("in") == "query" and isinstance(p.get("name"), str)
    }
    page = _page_schema(operation, schemas)
    if page is None:
        return None
    properties: dict[str, Any] = page["properties"]
    arrays = [name for name, sub in properties.items() if (resolve_refs(sub, schemas) or {}).get("type") == "array"]
    if len(arrays) != 1:
        return None
    items = str(arrays[0])
    cursor = next((name for name in query if name in CURSOR_PARAMETERS), None)
    if cursor is not None and _is_plain_string(query[cursor]):
        next_cursor = next((n for n in NEXT_CURSOR_PROPERTIES if n in properties), None)
        if next_cursor is None or next_cursor == items:
            return None
        has_more = next((n for n in HAS_MORE_PROPERTIES if n in properties), None)
        if has_more is None:
            return Paging("cursor", cursor, items, "cursor", (), next_cursor=next_cursor)
        return Paging("cursor", cursor, items, "has_more", (has_more,), next_cursor=next_cursor)
    for kind, names in (("page", PAGE_PARAMETERS), ("offset", OFFSET_PARAMETERS)):
        parameter = next((name for name in names if name in query and _is_number(query[name], schemas)), None)
        if parameter is None:
            continue
        size = next((n for n in SIZE_PARAMETERS if n in query and n != parameter and _is_number(query[n], schemas)), None)
        schema = resolve_refs(query[parameter], schemas) or {}
        start = next((v for v in (schema.get("default"), schema.get("minimum")) if _whole(v) is not None), None)
        start_number = _whole(start)
        stop, path = _stop_rule(kind, page, items, schemas, size)
        echo = _find(_holders(page, items, schemas), (parameter, *CURRENT_PAGE_PROPERTIES), _is_number, schemas) if kind == "page" else None
        return Paging(
            kind,
            parameter,
            items,
            stop,
            path,
            start=start_number if start_number is not None else (1 if kind == "page" else 0),
            start_known=start_number is not None,
            echo_path=echo or (),
            size_parameter=size,
            size_default=_whole((resolve_refs(query[size], schemas) or {}).get("default")) if size else None,
        )
    return None


def _stop_rule(kind: str, page: Schema, items: str, schemas: dict[str, Any], size: str | None) -> tuple[str, tuple[str, ...]]:
    """The first kind of end-of-list signal the page documents, and the path to it."""
    wanted: list[tuple[str, tuple[str, ...], Callable[[Any, dict[str, Any]], bool]]] = [
        ("has_more", HAS_MORE_PROPERTIES, _is_boolean),
        ("total", TOTAL_PROPERTIES, _is_number),
    ]
    if kind == "page":
        wanted.append(("total_pages", TOTAL_PAGES_PROPERTIES, _is_number))
    holders = _holders(page, items, schemas)
    for stop, names, fits in wanted:
        found = _find(holders, names, fits, schemas)
        if found is not None:
            return stop, found
    return ("short_page", ()) if size else ("empty_page", ())


def _holders(page: Schema, items: str, schemas: dict[str, Any]) -> list[tuple[tuple[str, ...], Schema]]:
    """The page and the objects it always holds (a required, non-null `pagination` or `meta`
    object), with their paths."""
    holders: list[tuple[tuple[str, ...], Schema]] = [((), page)]
    required = set(page.get("required") or [])
    for name, sub in page["properties"].items():
        inner = resolve_refs(sub, schemas)
        if name == items or name not in required or not isinstance(sub, dict) or split_null(sub)[1] or _nullable_ref(sub, schemas):
            continue
        if inner is not None and isinstance(inner.get("properties"), dict) and inner.get("type", "object") == "object":
            holders.append(((str(name),), inner))
    return holders


def _nullable_ref(schema: Schema, schemas: dict[str, Any]) -> bool:
    """A reference (chain) to a schema that admits null."""
    seen: set[str] = set()
    while "$ref" in schema:
        name = ref_to_name(str(schema["$ref"]))
        if name is None or name not in schemas or name in seen or not isinstance(schemas[name], dict):
            return False
        seen.add(name)
        schema = schemas[name]
        if split_null(schema)[1]:
            return True
    return False


def _find(
    holders: list[tuple[tuple[str, ...], Schema]], names: tuple[str, ...], fits: Callable[[Any, dict[str, Any]], bool], schemas: dict[str, Any]
) -> tuple[str, ...] | None:
    """The path to the first of `names` that a holder has with a fitting schema (holders in order)."""
    for path, holder in holders:
        found = next((n for n in names if n in holder["properties"] and fits(holder["properties"][n], schemas)), None)
        if found is not None:
            return (*path, found)
    return None


def _page_schema(operation: dict[str, Any], schemas: dict[str, Any]) -> Schema | None:
    """The first success response's JSON object (not nullable), if it has properties."""
    content = success_content(operation.get("responses"))
    media = json_media(content)
    schema = media.get("schema") if media else None
    if not isinstance(schema, dict) or split_null(schema)[1]:
        return None
    page = resolve_refs(schema, schemas)
    if page is None or not isinstance(page.get("properties"), dict) or not page["properties"]:
        return None
    return page


def _is_plain_string(schema: Schema) -> bool:
    """A string parameter typed `str` in the SDK (no reference, enum or union)."""
    inner = split_null(schema)[0]
    return inner.get("type") == "string" and not any(k in inner for k in ("enum", "const", "anyOf", "allOf", "$ref")) and inner.get("format") != "binary"


def _is_number(schema: Any, schemas: dict[str, Any]) -> bool:
    inner = resolve_refs(schema, schemas) or {}
    return inner.get("type") in ("integer", "number") and not any(k in inner for k in ("enum", "const", "anyOf"))


def _is_boolean(schema: Any, schemas: dict[str, Any]) -> bool:
    return (resolve_refs(schema, schemas) or {}).get("type") == "boolean"


def _whole(value: Any) -> int | None:
    """`value` as an int when it is a whole number (not a bool), else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else None
