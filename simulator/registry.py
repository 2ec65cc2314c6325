"""Writers by name, after openai/whisper's ``get_writer``: one decorator fills one table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

F = TypeVar("F", bound=Callable[..., str])


class Registry(Generic[F]):
    def __init__(self) -> None:
        self.items: dict[str, F] = {}

    def __call__(self, name: str) -> Callable[[F], F]:
        def register(fn: F) -> F:
            self.items[name] = fn
            return fn
        return register
