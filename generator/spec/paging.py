"""Paged lists: operations that return one page of a longer list, and how to get the next.

Detected from the schema (the query parameters, the shape of the page and the response's
headers), never from a vendor's name. The page is the first success response's JSON
object, its properties gathered through `allOf`; its list is its only array property, or
of several the one array of component schemas (for the `Link` header, page number and offset
forms the page may also be the array itself). The forms, in the order they are looked for:

- **Link header**: the success response documents a `Link` header (RFC 8288); the next
  page is the URL of its link whose relation is `next`. The walk ends when there is none.
- **cursor**: a query parameter named as cursors, tokens, markers or offsets are
  (`cursor`, `page_token`, `after`, `marker`, `offset`, ...) and the next value on the page:
  a next-cursor property (`next_cursor`, `nextPageToken`, `next_marker`, `next_offset`,
  `next_<parameter>`, ...), or such a value in an object the page holds (`next.cursor`,
  `next_page.offset`, `meta.next_cursor`), or (with a cursor parameter) a plain string
  `next`. The parameter is a string, or a number when the next value is one. The walk ends
  when there is no next value, when a has-more flag of the page is false, or when the
  server hands back the value it was given.
- **has_more and the last item's id**: a parameter `after` or `starting_after`, a has-more
  flag, and the last id on the page (`last_id`) or an `id` on every item: the next request
  sends the last id; the walk ends when the flag is false.
- **next URL**: a string property giving the next page's URL (`next_url`, `next_page_url`,
  `next_page_uri` (Twilio's, relative to the API's origin),
  `nextLink`, a `next` of `format: uri` or in a `links` object: `links.pages.next`,
  `meta.next_page_url`). The URL is followed as given, on the client's own origin only.
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

An operation that looks paged (a cursor, page or offset parameter and a list in its answer)
but matches no form gets no iterator; `looks_paged` names it for the merge report.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Callable

from ..common.names import ref_to_name
from .operation_view import json_media, success_content, success_status
from .schema_forms import resolve_refs, split_null

Schema = dict[str, Any]

CURSOR_PARAMETERS = ("cursor", "page_token", "pageToken", "starting_after", "after", "continuation_token", "next_token")
NEXT_CURSOR_PROPERTIES = ("next_cursor", "nextCursor", "next_page_token", "nextPageToken", "next_token", "cursor", "last_id")
# Parameters that take the server's next value only when the page names it `next_<parameter>`
# (a marker, or an offset the server computes): `marker` + `next_marker`, `offset` + `next_offset`.
TOKEN_PARAMETERS = ("marker", "offset", "page_token", "token")
# Objects of the page that hold the next value (`next.cursor`, `next_page.offset`, `meta.next_cursor`).
NEXT_HOLDERS = ("next", "next_page", "nextPage", "meta", "pagination", "paging", "page_info", "pageInfo", "cursor")
NEXT_VALUE_NAMES = ("cursor", "token", "page_token", "pageToken")
AFTER_PARAMETERS = ("after", "starting_after")
NEXT_URL_PROPERTIES = (
    "next_url", "nextUrl", "next_page_url", "nextPageUrl", "next_link", "nextLink", "next_href", "nextHref",
    "next_page_uri", "nextPageUri", "next_uri", "nextUri",
)  # fmt: skip
LINK_HOLDERS = ("links", "_links", "link", "pages", "meta", "pagination", "paging")
URL_FORMATS = ("uri", "url", "uri-reference", "iri", "iri-reference")
PAGE_PARAMETERS = ("page", "page_number", "pageNumber", "page_num", "pageNum", "page_index", "pageIndex")
OFFSET_PARAMETERS = ("offset", "skip")
SIZE_PARAMETERS = ("page_size", "pageSize", "per_page", "perPage", "size", "limit", "page_limit", "pageLimit", "take")
HAS_MORE_PROPERTIES = ("has_more", "hasMore", "has_next", "hasNext", "has_next_page", "hasNextPage")
TOTAL_PROPERTIES = ("total", "total_count", "totalCount", "total_items", "totalItems", "total_results", "totalResults")
TOTAL_PAGES_PROPERTIES = ("total_pages", "totalPages", "page_count", "pageCount", "num_pages", "numPages")
CURRENT_PAGE_PROPERTIES = ("current_page", "currentPage")
PAGED_LOOKING = (*CURSOR_PARAMETERS, *TOKEN_PARAMETERS, *PAGE_PARAMETERS, *OFFSET_PARAMETERS, "max_id", "since_id", "min_id", "before")

FORMS = {
    "link": "Link header",
    "cursor": "cursor",
    "after": "has_more + last id",
    "url": "next URL",
    "page": "page number",
    "offset": "offset",
}


@dataclass(frozen=True)
class Paging:
    """How an operation's pages follow one another; every name is a wire name."""

    kind: str  # "link" | "cursor" | "after" | "url" | "page" | "offset"
    parameter: str  # the query parameter advanced from page to page ("" for link and url)
    items: str  # the page's list property ("" when the page is the list)
    stop: str  # "has_more" | "total" | "total_pages" | "short_page" | "empty_page" | "cursor"
    stop_path: tuple[str, ...] = ()  # the page property (through the objects holding it) the rule reads
    next_path: tuple[str, ...] = ()  # cursor, after, url: the page property (path) holding the next value
    item_id: str | None = None  # after: the items' id property, when the page has no last id
    start: int = 0  # page: the first page's number; offset: the first offset (when the call gives none)
    start_known: bool = False  # the start comes from the parameter's schema (not a guess)
    echo_path: tuple[str, ...] = ()  # page: the page property giving the number of the page served
    size_parameter: str | None = None  # page and offset: the query parameter of the page size
    size_default: int | None = None  # the page size the server uses when none is given
    switch: str | None = None  # cursor: a boolean query parameter `use<parameter>` that turns the cursor on; the walk sends it true

    @property
    def next_cursor(self) -> str | None:
        """The next value's location in words (`next.cursor`), None without one."""
        return ".".join(self.next_path) or None

    @property
    def form(self) -> str:
        return FORMS[self.kind]

    def describe(self) -> str:
        """The form and the stop rule, in words (docstrings and the merge report)."""
        if self.kind == "link":
            return 'Paged by the `Link` response header: each next page is its `rel="next"` URL, on the client\'s own origin only; stops when there is none, or when a URL repeats.'
        if self.kind == "url":
            return f"Paged by next URL: each next page is the page's `{self.next_cursor}`, on the client's own origin only; stops when there is none, or when a URL repeats."
        if self.kind == "after":
            last = f"the page's `{self.next_cursor}`" if self.next_path else f"the last item's `{self.item_id}`"
            return f"Paged by the last item's id: `{self.parameter}` takes {last}; stops when `{'.'.join(self.stop_path)}` is false, or when an id repeats."
        if self.kind == "cursor":
            ends = [f"when the page has no `{self.next_cursor}`"]
            if self.stop == "has_more":
                ends.append(f"when `{'.'.join(self.stop_path)}` is false")
            ends.append("or when it repeats the cursor sent")
            switch = f" (`{self.switch}` is sent true unless the call gives it)" if self.switch else ""
            return f"Paged by cursor: `{self.parameter}` takes each page's `{self.next_cursor}`{switch}; stops {', '.join(ends)}."
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


def _query(operation: dict[str, Any]) -> dict[str, Schema]:
    return {
        str(p["name"]): p["schema"] if isinstance(p.get("schema"), dict) else {}
        for p in operation.get("parameters") or []
        if isinstance(p, dict) and p.get("in") == "query" and isinstance(p.get("name"), str)
    }


def detect_paging(operation: dict[str, Any], schemas: dict[str, Any]) -> Paging | None:
    """How the operation's pages follow one another, or None when it is not a paged list."""
    query = _query(operation)
    if has_link_header(operation) and _array_response(operation, schemas):
        page = _page_schema(operation, schemas)
        arrays = _arrays(page, schemas) if page is not None else []
        if page is None or len(arrays) == 1:
            return Paging("link", "", arrays[0] if arrays else "", "cursor")
    page = _page_schema(operation, schemas)
    if page is None:
        if not _list_response(operation, schemas):
            return None
        # The answer is the list itself: pages or offsets by number, ended by a short or empty
        # page; else, with a cursor parameter (`after`) and nowhere in the body for the next
        # cursor, the `Link` header is the only place a next page can be named (Okta's lists
        # document it on a few operations only): followed when the server sends it.
        numbered = _numbered(query, {"properties": {}}, "", schemas)
        if numbered is None and any(name in query and _is_string(query[name], schemas) for name in CURSOR_PARAMETERS):
            return Paging("link", "", "", "cursor")
        return numbered
    arrays = _arrays(page, schemas)
    if len(arrays) != 1:
        return None
    items = arrays[0]
    cursor = _cursor(query, page, items, schemas)
    if cursor is not None:
        switch = next((name for name in query if _is_switch(name, cursor.parameter) and _is_boolean(query[name], schemas)), None)
        return replace(cursor, switch=switch) if switch is not None and cursor.kind == "cursor" else cursor
    url = _next_url(page, items, schemas)
    if url is not None:
        return Paging("url", "", items, "cursor", next_path=url)
    return _numbered(query, page, items, schemas)


def _numbered(query: dict[str, Schema], page: Schema, items: str, schemas: dict[str, Any]) -> Paging | None:
    """The page number or offset form, when the query has such a parameter."""
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


def looks_paged(operation: dict[str, Any], schemas: dict[str, Any]) -> str | None:
    """Why an operation that matches no form looks paged (a cursor, page or offset parameter
    and a list in its answer), for the merge report; None when it does not."""
    parameter = next((name for name in _query(operation) if name in PAGED_LOOKING), None)
    if parameter is None or not _array_response(operation, schemas):
        return None
    return f"`{parameter}` parameter and a list in the answer, but no next cursor, next URL, `Link` header, page or offset rule that gives the next page"


def has_link_header(operation: dict[str, Any]) -> bool:
    """The first success response documents a `Link` header (RFC 8288)."""
    responses = operation.get("responses")
    status = success_status(responses) if isinstance(responses, dict) else None
    response = {str(code): value for code, value in responses.items()}.get(status) if status and isinstance(responses, dict) else None
    headers = response.get("headers") if isinstance(response, dict) else None
    return isinstance(headers, dict) and any(str(name).lower() == "link" for name in headers)


def _list_response(operation: dict[str, Any], schemas: dict[str, Any]) -> bool:
    """The answer is a list (not null)."""
    media = json_media(success_content(operation.get("responses")))
    schema = media.get("schema") if media else None
    return isinstance(schema, dict) and not split_null(schema)[1] and (resolve_refs(schema, schemas) or {}).get("type") == "array"


def _array_response(operation: dict[str, Any], schemas: dict[str, Any]) -> bool:
    """The answer is a list, or an object with one list property."""
    media = json_media(success_content(operation.get("responses")))
    schema = media.get("schema") if media else None
    if not isinstance(schema, dict):
        return False
    if (resolve_refs(schema, schemas) or {}).get("type") == "array":
        return True
    page = _page_schema(operation, schemas)
    return page is not None and len(_arrays(page, schemas)) == 1


def _arrays(page: Schema, schemas: dict[str, Any]) -> list[str]:
    """The page's list: its one array property; of several, the one array of component
    schemas (`entries: [Group]` beside `order: [{by, direction}]`). All of them when that does
    not tell one apart."""
    arrays = [str(name) for name, sub in page["properties"].items() if (resolve_refs(sub, schemas) or {}).get("type") == "array"]
    if len(arrays) < 2:
        return arrays
    of_components = [name for name in arrays if _of_components(page["properties"][name], schemas)]
    return of_components if len(of_components) == 1 else arrays


def _of_components(schema: Any, schemas: dict[str, Any]) -> bool:
    """An array whose items are a reference to a component schema."""
    items = (resolve_refs(schema, schemas) or {}).get("items")
    return isinstance(items, dict) and isinstance(items.get("$ref"), str) and ref_to_name(items["$ref"]) in schemas


def _is_switch(name: str, parameter: str) -> bool:
    """`name` is `use<parameter>` (`usemarker`, `use_marker`, `useMarker`)."""
    return name.replace("_", "").lower() == "use" + parameter.replace("_", "").lower()


def _cursor(query: dict[str, Schema], page: Schema, items: str, schemas: dict[str, Any]) -> Paging | None:
    """The cursor (or has_more + last id) form: a cursor parameter and the page's next value."""
    properties: dict[str, Any] = page["properties"]
    has_more = next((n for n in HAS_MORE_PROPERTIES if n in properties and _is_boolean(properties[n], schemas)), None)
    cursor = next((name for name in query if name in CURSOR_PARAMETERS), None)
    if cursor is not None and _is_plain_string(query[cursor]):
        next_cursor = next((n for n in NEXT_CURSOR_PROPERTIES if n in properties), None)
        if next_cursor == items:
            return None
        if next_cursor is not None:
            if next_cursor == "last_id" and cursor in AFTER_PARAMETERS and has_more is not None:
                return Paging("after", cursor, items, "has_more", (has_more,), next_path=(next_cursor,))
            if has_more is None:
                return Paging("cursor", cursor, items, "cursor", (), next_path=(next_cursor,))
            return Paging("cursor", cursor, items, "has_more", (has_more,), next_path=(next_cursor,))
    # The next value as `next_<parameter>`, in an object the page holds, or a plain `next`.
    for name in query:
        if name not in CURSOR_PARAMETERS and name not in TOKEN_PARAMETERS:
            continue
        path = _next_value(name, query[name], page, items, schemas)
        if path is None:
            continue
        stop = ("has_more", (has_more,)) if has_more is not None else ("cursor", ())
        return Paging("cursor", name, items, stop[0], stop[1], next_path=path)
    after = next((name for name in query if name in AFTER_PARAMETERS and _is_plain_string(query[name])), None)
    if after is not None and has_more is not None:
        item_schema = resolve_refs((resolve_refs(properties[items], schemas) or {}).get("items"), schemas) or {}
        item_properties = _all_properties(item_schema, schemas)[0]
        if "id" in item_properties and "id" in _all_properties(item_schema, schemas)[1]:
            return Paging("after", after, items, "has_more", (has_more,), item_id="id")
    return None


def _next_names(parameter: str) -> tuple[str, ...]:
    """`next_<parameter>` in snake and camel case: `next_marker`, `nextMarker`."""
    return (f"next_{parameter}", "next" + parameter[:1].upper() + parameter[1:])


def _next_value(parameter: str, schema: Schema, page: Schema, items: str, schemas: dict[str, Any]) -> tuple[str, ...] | None:
    """The path to the page's next value for `parameter`, of the parameter's type."""
    fits: Callable[[Any, dict[str, Any]], bool]
    if _is_plain_string(schema):
        fits = _is_string
    elif _is_number(schema, schemas):
        fits = _is_number
    else:
        return None
    properties: dict[str, Any] = page["properties"]
    for name in _next_names(parameter):
        if name in properties and fits(properties[name], schemas):
            return (name,)
    for holder in NEXT_HOLDERS:
        if holder == items or holder not in properties:
            continue
        inner = _object(properties[holder], schemas)
        if inner is None:
            continue
        # In an object that is the next page (`next.cursor`, `next_page.offset`) the value may
        # have the parameter's own name; elsewhere (`meta`) only a next-value name.
        names: tuple[str, ...] = _next_names(parameter)
        if parameter in CURSOR_PARAMETERS:
            names += NEXT_CURSOR_PROPERTIES[:-2]
        if holder in ("next", "next_page", "nextPage"):
            names = (parameter, *names, *(NEXT_VALUE_NAMES if parameter in CURSOR_PARAMETERS else ()))
        found = next((n for n in names if n in inner["properties"] and fits(inner["properties"][n], schemas)), None)
        if found is not None:
            return (holder, found)
    if parameter in CURSOR_PARAMETERS and "next" in properties and fits is _is_string and not _is_url(properties["next"], schemas):
        return ("next",)
    return None


def _next_url(page: Schema, items: str, schemas: dict[str, Any]) -> tuple[str, ...] | None:
    """The path to the page's next-page URL: a URL-named string property, a `next` of a URL
    format, or a `next` in a links object (`links.pages.next`), at most three objects deep."""

    def search(schema: Schema, path: tuple[str, ...], in_links: bool) -> tuple[str, ...] | None:
        properties: dict[str, Any] = schema["properties"]
        for name in NEXT_URL_PROPERTIES:
            if name in properties and _is_string(properties[name], schemas):
                return (*path, name)
        if "next" in properties and _is_string(properties["next"], schemas) and (in_links or _is_url(properties["next"], schemas)):
            return (*path, "next")
        if len(path) >= 2:
            return None
        for name in LINK_HOLDERS:
            inner = _object(properties[name], schemas) if name in properties and name != items else None
            if inner is not None:
                found = search(inner, (*path, name), in_links or name in ("links", "_links", "link", "pages"))
                if found is not None:
                    return found
        return None

    return search(page, (), False)


def _object(schema: Any, schemas: dict[str, Any]) -> Schema | None:
    """The object schema `schema` is (through references and `allOf`), with its properties."""
    inner = resolve_refs(schema, schemas)
    if inner is None:
        return None
    properties, required = _all_properties(inner, schemas, union=True)
    if not properties or inner.get("type", "object") != "object":
        return None
    return {**inner, "properties": properties, "required": sorted(required)}


def _all_properties(schema: Schema, schemas: dict[str, Any], depth: int = 0, union: bool = False) -> tuple[dict[str, Any], set[str]]:
    """The properties and required names of an object schema and of its `allOf` members (and,
    when `union`, the properties of its `anyOf`/`oneOf` members, none of them required)."""
    properties: dict[str, Any] = {}
    required: set[str] = set()
    for member in schema.get("anyOf") or schema.get("oneOf") or [] if depth < 8 and union else []:
        # One of several objects (`pages`: forward or backward links): any of their properties.
        inner = resolve_refs(member, schemas)
        if inner is not None:
            properties.update(_all_properties(inner, schemas, depth + 1, union)[0])
    for member in schema.get("allOf") or [] if depth < 8 else []:
        inner = resolve_refs(member, schemas)
        if inner is not None:
            more, needed = _all_properties(inner, schemas, depth + 1, union)
            properties.update(more)
            required |= needed
    if isinstance(schema.get("properties"), dict):
        properties.update(schema["properties"])
    required |= {str(n) for n in schema.get("required") or [] if isinstance(n, str)}
    return properties, required


def page_object(schema: Any, schemas: dict[str, Any], union: bool = False) -> Schema | None:
    """The page's object schema with its properties gathered through `allOf` (and, when
    `union`, those of every member of an `anyOf`/`oneOf`: an object the page holds); None
    when it is no object with properties."""
    inner = resolve_refs(schema, schemas)
    if inner is None:
        return None
    if "allOf" not in inner and not (union and ("anyOf" in inner or "oneOf" in inner)):
        return inner if isinstance(inner.get("properties"), dict) and inner["properties"] else None
    properties, required = _all_properties(inner, schemas, union=union)
    if not properties:
        return None
    return {**{k: v for k, v in inner.items() if k not in ("allOf", "anyOf", "oneOf")}, "properties": properties, "required": [n for n in properties if n in required]}


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
    return page_object(schema, schemas)


def _is_plain_string(schema: Schema) -> bool:
    """A string parameter typed `str` in the SDK (no reference, enum or union)."""
    inner = split_null(schema)[0]
    return inner.get("type") == "string" and not any(k in inner for k in ("enum", "const", "anyOf", "allOf", "$ref")) and inner.get("format") != "binary"


def _is_number(schema: Any, schemas: dict[str, Any]) -> bool:
    inner = resolve_refs(schema, schemas) or {}
    return inner.get("type") in ("integer", "number") and not any(k in inner for k in ("enum", "const", "anyOf"))


def _is_string(schema: Any, schemas: dict[str, Any]) -> bool:
    inner = resolve_refs(schema, schemas) or {}
    return inner.get("type") == "string" and not any(k in inner for k in ("enum", "const"))


def _is_url(schema: Any, schemas: dict[str, Any]) -> bool:
    return (resolve_refs(schema, schemas) or {}).get("format") in URL_FORMATS


def _is_boolean(schema: Any, schemas: dict[str, Any]) -> bool:
    return (resolve_refs(schema, schemas) or {}).get("type") == "boolean"


def _whole(value: Any) -> int | None:
    """`value` as an int when it is a whole number (not a bool), else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else None
