"""Review, reports, attempts, progress, drill, export and delete on generated histories."""

import json
import zipfile
from datetime import datetime, timedelta

import pytest

from simulator.history import all_answers, index_path, rebuild, sync
from simulator.progress import compare, drill, previous_attempt, sparkline
from tests.conftest import run_cli
from tests.sessiongen import BANK, make_session

WEAK = "Um, I think I would, like, just try to help the customer and maybe say sorry, you know."
STRONG = ("First I would apologise for the runaround and let them explain without interrupting. I would be their single "
          "point of contact from now on and give them my direct line. Then I would dig into why it was not resolved, "
          "call them back by noon tomorrow, and fix the routing rules so it does not happen again.")
HOSTILE = 'Um, <script>alert("x")</script> <img src=x onerror=alert(1)> [link](http://evil) **bold** I would apologise.'


@pytest.fixture()
def history(tmp_path):
    home = tmp_path / "home"
    start = datetime(2026, 10, 1, 9, 0)
    for day in range(12):
        text = WEAK if day < 6 else STRONG
        make_session(home, [("transferred-caller", text), ("refund-policy", "I would explain the policy, um, um.")],
                     start + timedelta(days=day), pause_every=9 if day < 4 else 0)
    return home


def test_sessions_lists_every_session_with_figures(history):
    res = run_cli("sessions", "--home", str(history))
    assert res.returncode == 0, res.stderr
    lines = [line for line in res.stdout.splitlines() if line.startswith("2026")]
    assert len(lines) == 12 and "finished" in lines[0] and "%" in lines[0] and "wpm" in lines[0]


def test_review_recomputes_without_models_and_compares_attempts(history):
    res = run_cli("review", "--home", str(history))  # the latest session
    assert res.returncode == 0, res.stderr
    out = res.stdout
    assert "Question 1" in out and "What the interviewer listens for" in out
    assert "Against your previous attempt" in out
    assert "faster_whisper" not in out
    # the review path must not import the speech stack
    import subprocess
    import sys

    code = ("import sys; from simulator.cli import main; main(['review', '--home', sys.argv[1]]); "
            "print('LOADED' if 'faster_whisper' in sys.modules or 'piper' in sys.modules else 'CLEAN')")
    res = subprocess.run([sys.executable, "-c", code, str(history)], capture_output=True, text=True)
    assert res.stdout.strip().endswith("CLEAN"), res.stdout[-300:] + res.stderr


def test_review_and_report_read_one_session_however_long_the_history(history, monkeypatch, capsys):
    """Long use: with the index up to date, `review` and `report` open the session they show (and,
    for the latest, nothing newer), never every session in the history."""
    import simulator.store as store
    from simulator.cli import main

    sync(history)
    reads: list[str] = []
    real = store.read_session_json
    monkeypatch.setattr(store, "read_session_json", lambda path: reads.append(path.parent.name) or real(path))
    latest = sorted(p.name for p in (history / "sessions").iterdir())[-1]
    first = sorted(p.name for p in (history / "sessions").iterdir())[0]
    for args in (["review"], ["review", first], ["report", latest[:15], "--format", "md"]):
        reads.clear()
        assert main([*args, "--home", str(history)]) == 0
        assert set(reads) <= {latest, first} and len(reads) <= 2, (args, reads)
    assert "Question 1" in capsys.readouterr().out


def test_attempt_deltas(history):
    sync(history)
    rows = all_answers(history, "transferred-caller")
    assert len(rows) == 12
    weak_last, strong_first = rows[5], rows[6]
    assert previous_attempt(rows, strong_first) == weak_last
    d = compare(weak_last, strong_first)
    assert d.d_coverage > 0.3 and "ownership" in d.gained and not d.lost
    assert d.d_fillers_per_min < 0


def test_progress_and_drill(history):
    res = run_cli("progress", "--home", str(history), "--html", str(history / "progress.html"))
    assert res.returncode == 0, res.stderr
    assert "Progress over 12 session(s)" in res.stdout
    assert "rubric coverage" in res.stdout and "improving" in res.stdout
    assert any(ch in res.stdout for ch in "▁▂▃▄▅▆▇█")
    assert "<svg" in (history / "progress.html").read_text()
    res = run_cli("drill", "--home", str(history))
    assert res.returncode == 0, res.stderr
    assert "refund-policy" in res.stdout  # the weakest question in this history
    assert "mock-interview practice --question refund-policy" in res.stdout
    plan = drill(all_answers(history), BANK, 3)
    assert plan.questions[0].id == "refund-policy"
    assert any("fillers" in d for d in plan.delivery)


def test_sparkline():
    assert sparkline([0, 1, 2, 3]) == "▁▃▅█"
    assert sparkline([None, 1.0]) == " ▁"


@pytest.mark.parametrize("fmt", ["md", "json", "srt", "vtt", "html"])
def test_report_formats(history, fmt, tmp_path):
    out = tmp_path / f"r.{fmt}"
    res = run_cli("report", "--home", str(history), "--format", fmt, "-o", str(out))
    assert res.returncode == 0, res.stderr
    text = out.read_text()
    if fmt == "json":
        data = json.loads(text)
        assert data["turns"][0]["analysis"]["rubric"]["items"] and data["turns"][0]["previous_attempt"]
    elif fmt == "srt":
        assert text.startswith("1\n00:00:") and "[Q1]" in text
    elif fmt == "vtt":
        assert text.startswith("WEBVTT")
    elif fmt == "html":
        assert "<audio" in text and 'class="w filler"' in text and "data-t=" in text and "Laske" in text
        assert "http" not in text.split("<main>")[1].split("Made offline")[0].replace("&quot;", "")  # no CDN


def test_hostile_transcript_is_shown_as_text(tmp_path):
    home = tmp_path / "home"
    make_session(home, [("transferred-caller", HOSTILE)], datetime(2026, 10, 1))
    res = run_cli("report", "--home", str(home), "--format", "html", "-o", str(tmp_path / "r.html"))
    assert res.returncode == 0, res.stderr
    page = (tmp_path / "r.html").read_text()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert" in page
    assert page.count("<script>") == 1  # only the report's own click-to-seek script
    md = run_cli("report", "--home", str(home), "--format", "md").stdout
    assert "<script>" not in md and "](http" not in md and "\\<script\\>" in md


def test_index_is_rebuilt_from_the_files(history):
    sync(history)
    index_path(history).write_bytes(b"this is not a database")
    problems = rebuild(history)
    assert problems == [] and len(all_answers(history)) == 24


def test_export_and_delete(history, tmp_path):
    sid = sorted(p.name for p in (history / "sessions").iterdir())[0]
    res = run_cli("export", sid, "--home", str(history), "-o", str(tmp_path / "s.zip"))
    assert res.returncode == 0, res.stderr
    names = zipfile.ZipFile(tmp_path / "s.zip").namelist()
    assert f"{sid}/session.json" in names and any(n.endswith(".wav") for n in names)
    res = run_cli("delete", sid, "--home", str(history))
    assert res.returncode == 2 and "--yes" in res.stderr  # no silent deletion
    res = run_cli("delete", sid, "--home", str(history), "--yes")
    assert res.returncode == 0 and not (history / "sessions" / sid).exists()
    assert all(r.session_id != sid for r in all_answers(history))


def test_unknown_and_hostile_session_ids(history):
    for bad in ("nope", "../../etc", "20261001/../../x"):
        res = run_cli("review", bad, "--home", str(history))
        assert res.returncode == 2 and len(res.stderr.strip().splitlines()) == 1, res.stderr
