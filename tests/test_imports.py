"""The dependency rule: pure modules never import sounddevice, faster_whisper or piper."""

import subprocess
import sys

PURE = ["simulator.audio", "simulator.settings", "simulator.errors", "simulator.evaluation",
        "simulator.transcript_formats", "simulator.asr", "simulator.tts", "simulator.cli"]


def test_pure_modules_do_not_import_adapters():
    code = ("import sys\n" + "".join(f"import {m}\n" for m in PURE)
            + "bad = [m for m in ('sounddevice', 'faster_whisper', 'piper', 'ctranslate2', 'onnxruntime', 'tokenizers') "
              "if m in sys.modules]\nprint(','.join(bad))\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "", f"heavy modules imported at import time: {res.stdout}"
