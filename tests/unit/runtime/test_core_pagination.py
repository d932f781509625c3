"""_core/pagination.py, imported as the real module: each form and stop rule, sync and async,
over pages served by a fetch function that records the arguments of every request."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any, Callable

import pytest

from generator.emit.runtime._core import pagination


class Pages:
    """A server of pages: `answer(arguments)` gives each page; every request is recorded."""

    def __init__(self, answer: Callable[[dict[str, Any]], Any]) -> None:
        self.answer = answer
        self.requests: list[dict[str, Any]] = []

    def fetch(self, **arguments: Any) -> Any:
        self.requests.append(arguments)
        return self.answer(arguments)

    async def fetch_async(self, **arguments: Any) -> Any:
        await asyncio.sleep(0)
        return self.fetch(**arguments)


def walk(pages: Pages, mode: str, arguments: dict[str, Any], **paging: Any) -> list[Any]:
    if mode == "sync":
        return list(pagination.iterate_pages(pages.fetch, arguments, **paging))

    async def collect() -> list[Any]:
        return [item async for item in pagination.iterate_pages_async(pages.fetch_async, arguments, **paging)]

    return asyncio.run(collect())


MODES = pytest.mark.parametrize("mode", ["sync", "async"])
page = SimpleNamespace


@MODES
def test_cursor_follows_the_next_cursor_until_there_is_none(mode):
    chain = {None: ("c1", [1, 2]), "c1": ("c2", []), "c2": (None, [3])}
    pages = Pages(lambda a: page(data=chain[a["cursor"]][1], next_cursor=chain[a["cursor"]][0]))
    items = walk(pages, mode, {"cursor": None, "limit": 2}, form="cursor", parameter="cursor", items=("data",), next_cursor=("next_cursor",), stop="cursor")
    assert items == [1, 2, 3]  # an empty page in the middle does not end a cursor walk
    assert pages.requests == [{"cursor": None, "limit": 2}, {"cursor": "c1", "limit": 2}, {"cursor": "c2", "limit": 2}]


@MODES
def test_cursor_ends_when_has_more_is_false_or_the_cursor_comes_back(mode):
    pages = Pages(lambda a: page(data=[a["cursor"]], next_cursor="n", has_more=a["cursor"] != "n"))
    items = walk(pages, mode, {"cursor": "start"}, form="cursor", parameter="cursor", items=("data",), next_cursor=("next_cursor",), stop="has_more", stop_at=("has_more",))
    assert items == ["start", "n"]
    echo = Pages(lambda a: page(data=[1], next_cursor="same"))
    assert walk(echo, mode, {"cursor": "same"}, form="cursor", parameter="cursor", items=("data",), next_cursor=("next_cursor",)) == [1]
    assert len(echo.requests) == 1


@MODES
def test_page_numbers_count_up_from_the_start_until_the_total_is_reached(mode):
    pages = Pages(lambda a: page(cards=[f"p{a['page'] or 0}a", f"p{a['page'] or 0}b"], total_count=5))
    items = walk(pages, mode, {"page": None, "size": 2}, form="page", parameter="page", items=("cards",), stop="total", stop_at=("total_count",), start=0)
    assert items == ["p0a", "p0b", "p1a", "p1b", "p2a", "p2b"]
    assert [r["page"] for r in pages.requests] == [None, 1, 2]  # the first request is the call's own


@MODES
def test_page_numbers_follow_the_page_served_and_stop_after_the_last_page(mode):
    served = {None: 1, 2: 2, 3: 3}
    pages = Pages(lambda a: page(labels=[a["page"]], meta=page(current_page=float(served[a["page"]]), total_pages=3)))
    items = walk(pages, mode, {"page": None}, form="page", parameter="page", items=("labels",), served=("meta", "current_page"), stop="total_pages", stop_at=("meta", "total_pages"), start=1)
    assert items == [None, 2, 3]
    assert [r["page"] for r in pages.requests] == [None, 2, 3]
    assert all(type(r["page"]) is int for r in pages.requests[1:])  # a served 2.0 is sent as 2


@MODES
def test_a_short_page_ends_the_walk_with_the_size_asked_else_the_default(mode):
    rows = list(range(7))
    pages = Pages(lambda a: page(events=rows[(a["page"] - 1) * 3 : a["page"] * 3]))
    assert walk(pages, mode, {"page": 1, "page_size": None}, form="page", parameter="page", items=("events",), stop="short_page", start=1, size_parameter="page_size", size_default=3) == rows
    assert len(pages.requests) == 3
    asked = Pages(lambda a: page(events=rows[(a["page"] - 1) * 2 : a["page"] * 2]))
    assert walk(asked, mode, {"page": 1, "page_size": 2}, form="page", parameter="page", items=("events",), stop="short_page", start=1, size_parameter="page_size", size_default=3) == rows
    assert len(asked.requests) == 4


@MODES
def test_offsets_advance_by_the_items_received_until_the_total(mode):
    rows = list(range(5))
    pages = Pages(lambda a: page(items=rows[a["offset"] or 0 :][:2], total=5))
    assert walk(pages, mode, {"offset": None}, form="offset", parameter="offset", items=("items",), stop="total", stop_at=("total",)) == rows
    assert [r["offset"] for r in pages.requests] == [None, 2, 4]


@MODES
def test_has_more_ends_a_page_walk(mode):
    pages = Pages(lambda a: page(data=[a["page"]], pagination=page(has_more=a["page"] < 3)))
    assert walk(pages, mode, {"page": 1}, form="page", parameter="page", items=("data",), stop="has_more", stop_at=("pagination", "has_more")) == [1, 2, 3]


@MODES
def test_an_empty_page_or_the_same_page_again_ends_every_page_walk(mode):
    pages = Pages(lambda a: page(data=["same"]))  # a server that ignores the parameter
    assert walk(pages, mode, {"offset": 0}, form="offset", parameter="offset", items=("data",)) == ["same"]
    assert len(pages.requests) == 2
    empty = Pages(lambda a: page(data=None, total=None))
    assert walk(empty, mode, {"page": None}, form="page", parameter="page", items=("data",), stop="total", stop_at=("total",)) == []


def test_nothing_is_fetched_before_the_iteration_starts():
    pages = Pages(lambda a: page(data=[], next_cursor=None))
    iterator = pagination.iterate_pages(pages.fetch, {"cursor": None}, form="cursor", parameter="cursor", items=("data",), next_cursor=("next_cursor",))
    assert pages.requests == []
    assert list(iterator) == [] and len(pages.requests) == 1


@pytest.mark.parametrize(
    "arguments, paging, message",
    [({"page": 1}, {"form": "token", "parameter": "page"}, "unknown form of paging 'token'"), ({"page": 1}, {"form": "page", "parameter": "page", "stop": "never"}, "unknown stop rule of paging 'never'"), ({"page": 1}, {"form": "page", "parameter": "offset"}, "the arguments have no 'offset'")],
)
def test_a_walk_described_wrongly_is_refused(arguments, paging, message):
    with pytest.raises(ValueError, match=message):
        pagination.PageWalk(arguments, items=("data",), **paging)


def test_read_follows_attributes_and_stops_at_none():
    assert pagination.read(page(meta=page(total=3)), ("meta", "total")) == 3
    assert pagination.read(page(meta=None), ("meta", "total")) is None
    assert pagination.read("x", ()) == "x"
