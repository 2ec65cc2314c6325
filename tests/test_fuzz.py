"""Property-based tests: the bank loader, the analysis functions and the session reader never
crash on anything, and never report impossible figures."""

import json
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.analysis import analyze
from simulator.asr import SpeechSpan, Transcript, Word
from simulator.bank import load_bank, load_bank_file
from simulator.errors import SimulatorError
from simulator.store import read_session_json

BANK = load_bank(None)
QUESTIONS = [BANK.question("transferred-caller"), BANK.question("process-improvement"), BANK.question("about-yourself")]

word_text = st.one_of(st.sampled_from(["um", "uh,", "like", "so,", "you", "know", "I", "apologise", "single", "point",
                                       "of", "contact.", "20%", "we", "went", "from", "48", "to", "24.", "the"]),
                      st.text(alphabet=string.printable, max_size=12))


@st.composite
def transcripts(draw):
    n = draw(st.integers(0, 60))
    t = draw(st.floats(0, 5))
    words = []
    for _ in range(n):
        gap = draw(st.floats(0, 4))
        dur = draw(st.floats(0, 1.5))
        words.append(Word(draw(word_text), t + gap, t + gap + dur, draw(st.floats(0, 1))))
        t += gap + dur
    spans = []
    s = 0.0
    for _ in range(draw(st.integers(0, 8))):
        a = s + draw(st.floats(0, 5))
        b = a + draw(st.floats(0, 10))
        spans.append(SpeechSpan(a, b))
        s = b
    return Transcript(tuple(words), max(t, s) + draw(st.floats(0, 3)), tuple(spans))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(transcripts(), st.sampled_from(QUESTIONS), st.booleans())
def test_analysis_never_crashes_and_figures_are_sane(tr, q, timed):
    a = analyze(tr, q, timed=timed)
    json.dumps(a.to_dict())
    if a.timing:
        assert a.timing.speaking_s > 0 and a.timing.wpm >= 0
        assert all(p.duration_s >= 0.5 - 1e-9 for p in a.timing.pauses)
        assert a.timing.longest_pause_s <= a.timing.speaking_s + 1e-6
    assert a.fillers.count >= 0 and a.fillers.count <= len(tr.words)
    if a.rubric:
        assert 0.0 <= a.rubric.coverage <= 1.0
        for p in a.rubric.items:
            assert not p.covered or p.evidence
    if not a.answered:
        assert a.rubric is None and a.timing is None


yaml_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)),
    max_leaves=20)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(["id", "title", "questions", "description", "domain_terms", "x"]), yaml_values,
                       max_size=5),
       st.lists(st.dictionaries(st.sampled_from(["id", "kind", "text", "rubric", "follow_ups", "target_s", "star", "tags"]),
                                yaml_values, max_size=8), max_size=4))
def test_bank_loader_gives_a_bank_or_a_clear_error(tmp_path_factory, top, questions):
    import yaml

    doc = dict(top)
    if questions:
        doc["questions"] = questions
    path = tmp_path_factory.mktemp("bank") / "b.yaml"
    path.write_text(yaml.safe_dump(doc))
    try:
        bank = load_bank_file(path)
        assert bank.questions
    except SimulatorError as exc:
        assert "\n" not in exc.one_line()


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode),
                 yaml_values.map(lambda v: json.dumps(v).encode())))
def test_session_reader_never_crashes(tmp_path_factory, content):
    folder = tmp_path_factory.mktemp("s")
    (folder / "session.json").write_bytes(content)
    try:
        data = read_session_json(folder / "session.json")
        assert isinstance(data["turns"], list)
    except SimulatorError as exc:
        assert "\n" not in exc.one_line()
