"""Faults in the middle of an answer: Ctrl-C, the audio device disappearing, the disk filling.
What was spoken is kept and the session can be resumed."""

import json
import os
import signal
import subprocess
import threading
import time

import pytest

from simulator.audio import read_audio
from tests.conftest import IN_CI, need
from tests.test_practice_e2e import REFUND, Cli, play, spoken

pytestmark = [pytest.mark.audio, pytest.mark.models]


def session_of(home):
    folder = next((home / "sessions").iterdir())
    return folder, json.loads((folder / "session.json").read_text())


def test_ctrl_c_mid_answer_keeps_the_answer(loopback, candidate_voice, tmp_path):
    home = tmp_path / "home"
    answer = spoken(candidate_voice, REFUND)
    cli = Cli("practice", "--question", "refund-policy", "--no-audio", home=home)
    cli.wait_for("Listening (question 1 of 1)")
    player = threading.Thread(target=play, args=(answer,))
    player.start()
    time.sleep(4.0)
    cli.proc.send_signal(signal.SIGINT)
    out = cli.finish(timeout=60)
    player.join()
    assert cli.proc.returncode == 130, out
    assert "Traceback" not in out and "saved" in out and "--resume" in out
    folder, session = session_of(home)
    assert session["status"] == "interrupted"
    turn = session["turns"][-1]
    assert turn["status"] == "interrupted"
    wav = read_audio(folder / turn["audio_file"])
    assert wav.seconds >= 3.0 and wav.peak() > 0.05


def test_disk_full_mid_answer(loopback, candidate_voice, tmp_path):
    mount = tmp_path / "small"
    mount.mkdir()
    ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(mount)], capture_output=True).returncode == 0
    need(ok or not IN_CI, "mounting a small tmpfs needs root (CI runs as root)")
    if not ok:
        pytest.skip("cannot mount a tmpfs here")
    try:
        home = mount / "home"
        answer = spoken(candidate_voice, REFUND + " " + REFUND)
        cli = Cli("practice", "--question", "refund-policy", "--no-audio", home=home)
        cli.wait_for("Listening (question 1 of 1)")
        play(answer)
        out = cli.finish(timeout=60)
        assert cli.proc.returncode == 1, out
        error_lines = [line for line in out.splitlines() if line.startswith("mock-interview: error:")]
        assert len(error_lines) == 1 and "disk is full" in error_lines[0] and "Traceback" not in out, out
        folder, session = session_of(home)
        turn = session["turns"][-1]
        wav = read_audio(folder / turn["audio_file"])  # readable: the header matches what was written
        assert wav.seconds >= 3.0 and wav.peak() > 0.05
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)
    assert not os.path.ismount(mount)


def test_device_disappears_mid_answer(loopback, candidate_voice, tmp_path):
    """A second null sink is the microphone here, and it is unloaded in the middle of the answer
    (the shared sink other tests use is left alone)."""
    from simulator.audio import write_wav

    home = tmp_path / "home"
    wav_in = tmp_path / "answer.wav"
    write_wav(wav_in, spoken(candidate_voice, REFUND))
    module = subprocess.run(["pactl", "load-module", "module-null-sink", "sink_name=gone_sink"], capture_output=True,
                            text=True, check=True).stdout.strip()
    player = None
    try:
        cli = Cli("practice", "--question", "refund-policy", "--no-audio", home=home,
                  env={"PULSE_SOURCE": "gone_sink.monitor"})
        cli.wait_for("Listening (question 1 of 1)")
        player = subprocess.Popen(["paplay", "--device=gone_sink", str(wav_in)], stderr=subprocess.DEVNULL)
        time.sleep(3.0)
        subprocess.run(["pactl", "unload-module", module], check=True)
        module = ""
        out = cli.finish(timeout=60)
    finally:
        if player is not None:
            player.kill()
        if module:
            subprocess.run(["pactl", "unload-module", module], capture_output=True)
    assert cli.proc.returncode == 1, out
    error_lines = [line for line in out.splitlines() if line.startswith("mock-interview: error:")]
    assert len(error_lines) == 1 and "microphone" in error_lines[0] and "Traceback" not in out, out
    folder, session = session_of(home)
    turn = session["turns"][-1]
    assert turn["status"] == "interrupted" and session["status"] == "interrupted"
    wav = read_audio(folder / turn["audio_file"])
    assert wav.seconds >= 2.0 and wav.peak() > 0.05
