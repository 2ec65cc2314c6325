"""Shared fixtures. Real models load once per session; real audio needs a sound server
(PulseAudio null sink in CI: see scripts/null-sink.sh). In CI nothing real may be skipped."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPEECH = ROOT.parent / "shared" / "speech"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def need(condition: bool, why: str) -> None:
    """Skip on a developer machine, fail in CI: CI must exercise everything."""
    if not condition:
        if IN_CI:
            pytest.fail(f"CI must be able to run this test: {why}")
        pytest.skip(why)


@pytest.fixture(scope="session")
def speech_dir() -> Path:
    need((SPEECH / "fillers" / "references.tsv").is_file(), f"real recordings not found at {SPEECH}")
    return SPEECH


@pytest.fixture(scope="session")
def filler_references(speech_dir: Path) -> list[dict[str, str]]:
    with open(speech_dir / "fillers" / "references.tsv", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


@pytest.fixture(scope="session")
def transcriber():
    from simulator.asr import WhisperTranscriber

    return WhisperTranscriber()


@pytest.fixture(scope="session")
def synth():
    from simulator.tts import PiperSynthesizer

    return PiperSynthesizer()


@pytest.fixture(scope="session")
def candidate_voice():
    """A second speaking rate for the simulated candidate."""
    import dataclasses

    from simulator.settings import VoiceSettings
    from simulator.tts import PiperSynthesizer

    return PiperSynthesizer(dataclasses.replace(VoiceSettings(), length_scale=1.2))


@pytest.fixture(scope="session")
def filler_transcripts(transcriber, speech_dir, filler_references):
    """The whole real filler set transcribed once, shared by every test that scores it."""
    from simulator.audio import read_audio

    out = {}
    for row in filler_references:
        out[row["file"]] = transcriber.transcribe(read_audio(speech_dir / "fillers" / row["file"]))
    return out


def sound_server_ok() -> bool:
    if not shutil.which("pactl"):
        return False
    return subprocess.run(["pactl", "info"], capture_output=True).returncode == 0


@pytest.fixture(scope="session")
def loopback() -> None:
    """A null sink whose monitor is the default microphone (started by scripts/null-sink.sh)."""
    need(sound_server_ok(), "no PulseAudio server: source scripts/null-sink.sh first")
    out = subprocess.run(["pactl", "get-default-source"], capture_output=True, text=True).stdout.strip()
    need(out.endswith(".monitor"), "default source is not a sink monitor: source scripts/null-sink.sh")


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 600, **kw):
    """The real entry point, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "simulator", *args], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})}, **kw)
