import pytest

from simulator.analysis.fillers import analyze_fillers, band_for, find_fillers, load_spec
from simulator.analysis.text import tokens_from_words, words_from_text


def fillers(text):
    return [f.text.lower() for f in find_fillers(tokens_from_words(words_from_text(text)))]


@pytest.mark.parametrize("text,expected", [
    ("I like my team.", []),
    ("We would like to fix it so that it never happens.", []),
    ("So, um, I would, like, call her back, you know, so that she knows.", ["so", "um", "like", "you know"]),
    ("What kind of training do you know about?", []),
    ("It was like twenty calls a day. I mean, it was basically chaos.", ["like", "i mean", "basically"]),
    ("I think so. So I called him.", ["so"]),
    ("Do you know what I mean?", []),
    ("It looks like a routing problem, things like that.", []),
    ("Uh, I was kind of nervous, uh, honestly.", ["uh", "kind of", "uh"]),
    ("There were so many tickets.", []),
])
def test_context_rules(text, expected):
    assert fillers(text) == expected


def test_rates_and_bands():
    words = words_from_text("um " * 6 + "I called the customer back")
    f = analyze_fillers(words, speaking_s=60.0)
    assert f.count == 6 and f.per_minute == pytest.approx(6.0) and f.band == "noticeable"
    assert band_for(5.0) == "ok" and band_for(12.0) == "high"
    assert "Laske" in __import__("simulator.analysis.fillers", fromlist=["BAND_SOURCE"]).BAND_SOURCE


def test_the_list_is_editable(tmp_path):
    p = tmp_path / "f.yaml"
    p.write_text("hesitations: [um]\nlexical:\n  - {phrase: right, rule: always}\n")
    spec = load_spec(p)
    found = find_fillers(tokens_from_words(words_from_text("um right uh")), spec)
    assert [f.text for f in found] == ["um", "right"]
    p.write_text("hesitations: [um]\nlexical:\n  - {phrase: right, rule: sometimes}\n")
    with pytest.raises(Exception, match="unknown rule 'sometimes'"):
        load_spec(p)


def test_shipped_list_loads():
    spec = load_spec()
    assert "um" in spec.hesitations and any(p == ("you", "know") for p, _ in spec.lexical)
