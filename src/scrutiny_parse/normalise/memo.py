"""A memo for one document: pure text functions asked the same question many times.

Segmenting one document classifies the same label cell, cleans the same paragraph and
parses the same month several times over (a row is looked at as a possible header, as a
labelled line, then for its values; "March 2020" names every round of a review). The
functions decorated here are pure, so within one document the first answer serves the
rest. The memo lives only while :func:`document_scope` is open (``segment()`` opens it
for each document) and is dropped after: nothing is kept from one document to the
next, so a second document costs what the first did. Outside a scope the functions
simply run.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any, ParamSpec, TypeVar

__all__ = ["document_scope", "memoised", "memoised_by_identity"]

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

# Answers kept per document; a document past this (hundreds of thousands of distinct
# paragraphs) is simply computed afresh beyond it rather than held in memory twice.
_MAX_ENTRIES = 200_000

# Stands for "not memoised yet" (None is an answer like any other).
_MISSING: Any = object()

_memo: ContextVar[dict[Hashable, Any] | None] = ContextVar("scrutiny_parse_memo", default=None)


@contextmanager
def document_scope() -> Iterator[None]:
    """Memoise the decorated functions until the block ends (one document's work)."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def memoised(fn: Callable[P, R]) -> Callable[P, R]:
    """Memoise ``fn`` per document scope. Its arguments must be hashable and its
    results never mutated (strings, numbers, frozen dataclasses, None)."""

    @wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        memo = _memo.get()
        if memo is None:
            return fn(*args, **kwargs)
        key = (fn, args, tuple(kwargs.items())) if kwargs else (fn, args)
        result: R = memo.get(key, _MISSING)
        if result is _MISSING:
            result = fn(*args, **kwargs)
            if len(memo) < _MAX_ENTRIES:
                memo[key] = result
        return result

    return wrapper


def memoised_by_identity(fn: Callable[[T], R]) -> Callable[[T], R]:
    """Memoise a function of one object that is not hashable (a layout paragraph) by
    the object's identity, per document scope. The object is kept alive with its
    answer, so its id is not reused while the scope lasts; the layout is not edited
    while it is segmented, so the answer stays right."""

    @wraps(fn)
    def wrapper(obj: T) -> R:
        memo = _memo.get()
        if memo is None:
            return fn(obj)
        key = (fn, id(obj))
        hit = memo.get(key)
        if hit is not None:
            return hit[1]  # type: ignore[no-any-return]
        result = fn(obj)
        if len(memo) < _MAX_ENTRIES:
            memo[key] = (obj, result)
        return result

    return wrapper
