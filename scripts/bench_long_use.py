#!/usr/bin/env python3
"""Long use: are the commands still responsive with 100 sessions in the history, and does a
60-minute practice session keep its memory flat?

    .venv/bin/python scripts/bench_long_use.py [--sessions 100] [--minutes 60] [--runs 3]

Part 1 builds a history of N sessions (5 answers each, words, analysis and a WAV per answer,
written through the session store) and times `sessions`, `progress`, `drill`, `review` and
`report` as a user would run them (a new process each time), at 10 sessions and at N.
Part 2 runs one practice session of about M minutes of answers through the real interview loop:
Whisper transcription on streamed stretches, analysis, session saves, with the simulated candidate
of `demo` in place of a microphone (its answers synthesized beforehand in a child process, so its
voice does not count), the interviewer speaking through the real speaker, and samples the
process's resident memory before every answer. Needs a sound server (source scripts/null-sink.sh).
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def status_mb(field: str) -> float:
    """VmRSS (now) or VmHWM (peak) of this process. Not ru_maxrss: it carries a parent's peak over fork."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def rss_mb() -> float:
    return status_mb("VmRSS")


# one CLI command in its own interpreter, reporting its own peak memory on stderr
CLI = ("import sys\nfrom pathlib import Path\nfrom simulator.cli import main\nrc = main(sys.argv[1:])\n"
       "hwm = [l for l in Path('/proc/self/status').read_text().splitlines() if l.startswith('VmHWM')]\n"
       "sys.stderr.write(f'PEAK_KB {hwm[0].split()[1]}\\n')\nsys.exit(rc)")


def build_history(home: Path, n: int) -> None:
    from tests.sessiongen import BANK, make_session

    scenario = [q for q in BANK.questions if q.strong_answer and q.weak_answer]
    start = datetime(2026, 1, 1, 9, 0)
    for i in range(n):
        picks = [scenario[(i * 5 + k) % len(scenario)] for k in range(5)]
        answers = [(q.id, q.strong_answer if (i + k) % 3 else q.weak_answer) for k, q in enumerate(picks)]
        make_session(home, answers, start + timedelta(hours=7 * i), pause_every=11 if i % 4 == 0 else 0)


def time_command(home: Path, args: list[str], runs: int) -> tuple[float, float]:
    """Median wall time and the peak memory of one command run as its own process."""
    times = []
    peak = 0.0
    for _ in range(runs):
        t0 = time.perf_counter()
        res = subprocess.run([sys.executable, "-c", CLI, *args, "--home", str(home)], capture_output=True, text=True)
        times.append(time.perf_counter() - t0)
        if res.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed: {res.stderr.strip()}")
        peak = max(peak, int(res.stderr.rsplit("PEAK_KB ", 1)[1].split()[0]) / 1024)
    return statistics.median(times), peak


def part_history(n: int, runs: int) -> None:
    from simulator.store import session_ids

    print(f"== history: commands at 10 and at {n} sessions (median of {runs} runs, each a new process)")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in (10, n):
            home = Path(tmp) / f"h{size}"
            t0 = time.perf_counter()
            build_history(home, size)
            print(f"  built {size} sessions in {time.perf_counter() - t0:.1f} s")
            latest = session_ids(home)[-1]
            commands = {"sessions": ["sessions"], "progress": ["progress"], "drill": ["drill"],
                        "review (latest)": ["review", latest],
                        "report html (latest)": ["report", latest, "--format", "html", "-o", str(Path(tmp) / "r.html")]}
            # the first run after the files appear also builds the SQLite index
            first, _ = time_command(home, ["sessions"], 1)
            rows.append((size, "sessions (first run: builds the index)", first, 0.0))
            for name, args in commands.items():
                median, peak = time_command(home, args, runs)
                rows.append((size, name, median, peak))
    for size, name, median, peak in rows:
        mem = f"{peak:5.0f} MB" if peak else ""
        print(f"  {size:4d} sessions  {name:40s} {median:6.2f} s  {mem}")


def candidate_answers(ids: tuple[str, ...], folder: str) -> dict[str, str]:
    """In a child process: the simulated candidate's strong answer and follow-up answer to each
    question, as WAV files ("question-id/follow-up" -> path). Its Piper voice synthesizing two-minute
    answers is not part of a practice session, so it must not count in the session's memory."""
    from simulator.audio import write_wav
    from simulator.bank import load_bank
    from simulator.practice import candidate_answer, candidate_voice
    from simulator.settings import VoiceSettings

    bank = load_bank(None)
    candidate = candidate_voice(VoiceSettings())
    out = {}
    for qid in ids:
        for follow_up in (0, 1):
            path = Path(folder) / f"{qid}-{follow_up}.wav"
            write_wav(path, candidate_answer(bank.question(qid), True, follow_up, candidate))
            out[f"{qid}/{follow_up}"] = str(path)
    return out


def part_session(minutes: float) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from simulator.audio import AudioClip, read_audio
    from simulator.bank import load_bank
    from simulator.dialogue import Listen
    from simulator.fakes import ScriptedMicrophone
    from simulator.practice import PracticeOptions, _NoKeys, run_practice
    from simulator.settings import resolve

    print(f"== one practice session with about {minutes:.0f} minutes of answers (real Whisper, streamed stretches)")
    n = max(1, round(minutes * 60 / 110))
    ids = tuple(q.id for q in load_bank(None).questions if q.strong_answer)[:n]
    with tempfile.TemporaryDirectory() as tmp:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as child:
            answer_files = child.submit(candidate_answers, ids, tmp).result()
        settings = resolve(home=Path(tmp) / "home")
        mic = ScriptedMicrophone(sample_rate_hz=settings.audio.sample_rate_hz, pace=0.0)
        samples: list[tuple[int, float, float]] = []
        spoken = [0.0]
        t_start = time.perf_counter()

        def before_listen(action: Listen) -> None:
            samples.append((len(samples) + 1, spoken[0] / 60, rss_mb()))
            one = read_audio(answer_files[f"{action.question.id}/{min(action.follow_up, 1)}"])
            # two takes back to back: answers of one and a half to two minutes, like a long story.
            # Not kept: the benchmark must hold no more audio than the session does.
            answer = AudioClip.concat([one, AudioClip.silence(1.0, one.sample_rate_hz), one])
            mic.queue_answer(answer)
            spoken[0] += answer.seconds

        opts = PracticeOptions(question_ids=ids, persona="warm-coach", mode="coach", end_silence_s=1.5, seed=3,
                               no_audio=True)
        # the interviewer speaks through the real speaker, as in a session (none: the questions are shown)
        run_practice(settings, opts, source=mic, controls=_NoKeys(), before_listen=before_listen, out=io.StringIO(),
                     speak=True)
        samples.append((len(samples) + 1, spoken[0] / 60, rss_mb()))
        wall = time.perf_counter() - t_start
    print(f"  {len(samples) - 1} answers, {spoken[0] / 60:.1f} minutes of answer audio, processed in {wall / 60:.1f} min")
    step = max(1, len(samples) // 8)
    for i, minute, mb in samples[::step] + ([samples[-1]] if (len(samples) - 1) % step else []):
        print(f"  after answer {i - 1:3d} ({minute:5.1f} min spoken): resident memory {mb:6.0f} MB")
    later = [mb for _, minute, mb in samples[:-1] if minute >= 5]  # before each answer, from minute 5
    if later:
        print(f"  before each answer from minute 5 on: first {later[0]:.0f} MB, last {later[-1]:.0f} MB, "
              f"lowest {min(later):.0f} MB, highest {max(later):.0f} MB; after the session {samples[-1][2]:.0f} MB; "
              f"peak (VmHWM) {status_mb('VmHWM'):.0f} MB")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sessions", type=int, default=100)
    p.add_argument("--minutes", type=float, default=60.0)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--skip-session", action="store_true", help="only the history part")
    p.add_argument("--skip-history", action="store_true", help="only the long session")
    a = p.parse_args()
    if not a.skip_history:
        part_history(a.sessions, a.runs)
    if not a.skip_session:
        part_session(a.minutes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
