"""No network at run time: a full demo session (bundled models, transcription, analysis, report)
runs with every internet socket forbidden, and nothing even tries to open one."""

import subprocess
import sys

import pytest

pytestmark = pytest.mark.models

GUARD = r"""
import socket, sys
attempts = []
_real = socket.socket
class Guarded(_real):
    def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
        if family in (socket.AF_INET, socket.AF_INET6):
            attempts.append(("socket", family))
            raise OSError("network forbidden by test")
        super().__init__(family, type, proto, fileno)
def forbidden(name):
    def f(*a, **k):
        attempts.append((name, a[:1]))
        raise OSError("network forbidden by test")
    return f
socket.socket = Guarded
socket.create_connection = forbidden("create_connection")
socket.getaddrinfo = forbidden("getaddrinfo")
from simulator.cli import main
code = main(["demo", "--fast", "--no-audio", "--home", sys.argv[1]])
code = code or main(["report", "--home", sys.argv[1]])
print("NETWORK_ATTEMPTS", attempts)
sys.exit(code)
"""


def test_demo_session_makes_no_network_connection(tmp_path):
    res = subprocess.run([sys.executable, "-c", GUARD, str(tmp_path / "home")], capture_output=True, text=True,
                         timeout=600, env={"HF_HUB_OFFLINE": "0", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
    assert "NETWORK_ATTEMPTS []" in res.stdout, res.stdout[-500:]
    assert (next((tmp_path / "home" / "sessions").iterdir()) / "report.html").is_file()
