"""How a resource declares its operations once for both clients.

A resource class lists its routes as :class:`Endpoint` (one request, one answer) and
:class:`ListEndpoint` (a cursor-paginated list) attributes. Read through a resource of the
blocking :class:`~auditoryx.Client`, an endpoint is a function returning the model; through
one of the :class:`~auditoryx.AsyncClient`, a coroutine function. Calls take the path's
placeholders positionally, then keyword arguments: query parameters for GET and DELETE (and
the names an endpoint lists in ``query``), the JSON body's fields otherwise — or the whole
body as ``body=`` (a model, a dict or a list). ``from_=`` stands for ``from``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast, overload

from auditoryx._http import AsyncAPI, Call, SyncAPI, adapter, fill_path, parse
from auditoryx.errors import WaitTimeout

R = TypeVar("R")
T = TypeVar("T")
C_co = TypeVar("C_co", bound=SyncAPI | AsyncAPI, covariant=True)

QUERY_METHODS = frozenset({"GET", "DELETE", "HEAD"})


class Resource(Generic[C_co]):
    """A group of operations on one kind of object, bound to a client."""

    def __init__(self, client: C_co) -> None:
        self._client = client


@dataclass(frozen=True)
class Endpoint(Generic[R]):
    """One route: ``method`` and ``path`` template, and what a success answers with
    (a model type or union, ``str`` for text, ``None`` for nothing)."""

    method: str
    path: str
    returns: Any
    query: tuple[str, ...] = ()
    fixed: tuple[tuple[str, str], ...] = ()
    content_type: str | None = None
    accept: str = "application/json"

    def call(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Call:
        """The request of one invocation."""
        idempotency_key = kwargs.pop("idempotency_key", None)
        body = kwargs.pop("body", None)
        if self.method in QUERY_METHODS:
            params, fields = kwargs, {}
        else:
            params = {k: kwargs.pop(k) for k in list(kwargs) if k.rstrip("_") in self.query}
            fields = kwargs
        if fields and body is not None:
            raise TypeError("pass the body as body= or as keyword arguments, not both")
        raw = self.content_type is not None and self.content_type != "application/json"
        return Call(
            method=self.method,
            path=fill_path(self.path, args),
            params={**params, **dict(self.fixed)},
            json=None if raw else (body if body is not None else (fields or None)),
            content=body if raw else None,
            content_type=self.content_type,
            accept=self.accept,
            idempotency_key=idempotency_key,
        )

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> Endpoint[R]: ...
    @overload
    def __get__(self, obj: Resource[SyncAPI], owner: type[Any]) -> Callable[..., R]: ...
    @overload
    def __get__(self, obj: Resource[AsyncAPI], owner: type[Any]) -> Callable[..., Awaitable[R]]: ...
    @overload
    def __get__(self, obj: Resource[Any], owner: type[Any]) -> Callable[..., Any]: ...
    def __get__(self, obj: Resource[Any] | None, owner: type[Any]) -> Any:
        if obj is None:
            return self
        client = obj._client
        if isinstance(client, AsyncAPI):

            async def invoke_async(*args: Any, **kwargs: Any) -> R:
                response = await client.send(self.call(args, kwargs))
                return cast(R, parse(response, self.returns))

            return invoke_async

        def invoke(*args: Any, **kwargs: Any) -> R:
            return cast(R, parse(client.send(self.call(args, kwargs)), self.returns))

        return invoke


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a list: its items and whether more follow."""

    data: list[T]
    has_more: bool


@dataclass(frozen=True)
class ListEndpoint(Generic[T]):
    """A cursor-paginated list route (``limit``, ``starting_after``, ``has_more``): read
    through a client, a function returning a pager that walks every page on iteration.
    ``cursor`` names the item field the next page starts after."""

    path: str
    item: Any
    cursor: str = "id"

    @property
    def method(self) -> str:
        return "GET"

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> ListEndpoint[T]: ...
    @overload
    def __get__(self, obj: Resource[SyncAPI], owner: type[Any]) -> Callable[..., SyncPager[T]]: ...
    @overload
    def __get__(
        self, obj: Resource[AsyncAPI], owner: type[Any]
    ) -> Callable[..., AsyncPager[T]]: ...
    def __get__(self, obj: Resource[Any] | None, owner: type[Any]) -> Any:
        if obj is None:
            return self
        client = obj._client
        if isinstance(client, AsyncAPI):
            return lambda *args, **params: AsyncPager(client, self, args, params)
        return lambda *args, **params: SyncPager(client, self, args, params)

    def page_call(self, args: tuple[Any, ...], params: dict[str, Any], after: Any) -> Call:
        query = dict(params)
        if after is not None:
            query["starting_after"] = after
        return Call(method="GET", path=fill_path(self.path, args), params=query)

    def page(self, payload: Any) -> Page[T]:
        return Page(data=parse_items(payload, self.item), has_more=bool(payload.get("has_more")))


def parse_items(payload: Any, item: Any) -> list[Any]:
    return list(adapter(list[item]).validate_python(payload.get("data", [])))


class SyncPager(Generic[T]):
    """Every item of a list, fetched a page at a time as iteration reaches it."""

    def __init__(
        self,
        client: SyncAPI,
        endpoint: ListEndpoint[T],
        args: tuple[Any, ...],
        params: dict[str, Any],
    ) -> None:
        self._client, self._endpoint, self._args, self._params = client, endpoint, args, params

    def first_page(self) -> Page[T]:
        return next(self.pages())

    def pages(self) -> Iterator[Page[T]]:
        params = dict(self._params)
        after = params.pop("starting_after", None)
        while True:
            response = self._client.send(self._endpoint.page_call(self._args, params, after))
            page = self._endpoint.page(response.json())
            yield page
            if not page.has_more or not page.data:
                return
            after = getattr(page.data[-1], self._endpoint.cursor)

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page.data


class AsyncPager(Generic[T]):
    """Every item of a list, for ``async for``, fetched a page at a time."""

    def __init__(
        self,
        client: AsyncAPI,
        endpoint: ListEndpoint[T],
        args: tuple[Any, ...],
        params: dict[str, Any],
    ) -> None:
        self._client, self._endpoint, self._args, self._params = client, endpoint, args, params

    async def first_page(self) -> Page[T]:
        async for page in self.pages():
            return page
        raise AssertionError("pages() yields at least one page")  # pragma: no cover

    async def pages(self) -> AsyncIterator[Page[T]]:
        params = dict(self._params)
        after = params.pop("starting_after", None)
        while True:
            call = self._endpoint.page_call(self._args, params, after)
            page = self._endpoint.page((await self._client.send(call)).json())
            yield page
            if not page.has_more or not page.data:
                return
            after = getattr(page.data[-1], self._endpoint.cursor)

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.data:
                yield item

    async def to_list(self) -> list[T]:
        return [item async for item in self]


@dataclass(frozen=True, slots=True)
class Backoff:
    """How a ``wait`` helper polls: from ``interval`` seconds, growing by half each time up
    to ``max_interval``, for at most ``timeout`` seconds."""

    timeout: float = 300.0
    interval: float = 0.5
    max_interval: float = 5.0

    def delays(self) -> Iterator[float]:
        delay = self.interval
        while True:
            yield delay
            delay = min(self.max_interval, delay * 1.5)


def poll(
    client: SyncAPI | AsyncAPI,
    fetch: Callable[[], Any],
    done: Callable[[Any], bool],
    backoff: Backoff,
    what: str,
) -> Any:
    """``fetch()`` until ``done`` holds of its value (returned), or :class:`WaitTimeout`.
    For the async client this returns the coroutine that does it."""
    if isinstance(client, AsyncAPI):
        return _poll_async(fetch, done, backoff, what)
    deadline = time.monotonic() + backoff.timeout
    for delay in backoff.delays():
        value = fetch()
        if done(value):
            return value
        if time.monotonic() + delay > deadline:
            raise WaitTimeout(f"{what} not finished after {backoff.timeout:g} s", value)
        time.sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover


async def _poll_async(
    fetch: Callable[[], Awaitable[Any]], done: Callable[[Any], bool], backoff: Backoff, what: str
) -> Any:
    deadline = time.monotonic() + backoff.timeout
    for delay in backoff.delays():
        value = await fetch()
        if done(value):
            return value
        if time.monotonic() + delay > deadline:
            raise WaitTimeout(f"{what} not finished after {backoff.timeout:g} s", value)
        await asyncio.sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover
