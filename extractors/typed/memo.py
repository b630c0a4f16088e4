"""A per-process memo for pure functions of template labels (headings, levels, cadences, headers).

Why: the labels these helpers read ("Must-have technical skills", "Critical",
"Weekly", a KPI table's header) are a small vocabulary that every article of
the template repeats, while reading one costs several regex searches. Item
texts are not labels: they differ between articles and are never memoised.

The function is part of the key, so a replaced function (a planted change in
tests) never gets the old function's answers. Answers are shared between
callers, hence `label_tuple` for functions that return lists.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import lru_cache
from typing import TypeVar

T = TypeVar("T")


@lru_cache(maxsize=8192)
def label_memo(fn: Callable[..., T], *args: Hashable) -> T:
    """`fn(*args)`, computed once per process per function and arguments; keep it immutable."""
    return fn(*args)


@lru_cache(maxsize=8192)
def label_tuple(fn: Callable[..., list], *args: Hashable) -> tuple:
    """`tuple(fn(*args))`, memoised as `label_memo`: a list answer callers cannot change."""
    return tuple(fn(*args))
