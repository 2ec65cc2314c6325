"""`mock-interview doctor`: check each thing the interview needs and say how to fix it."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass

from .errors import SimulatorError
from .settings import Settings


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


def _run(name: str, fn: Callable[[], str]) -> Check:
    try:
        return Check(name, True, fn())
    except SimulatorError as exc:
        return Check(name, False, exc.message, exc.fix or "")
    except Exception as exc:  # doctor must report, never crash
        return Check(name, False, f"{type(exc).__name__}: {exc}", "run with --debug and report it")


def run_checks(settings: Settings, mic_seconds: float = 1.5) -> list[Check]:
    from . import devices

    checks: list[Check] = []
    checks.append(Check("python", sys.version_info >= (3, 11), sys.version.split()[0],
                        "" if sys.version_info >= (3, 11) else "install Python 3.11 or newer"))

    def portaudio() -> str:
        sd = devices._sd()
        return sd.get_portaudio_version()[1]

    checks.append(_run("portaudio", portaudio))
    pa_ok = checks[-1].ok

    def device(kind: str, spec: str | None) -> Callable[[], str]:
        def check() -> str:
            idx = devices.resolve_device(spec, kind)
            info = next(d for d in devices.list_devices() if d.index == idx)
            return f"{idx}: {info.name}"
        return check

    if pa_ok:
        checks.append(_run("speaker", device("output", settings.audio.output_device)))
        checks.append(_run("microphone", device("input", settings.audio.input_device)))

    def whisper() -> str:
        from .asr import WhisperTranscriber

        t = WhisperTranscriber(settings.asr)
        return f"{t.model_id}, loaded in {t.load_seconds:.2f} s"

    def piper() -> str:
        from .tts import PiperSynthesizer

        s = PiperSynthesizer(settings.voice)
        return f"{s.voice_id}, loaded in {s.load_seconds:.2f} s"

    checks.append(_run("speech model", whisper))
    checks.append(_run("interviewer voice", piper))

    if pa_ok and checks[3].ok:
        def level() -> str:
            from .audio import dbfs

            clip = devices.record_level(settings.audio.input_device, mic_seconds)
            if clip.num_samples == 0:
                raise SimulatorError("the microphone delivered no audio",
                                     "check it is connected and not used by another program")
            peak, rms = dbfs(clip.peak()), dbfs(clip.rms())
            detail = f"{clip.seconds:.1f} s recorded, peak {peak:.0f} dBFS, level {rms:.0f} dBFS"
            if peak < -70:
                raise SimulatorError(f"{detail}: only digital silence",
                                     "unmute the microphone or raise its input volume in the system settings")
            if peak > -0.1:
                return detail + " (clipping: lower the input volume)"
            return detail + (" (quiet room; speak during the test to see your level)" if rms < -50 else "")

        checks.append(_run("microphone level", level))
    return checks
