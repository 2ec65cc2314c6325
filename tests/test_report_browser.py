"""The HTML report of a real demo session, rendered in headless Chromium (Debian's chromium and
chromium-driver): highlights and players are there, clicking a word seeks its audio, and a
screenshot is saved to artifacts/report.png for a person to look at."""

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, need

pytestmark = pytest.mark.models


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    res = subprocess.run([sys.executable, "-m", "simulator", "demo", "--fast", "--no-audio", "--home", str(home)],
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stdout + res.stderr
    res = subprocess.run([sys.executable, "-m", "simulator", "report", "--home", str(home)], capture_output=True,
                         text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    folder = next((home / "sessions").iterdir())
    return folder / "report.html"


def test_report_in_chromium(demo_report):
    need(shutil.which("chromium") is not None and shutil.which("chromedriver") is not None,
         "chromium and chromium-driver are not installed (.ci/run installs them)")
    from tests.webdriver import Chromium

    browser = Chromium(width=1000, height=1600)
    try:
        browser.open(demo_report.as_uri())
        counts = browser.run("""return {
            audio: document.querySelectorAll('audio').length,
            words: document.querySelectorAll('.w[data-t]').length,
            fillers: document.querySelectorAll('.transcript .filler').length,
            evidence: document.querySelectorAll('.transcript .ev').length,
            pauses: document.querySelectorAll('.transcript .pause').length,
            legend: document.querySelectorAll('.legend span').length,
            svg: document.querySelectorAll('svg').length};""")
        assert counts["audio"] >= 2 and counts["words"] > 50
        assert counts["fillers"] >= 1 and counts["evidence"] >= 3 and counts["pauses"] >= 1
        assert counts["legend"] >= 4 and counts["svg"] >= 2
        # every player has loaded its recording
        for _ in range(50):
            ready = browser.run("return Array.from(document.querySelectorAll('audio')).every(a => a.readyState >= 1);")
            if ready:
                break
            time.sleep(0.1)
        assert ready, "the audio players could not load their recordings"
        # click a word late in the second answer: its audio seeks there
        target = browser.run("""var ws = document.querySelectorAll('section.answer')[1].querySelectorAll('.w[data-t]');
            var w = ws[Math.floor(ws.length * 0.6)]; w.id = 'target-word'; return parseFloat(w.dataset.t);""")
        assert target > 1.0
        browser.click(browser.find("#target-word"))
        time.sleep(0.3)
        current = browser.run("return document.querySelectorAll('section.answer')[1].querySelector('audio').currentTime;")
        assert abs(current - target) < 0.6, (current, target)
        out = ROOT / "artifacts"
        out.mkdir(exist_ok=True)
        browser.run("window.scrollTo(0, 0);")
        browser.screenshot(out / "report.png")
        assert (out / "report.png").stat().st_size > 20_000
        # phone width: no horizontal scrolling
        browser._s("POST", "/window/rect", {"width": 390, "height": 844})
        overflow = browser.run("return document.documentElement.scrollWidth - document.documentElement.clientWidth;")
        assert overflow <= 2, overflow
        browser.screenshot(out / "report-phone.png")
    finally:
        browser.close()
    assert Path(out / "report.png").is_file()
