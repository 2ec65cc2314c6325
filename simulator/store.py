"""Sessions on disk: plain files the user owns.

    HOME/sessions/<id>/session.json      facts: settings, model and voice ids, per turn the words with
                                         timings, voice activity, analysis and turn timings
    HOME/sessions/<id>/answers/*.wav     16-bit mono, written as the audio arrives

``session.json`` is replaced atomically (temp file, fsync, rename) after every change, and answer
WAVs have their header rewritten on every flush, so a crash, SIGKILL or Ctrl-C never loses an
answer already spoken: at worst the last fraction of a second.
"""

from __future__ import annotations

import json
import os
import re
import struct
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from .audio import pcm16_bytes
from .errors import SimulatorError, UsageError

SCHEMA_VERSION = 1
SESSION_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,80}$")


class SessionError(SimulatorError):
    """A session folder or file is missing or damaged."""


def atomic_write_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise SessionError(f"could not save {path} ({exc.strerror or exc})",
                           "free some disk space or choose another --home; nothing saved earlier was lost") from exc


class WavAppender:
    """A mono 16-bit WAV that is valid on disk after every ``flush``: frames are appended and the
    RIFF/data sizes in the header are rewritten, so a killed process leaves a readable file."""

    def __init__(self, path: Path, sample_rate_hz: int, flush_every_s: float = 0.5) -> None:
        self.path = path
        self.sample_rate_hz = sample_rate_hz
        self.frames = 0
        self._pending = 0
        self._flush_every = int(flush_every_s * sample_rate_hz)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._f = open(path, "wb")  # noqa: SIM115 - closed in close()
        self._f.write(self._header(0))
        self._f.flush()

    def _header(self, data_bytes: int) -> bytes:
        rate = self.sample_rate_hz
        return (b"RIFF" + struct.pack("<I", 36 + data_bytes) + b"WAVE" + b"fmt "
                + struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16) + b"data" + struct.pack("<I", data_bytes))

    @property
    def seconds(self) -> float:
        return self.frames / self.sample_rate_hz

    def write(self, samples: np.ndarray) -> None:
        if self._f.closed:
            return
        self._f.write(pcm16_bytes(samples))
        self.frames += len(samples)
        self._pending += len(samples)
        if self._pending >= self._flush_every:
            self.flush()

    def flush(self) -> None:
        if self._f.closed:
            return
        self._f.flush()
        end = self._f.tell()
        self._f.seek(0)
        self._f.write(self._header(self.frames * 2))
        self._f.seek(end)
        self._f.flush()
        os.fsync(self._f.fileno())
        self._pending = 0

    def close(self) -> None:
        if not self._f.closed:
            self.flush()
            self._f.close()


def new_session_id(bank_id: str, now: datetime | None = None) -> str:
    now = now or datetime.now()
    return f"{now:%Y%m%d-%H%M%S}-{bank_id}"[:80]


def sessions_dir(home: Path) -> Path:
    return home / "sessions"


def session_path(home: Path, session_id: str) -> Path:
    """The folder of a session; refuses ids that would reach outside the data folder."""
    if not SESSION_ID_RE.match(session_id) or ".." in session_id:
        raise UsageError(f"'{session_id}' is not a session id", "list them with: mock-interview sessions")
    path = sessions_dir(home) / session_id
    if path.resolve().parent != sessions_dir(home).resolve():
        raise UsageError(f"'{session_id}' is outside the data folder", "list sessions with: mock-interview sessions")
    return path


@dataclass
class SessionStore:
    """One session's folder. ``data`` is the JSON document; ``save()`` writes it atomically."""

    folder: Path
    data: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.data["id"])

    @property
    def json_path(self) -> Path:
        return self.folder / "session.json"

    @staticmethod
    def create(home: Path, session_id: str, header: dict[str, Any]) -> SessionStore:
        folder = session_path(home, session_id)
        n = 1
        while folder.exists():
            n += 1
            folder = session_path(home, f"{session_id}-{n}")
        try:
            (folder / "answers").mkdir(parents=True)
        except OSError as exc:
            raise SessionError(f"could not create the session folder {folder} ({exc.strerror or exc})",
                               "check --home points to a writable folder with free space") from exc
        data = {"schema_version": SCHEMA_VERSION, "id": folder.name,
                "created": datetime.now().isoformat(timespec="seconds"), "status": "in_progress",
                **header, "turns": []}
        store = SessionStore(folder, data)
        store.save()
        return store

    @staticmethod
    def open(home: Path, session_id: str) -> SessionStore:
        folder = session_path(home, session_id)
        return SessionStore(folder, read_session_json(folder / "session.json"))

    def answer_path(self, question_index: int, question_id: str, attempt: int, follow_up: int = 0) -> Path:
        suffix = f"-f{follow_up}" if follow_up else ""
        return self.folder / "answers" / f"q{question_index:02d}-{question_id}-a{attempt}{suffix}.wav"

    def add_turn(self, turn: dict[str, Any]) -> None:
        self.data["turns"].append(turn)
        self.save()

    def update_turn(self, turn: dict[str, Any]) -> None:
        """Replace the turn with the same ``key``."""
        for i, t in enumerate(self.data["turns"]):
            if t.get("key") == turn.get("key"):
                self.data["turns"][i] = turn
                break
        else:
            self.data["turns"].append(turn)
        self.save()

    def set_status(self, status: str) -> None:
        self.data["status"] = status
        self.data["updated"] = datetime.now().isoformat(timespec="seconds")
        self.save()

    def save(self) -> None:
        self.data["updated"] = datetime.now().isoformat(timespec="seconds")
        atomic_write_text(self.json_path, json.dumps(self.data, indent=1, ensure_ascii=False))


def read_session_json(path: Path) -> dict[str, Any]:
    if not path.parent.is_dir():
        raise UsageError(f"no session '{path.parent.name}'", "list them with: mock-interview sessions")
    if not path.is_file():
        raise SessionError(f"session {path.parent.name} has no session.json",
                           "its answers are still in the answers/ folder; start a new session")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SessionError(f"{path} is damaged ({exc.__class__.__name__})",
                           "its answer recordings in answers/ are intact; restore the file or start a new session") from exc
    if not isinstance(data, dict) or "turns" not in data or not isinstance(data["turns"], list):
        raise SessionError(f"{path} is not a mock-interview session", "restore the file or start a new session")
    if int(data.get("schema_version", 0)) > SCHEMA_VERSION:
        raise SessionError(f"{path} was written by a newer mock-interview (schema {data.get('schema_version')})",
                           "upgrade mock-interview to read it")
    return data


def session_ids(home: Path) -> list[str]:
    """Every session folder's name, oldest first (ids start with the date and time), without reading them."""
    root = sessions_dir(home)
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir())


def latest_unfinished(home: Path) -> str | None:
    for sid in reversed(session_ids(home)):
        try:
            status = read_session_json(sessions_dir(home) / sid / "session.json").get("status")
        except SimulatorError:
            continue  # damaged: not resumable
        if status in ("in_progress", "interrupted"):
            return sid
    return None


def now_s() -> float:
    return time.monotonic()
