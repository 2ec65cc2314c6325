"""Errors a user can act on.

Every error the program expects carries a one-line message that says what went wrong and how
to fix it. The CLI prints it on stderr and exits 1 (2 for usage errors) with no traceback
unless ``--debug`` is given.
"""

from __future__ import annotations


class SimulatorError(Exception):
    """An expected failure with a one-line, actionable message."""

    exit_code = 1

    def __init__(self, message: str, fix: str | None = None) -> None:
        self.message = message
        self.fix = fix
        super().__init__(self.one_line())

    def one_line(self) -> str:
        text = self.message.rstrip(".")
        if self.fix:
            text += f": {self.fix.rstrip('.')}"
        return " ".join(text.split())


class UsageError(SimulatorError):
    """The command line or an argument value is wrong (exit code 2)."""

    exit_code = 2


class AudioFileError(SimulatorError):
    """An audio file cannot be read or holds no usable audio."""


class NoSpeechError(SimulatorError):
    """Audio was read but no speech was found in it."""


class ModelError(SimulatorError):
    """A speech model or voice is missing or cannot be loaded."""


class DeviceError(SimulatorError):
    """PortAudio or an audio device is missing or failed."""


class NoDeviceError(DeviceError):
    """There is no input (or output) device at all."""


class BankError(SimulatorError):
    """A question bank or persona file is malformed."""
