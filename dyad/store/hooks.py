"""Hooks other parts of dyad attach to store operations, without the store importing them.

`on_article_delete(hook)`: when `Store.delete_article` removes an article it first deletes the
article's events, links and signature, then calls every hook with a `Transaction` and the id,
inside the same transaction, so a derived table (incidents, say) is corrected atomically with it.
A hook runs backend-neutral SQL with `?` placeholders and returns the number of rows it removed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

__all__ = ["ArticleDeleteHook", "Transaction", "article_delete_hooks", "on_article_delete"]


class Transaction(Protocol):
    """The open transaction a hook runs in; `?` placeholders on every backend."""

    backend: str

    def execute(self, sql: str, params: list[Any] | tuple = ()) -> list[tuple]: ...
    def has_table(self, name: str) -> bool: ...


ArticleDeleteHook = Callable[[Transaction, str], dict[str, int]]
_HOOKS: list[ArticleDeleteHook] = []


def on_article_delete(hook: ArticleDeleteHook) -> ArticleDeleteHook:
    """Register `hook(tx, article_id) -> {table: rows removed}`; usable as a decorator. Idempotent."""
    if hook not in _HOOKS:
        _HOOKS.append(hook)
    return hook


def article_delete_hooks() -> tuple[ArticleDeleteHook, ...]:
    return tuple(_HOOKS)
