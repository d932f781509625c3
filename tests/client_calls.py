"""Calls on a generated client, sync or async alike, and what a recorded request asked."""

from __future__ import annotations

import asyncio
import inspect
from typing import Any, Callable

from http_server import RecordedRequest


def collect(mode: str, make_client: Callable[[bool], Any], action: Callable[[Any], Any]) -> Any:
    """`action(client)` with a sync or async client; iterators collected into lists."""
    if mode == "sync":
        with make_client(False) as client:
            result = action(client)
            return list(result) if inspect.isgenerator(result) or hasattr(result, "__next__") else result

    async def run() -> Any:
        async with make_client(True) as client:
            result = action(client)
            if inspect.isawaitable(result):
                return await result
            return [item async for item in result] if hasattr(result, "__aiter__") else result

    return asyncio.run(run())


def query(request: RecordedRequest, name: str) -> str | None:
    return dict(request.query).get(name)
