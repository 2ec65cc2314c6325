"""Every bad input: one line on stderr that says how to fix it, exit 1 (2 for usage), no traceback."""

import wave

import numpy as np
import pytest

from simulator.audio import AudioClip, write_wav
from tests.conftest import run_cli


def one_line_error(res, code, needle):
    assert res.returncode == code, (res.returncode, res.stdout, res.stderr)
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert "Traceback" not in res.stderr
    assert needle.lower() in lines[0].lower(), lines[0]
    return lines[0]


def test_help_lists_commands():
    res = run_cli("--help")
    assert res.returncode == 0
    for cmd in ("transcribe", "say", "devices", "doctor"):
        assert cmd in res.stdout


def test_usage_error_exit_2():
    one_line_error(run_cli("transcribe"), 2, "required")
    one_line_error(run_cli("nonsense"), 2, "invalid choice")


def test_missing_file(tmp_path):
    one_line_error(run_cli("transcribe", str(tmp_path / "x.wav")), 1, "does not exist")


def test_not_audio(tmp_path):
    p = tmp_path / "notes.mp3"
    p.write_text("these are my notes, not audio")
    one_line_error(run_cli("transcribe", str(p)), 1, "not a readable audio file")


def test_empty_file(tmp_path):
    p = tmp_path / "empty.wav"
    p.write_bytes(b"")
    one_line_error(run_cli("transcribe", str(p)), 1, "empty")


def test_zero_length_wav(tmp_path):
    p = tmp_path / "zero.wav"
    with wave.open(str(p), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
    one_line_error(run_cli("transcribe", str(p)), 1, "no audio")


def test_silent_wav(tmp_path):
    write_wav(tmp_path / "silent.wav", AudioClip.silence(3.0))
    one_line_error(run_cli("transcribe", str(tmp_path / "silent.wav")), 1, "silent")


@pytest.mark.models
def test_quiet_noise_is_no_speech(tmp_path):
    rng = np.random.default_rng(0)
    write_wav(tmp_path / "hiss.wav", AudioClip((0.01 * rng.standard_normal(48000)).astype(np.float32), 16000))
    one_line_error(run_cli("transcribe", str(tmp_path / "hiss.wav")), 1, "no speech")


def test_unknown_model(tmp_path):
    write_wav(tmp_path / "a.wav", AudioClip.silence(1.0))
    one_line_error(run_cli("transcribe", str(tmp_path / "a.wav"), "--asr-model", "enormous-v9"), 1, "unknown whisper model")
    one_line_error(run_cli("transcribe", str(tmp_path / "a.wav"), "--asr-model", str(tmp_path)), 1, "model.bin")


def test_missing_voice(tmp_path):
    one_line_error(run_cli("say", "Hello", "--voice", str(tmp_path / "nobody.onnx"), "-o", str(tmp_path / "o.wav")),
                   1, "does not exist")
    (tmp_path / "v.onnx").write_bytes(b"x")
    one_line_error(run_cli("say", "Hello", "--voice", str(tmp_path / "v.onnx"), "-o", str(tmp_path / "o.wav")),
                   1, "no config")


def test_bad_config(tmp_path):
    (tmp_path / "c.toml").write_text("[asr]\nbeam = 3\n")
    one_line_error(run_cli("transcribe", "x.wav", "--config", str(tmp_path / "c.toml")), 2, "unknown setting")


@pytest.mark.models
def test_say_writes_a_wav(tmp_path):
    res = run_cli("say", "Tell me about yourself.", "-o", str(tmp_path / "q.wav"))
    assert res.returncode == 0, res.stderr
    from simulator.audio import read_audio

    clip = read_audio(tmp_path / "q.wav")
    assert 0.8 < clip.seconds < 4 and clip.peak() > 0.3


def test_missing_portaudio_is_named(tmp_path):
    """With PortAudio unloadable, `devices` says how to install it."""
    env_code = ("import sys, ctypes.util\n"
                "orig = ctypes.util.find_library\n"
                "ctypes.util.find_library = lambda n: None if 'portaudio' in n else orig(n)\n"
                "sys.modules.pop('sounddevice', None)\n"
                "from simulator.cli import main\n"
                "sys.exit(main(['devices']))\n")
    import subprocess
    import sys

    res = subprocess.run([sys.executable, "-c", env_code], capture_output=True, text=True)
    one_line_error(res, 1, "libportaudio2")
