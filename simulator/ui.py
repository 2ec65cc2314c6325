"""Terminal input and output for the live interview: a level meter while listening, and keys
(Enter ends the answer; r repeat, t retry, s skip, q pause and quit). When stdin is not a terminal
(a pipe, a test), commands are read as lines: an empty line is Enter, "r", "t", "s", "q"."""

from __future__ import annotations

import os
import queue
import select
import sys
import threading
from dataclasses import dataclass, field
from typing import TextIO

KEYS = {"\n": "enter", "\r": "enter", " ": "enter", "r": "repeat", "t": "retry", "s": "skip", "p": "quit", "q": "quit"}
WORDS = {"": "enter", "enter": "enter", "r": "repeat", "repeat": "repeat", "t": "retry", "retry": "retry",
         "s": "skip", "skip": "skip", "p": "quit", "pause": "quit", "q": "quit", "quit": "quit"}
BARS = " ▁▂▃▄▅▆▇█"


@dataclass
class TerminalControls:
    """Commands from the keyboard (cbreak mode on a TTY) or from stdin lines."""

    stream: TextIO = field(default_factory=lambda: sys.stdin)
    _queue: queue.Queue[str] = field(default_factory=queue.Queue)
    _thread: threading.Thread | None = None
    _tty_state: list | None = None
    _active: threading.Event = field(default_factory=threading.Event)

    @property
    def is_tty(self) -> bool:
        try:
            return self.stream.isatty()
        except (AttributeError, ValueError):
            return False

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._read, name="keys", daemon=True)
            self._thread.start()

    def _read(self) -> None:
        try:
            fd = self.stream.fileno()
        except (AttributeError, ValueError, OSError):
            return
        while True:
            try:
                if self.is_tty:
                    if not self._active.is_set():
                        self._active.wait(0.2)
                        continue
                    ready, _, _ = select.select([fd], [], [], 0.2)
                    if not ready:
                        continue
                    ch = os.read(fd, 1).decode(errors="ignore").lower()
                    if ch in KEYS:
                        self._queue.put(KEYS[ch])
                else:
                    line = self.stream.readline()
                    if line == "":
                        return  # EOF: no more commands
                    word = line.strip().lower()
                    if word in WORDS:
                        self._queue.put(WORDS[word])
            except (OSError, ValueError):
                return

    def listening(self, on: bool) -> None:
        """Raw single keys only while listening, so Ctrl-C and typing elsewhere behave normally."""
        if not self.is_tty:
            return
        import termios
        import tty

        fd = self.stream.fileno()
        if on and self._tty_state is None:
            self._tty_state = termios.tcgetattr(fd)
            tty.setcbreak(fd)
            self._active.set()
        elif not on and self._tty_state is not None:
            self._active.clear()
            termios.tcsetattr(fd, termios.TCSADRAIN, self._tty_state)
            self._tty_state = None

    def poll(self) -> str | None:
        try:
            return self._queue.get_nowait()
        except queue.Empty:
            return None

    def clear(self) -> None:
        while self.poll() is not None:
            pass


@dataclass
class Meter:
    """A one-line live meter on a terminal; a single 'Listening' line otherwise."""

    out: TextIO = field(default_factory=lambda: sys.stdout)
    _shown: bool = False

    def start(self, label: str) -> None:
        self._shown = False
        print(f"Listening ({label}). Answer now; press Enter when you are done "
              "(r repeat, t retry, s skip, q pause and quit).", file=self.out, flush=True)

    def update(self, elapsed_s: float, level_dbfs: float, speaking: bool) -> None:
        if not self.out.isatty():
            return
        fill = max(0, min(len(BARS) - 1, int((level_dbfs + 60) / 60 * (len(BARS) - 1))))
        bar = BARS[fill] * 3
        status = "speaking" if speaking else "waiting for you"
        m, s = divmod(int(elapsed_s), 60)
        self.out.write(f"\r  {m}:{s:02d}  {bar}  {status}      ")
        self.out.flush()
        self._shown = True

    def stop(self) -> None:
        if self._shown:
            self.out.write("\r" + " " * 60 + "\r")
            self.out.flush()
