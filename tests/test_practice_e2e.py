"""End to end through the real CLI, real models and real sounddevice streams on the PulseAudio
null sink: the interviewer plays into the sink, the program records its monitor, and this test
plays the candidate's recorded answers into the sink when the program says it is listening."""

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from simulator.audio import AudioClip, read_audio, write_wav

pytestmark = [pytest.mark.audio, pytest.mark.models]

WEAK_TRANSFER = ("I would say sorry to the customer for all the trouble. Then I would listen to the whole story "
                 "and look at the case notes.")
FOLLOW_UP = ("I would be their single point of contact from now on, and I would give them my direct line so "
             "there are no more transfers.")
REFUND = ("I would start by saying I understand why they are disappointed. Then I would explain our refund policy "
          "honestly and the reason behind it, and offer an exchange or store credit instead. If there was a real "
          "fault with the product I would ask my manager for an exception.")


class Cli:
    def __init__(self, *args: str, home: Path, env: dict[str, str] | None = None) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "MOCK_INTERVIEW_HOME": str(home), **(env or {})}
        self.proc = subprocess.Popen([sys.executable, "-m", "simulator", *args], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1, env=env)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put("")

    def wait_for(self, needle: str, timeout: float = 120) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                continue
            self.seen.append(line)
            if needle in line:
                return line
            if line == "" and self.proc.poll() is not None:
                break
        raise AssertionError(f"never saw {needle!r}; output:\n{''.join(self.seen)[-3000:]}")

    def send(self, text: str) -> None:
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()

    def finish(self, timeout: float = 120) -> str:
        self.proc.stdin.close()
        self.proc.wait(timeout=timeout)
        while True:
            try:
                line = self.lines.get(timeout=2)
            except queue.Empty:
                break
            if line == "":
                break
            self.seen.append(line)
        return "".join(self.seen)


def spoken(synth, text: str, lead_s: float = 0.8) -> AudioClip:
    from simulator.tts import synthesize

    clip = synthesize(synth, text)
    return AudioClip.concat([AudioClip.silence(lead_s, clip.sample_rate_hz), clip])


def play(clip: AudioClip, device: str = "mock_sink") -> None:
    """Play into the sink the way a person speaks into a microphone: from outside the program, with
    PulseAudio's own client (the program under test records through its real sounddevice streams)."""
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".wav") as f:
        write_wav(f.name, clip)
        subprocess.run(["paplay", f"--device={device}", f.name], check=True, timeout=max(30.0, clip.seconds * 3))


def test_practice_session_end_to_end(loopback, candidate_voice, tmp_path):
    home = tmp_path / "home"
    cli = Cli("practice", "--question", "transferred-caller", "--question", "refund-policy", "--persona", "hr-screener",
              "--end-silence", "2.5", "--seed", "3", home=home)
    cli.wait_for("Listening (question 1 of 2)")
    play(spoken(candidate_voice, WEAK_TRANSFER))
    cli.wait_for("Listening (follow-up)")
    play(spoken(candidate_voice, FOLLOW_UP))
    cli.wait_for("Listening (question 2 of 2)")
    play(spoken(candidate_voice, REFUND))
    time.sleep(0.5)
    cli.send("")  # Enter: the candidate is done
    out = cli.finish()
    assert cli.proc.returncode == 0, out
    assert "Session saved" in out

    folder = next((home / "sessions").iterdir())
    session = json.loads((folder / "session.json").read_text())
    assert session["status"] == "finished" and session["schema_version"] == 1
    assert session["models"]["asr"].startswith("tiny.en") and "joe" in session["models"]["voice"]
    turns = [t for t in session["turns"] if t["status"] == "answered"]
    assert [(t["question_id"], t["follow_up"]) for t in turns] == [
        ("transferred-caller", 0), ("transferred-caller", 1), ("refund-policy", 0)]
    for t in turns:
        wav = read_audio(folder / t["audio_file"])
        assert wav.seconds > 3 and wav.peak() > 0.05
        assert t["transcript"]["words"] and t["analysis"]["rubric"]["items"]
        assert t["wait_for_feedback_s"] >= 0
    first = turns[0]
    assert "sorry" in first["transcript"]["text"].lower()
    missing = [i["id"] for i in first["analysis"]["rubric"]["items"] if not i["covered"]]
    assert "ownership" in missing
    from simulator.bank import load_bank

    q = load_bank(None).question("transferred-caller")
    expected = next(q.follow_up_for(m).ask for m in missing if q.follow_up_for(m))
    assert first["follow_up_asked"] == expected
    follow = turns[1]
    ownership = next(i for i in follow["analysis"]["rubric"]["items"] if i["id"] == "ownership")
    assert ownership["covered"] and "contact" in ownership["evidence"]
    assert turns[2]["ended_by"] == "enter" and turns[1]["ended_by"] == "silence"
    assert any("Listening" in line for line in cli.seen)


def test_demo_end_to_end(loopback, tmp_path):
    home = tmp_path / "home"
    res = subprocess.run([sys.executable, "-m", "simulator", "demo", "--fast", "--home", str(home)], capture_output=True,
                         text=True, timeout=600)
    assert res.returncode == 0, res.stdout + res.stderr
    folder = next((home / "sessions").iterdir())
    session = json.loads((folder / "session.json").read_text())
    assert session["status"] == "finished"
    answered = [t for t in session["turns"] if t["status"] == "answered"]
    assert len(answered) >= 2
    weak = next(t for t in answered if t["question_id"] == "process-improvement" and t["follow_up"] == 0)
    assert weak["analysis"]["timing"]["longest_pause_s"] >= 1.5
    assert any(f["kind"] == "hesitation" for f in weak["analysis"]["fillers"]["items"])
    assert any(not i["covered"] for i in weak["analysis"]["rubric"]["items"])
    assert "What the interviewer listens for" in res.stdout
    # the interviewer was played through the real speaker: first audio timings are recorded
    assert all(t["first_audio_s"] >= 0 for t in session["speech_timings"])


def test_sigkill_mid_answer_keeps_the_audio_and_resumes(loopback, candidate_voice, tmp_path):
    home = tmp_path / "home"
    long_answer = spoken(candidate_voice, REFUND + " " + REFUND)
    cli = Cli("practice", "--question", "refund-policy", "--question", "missed-kpi", "--no-audio", home=home)
    cli.wait_for("Listening (question 1 of 2)")
    listening_at = time.monotonic()
    player = threading.Thread(target=play, args=(long_answer,))
    player.start()
    time.sleep(6.0)
    os.kill(cli.proc.pid, signal.SIGKILL)
    killed_after = time.monotonic() - listening_at
    player.join()
    cli.proc.wait(timeout=10)

    folder = next((home / "sessions").iterdir())
    session = json.loads((folder / "session.json").read_text())
    turn = session["turns"][-1]
    assert turn["status"] == "recording"
    wav = read_audio(folder / turn["audio_file"])
    # what was spoken up to the kill is on disk (the header is rewritten at every flush)
    assert killed_after - 1.5 <= wav.seconds <= killed_after + 0.5, (wav.seconds, killed_after)
    assert wav.peak() > 0.05

    resumed = Cli("practice", "--resume", "--no-audio", home=home)
    resumed.wait_for(f"Session {folder.name}")
    resumed.wait_for("Listening (question 1 of 2)")
    resumed.send("q")
    out = resumed.finish()
    assert resumed.proc.returncode == 0, out
    assert "Resume it with" in out
    again = json.loads((folder / "session.json").read_text())
    assert again["status"] == "interrupted"
    assert read_audio(folder / turn["audio_file"]).num_samples == wav.num_samples  # not overwritten


def test_write_wav_helper_for_fixtures(tmp_path):
    write_wav(tmp_path / "x.wav", AudioClip.silence(0.1))
    assert (tmp_path / "x.wav").stat().st_size > 44
