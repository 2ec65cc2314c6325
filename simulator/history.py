"""The history index: an SQLite file next to the sessions (HOME/history.sqlite) for fast progress,
attempt comparison and drills. The session JSON files stay the source of truth: the index is
refreshed from them whenever one changed, and can be deleted and rebuilt at any time."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .analysis import AnalysisSettings
from .errors import SimulatorError
from .review import SessionView, load_session_view
from .store import SessionStore, sessions_dir

INDEX_VERSION = 1
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY, created TEXT, bank_id TEXT, persona_id TEXT, mode TEXT, status TEXT,
  answered INTEGER, mtime REAL);
CREATE TABLE IF NOT EXISTS answers (
  session_id TEXT, key TEXT, question_id TEXT, kind TEXT, tags TEXT, follow_up INTEGER, attempt INTEGER,
  started TEXT, speaking_s REAL, wpm REAL, fillers INTEGER, fillers_per_min REAL, coverage REAL,
  covered TEXT, missed TEXT, longest_pause_s REAL, long_pauses INTEGER, hedges INTEGER, star_parts INTEGER,
  quantified INTEGER, target_lo REAL, target_hi REAL,
  PRIMARY KEY (session_id, key));
CREATE INDEX IF NOT EXISTS answers_question ON answers (question_id, started);
"""


@dataclass(frozen=True)
class AnswerRow:
    session_id: str
    key: str
    question_id: str
    kind: str
    tags: tuple[str, ...]
    follow_up: int
    attempt: int
    started: str
    speaking_s: float | None
    wpm: float | None
    fillers: int
    fillers_per_min: float | None
    coverage: float | None
    covered: tuple[str, ...]
    missed: tuple[str, ...]
    longest_pause_s: float | None
    long_pauses: int
    hedges: int
    star_parts: int | None
    quantified: bool
    target_s: tuple[float, float] | None


def index_path(home: Path) -> Path:
    return home / "history.sqlite"


@contextmanager
def connect(home: Path) -> Iterator[sqlite3.Connection]:
    path = index_path(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = sqlite3.connect(path)
        con.executescript(SCHEMA)
        version = con.execute("SELECT value FROM meta WHERE key='version'").fetchone()
        if version is None or int(version[0]) != INDEX_VERSION:
            con.executescript("DELETE FROM answers; DELETE FROM sessions;")
            con.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (str(INDEX_VERSION),))
    except sqlite3.DatabaseError:
        path.unlink(missing_ok=True)  # a damaged index is rebuilt from the session files
        con = sqlite3.connect(path)
        con.executescript(SCHEMA)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (str(INDEX_VERSION),))
    try:
        yield con
        con.commit()
    finally:
        con.close()


def answer_rows(view: SessionView) -> list[tuple[Any, ...]]:
    rows = []
    for t in view.answers:
        a = t.analysis
        assert a is not None
        timing = a.timing
        rubric = a.rubric
        long_pauses = sum(1 for p in timing.pauses if p.duration_s >= AnalysisSettings().long_pause_s) if timing else 0
        star_parts = None
        if a.star is not None:
            star_parts = sum(getattr(a.star, k).present for k in ("situation", "task", "action", "result"))
        target = t.question.target_s
        rows.append((
            view.id, t.key, t.question.id, t.question.kind, json.dumps(list(t.question.tags)), t.follow_up, t.attempt,
            t.started or view.created, timing.speaking_s if timing else None, timing.wpm if timing else None,
            a.fillers.count, a.fillers.per_minute, rubric.coverage if rubric else None,
            json.dumps([p.id for p in rubric.items if p.covered] if rubric else []),
            json.dumps([p.id for p in rubric.items if not p.covered] if rubric else []),
            timing.longest_pause_s if timing else None, long_pauses, len(a.language.hedges), star_parts,
            int(bool(a.star and a.star.quantified_result.present)),
            target[0] if target else None, target[1] if target else None,
        ))
    return rows


def sync(home: Path, force: bool = False) -> list[str]:
    """Bring the index up to date with the session files; returns problems met (damaged sessions)."""
    problems: list[str] = []
    root = sessions_dir(home)
    folders = {p.name: p for p in root.iterdir() if p.is_dir()} if root.is_dir() else {}
    with connect(home) as con:
        known = {sid: mtime for sid, mtime in con.execute("SELECT id, mtime FROM sessions")}
        for gone in set(known) - set(folders):
            con.execute("DELETE FROM answers WHERE session_id=?", (gone,))
            con.execute("DELETE FROM sessions WHERE id=?", (gone,))
        for sid, folder in sorted(folders.items()):
            json_path = folder / "session.json"
            mtime = json_path.stat().st_mtime if json_path.is_file() else -1.0
            if not force and known.get(sid) == mtime:
                continue
            con.execute("DELETE FROM answers WHERE session_id=?", (sid,))
            con.execute("DELETE FROM sessions WHERE id=?", (sid,))
            try:
                store = SessionStore.open(home, sid)
                view = load_session_view(store)
            except SimulatorError as exc:
                problems.append(f"{sid}: {exc.one_line()}")
                continue
            con.execute("INSERT INTO sessions VALUES (?,?,?,?,?,?,?,?)",
                        (sid, view.created, view.bank.id, view.persona_id, view.mode, view.status,
                         len(view.answers), mtime))
            con.executemany(f"INSERT INTO answers VALUES ({','.join('?' * 22)})", answer_rows(view))
    return problems


def rebuild(home: Path) -> list[str]:
    index_path(home).unlink(missing_ok=True)
    return sync(home, force=True)


def all_answers(home: Path, question_id: str | None = None) -> list[AnswerRow]:
    query = "SELECT * FROM answers" + (" WHERE question_id=?" if question_id else "") + " ORDER BY started, session_id, key"
    with connect(home) as con:
        cur = con.execute(query, (question_id,) if question_id else ())
        out = []
        for r in cur.fetchall():
            out.append(AnswerRow(
                session_id=r[0], key=r[1], question_id=r[2], kind=r[3], tags=tuple(json.loads(r[4] or "[]")),
                follow_up=r[5], attempt=r[6], started=r[7], speaking_s=r[8], wpm=r[9], fillers=r[10],
                fillers_per_min=r[11], coverage=r[12], covered=tuple(json.loads(r[13] or "[]")),
                missed=tuple(json.loads(r[14] or "[]")), longest_pause_s=r[15], long_pauses=r[16], hedges=r[17],
                star_parts=r[18], quantified=bool(r[19]), target_s=(r[20], r[21]) if r[20] is not None else None))
        return out


def sessions_summary(home: Path) -> list[dict[str, Any]]:
    with connect(home) as con:
        rows = con.execute("""
            SELECT s.id, s.created, s.bank_id, s.persona_id, s.mode, s.status, s.answered,
                   AVG(a.coverage), AVG(a.wpm), AVG(a.fillers_per_min), MAX(a.longest_pause_s), COUNT(DISTINCT a.question_id)
            FROM sessions s LEFT JOIN answers a ON a.session_id = s.id AND a.follow_up = 0
            GROUP BY s.id ORDER BY s.created, s.id""").fetchall()
    keys = ("id", "created", "bank", "persona", "mode", "status", "answers", "coverage", "wpm", "fillers_per_min",
            "longest_pause_s", "questions")
    return [dict(zip(keys, r, strict=True)) for r in rows]
