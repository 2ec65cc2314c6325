"""Handing freed native memory back to the system between answers.

CTranslate2 (Whisper) and onnxruntime (Piper, Silero) allocate from worker threads, and glibc gives
each thread its own arena that keeps freed pages for reuse. Over a long session the resident size then
swings by hundreds of megabytes although nothing is retained. ``release_free_memory`` asks glibc to
return those pages (``malloc_trim``); it is a no-op where glibc is not the allocator (macOS, Windows,
musl). Called by the interview loop before each answer, while the candidate reads the question.
"""

from __future__ import annotations

import ctypes
import sys
from functools import cache
from typing import Any


@cache
def _glibc() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim.argtypes = [ctypes.c_size_t]
        return libc
    except (OSError, AttributeError):
        return None


def release_free_memory() -> bool:
    """Return freed heap pages to the system; True when glibc did release some."""
    libc = _glibc()
    return bool(libc.malloc_trim(0)) if libc is not None else False
