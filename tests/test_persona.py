import pytest

from simulator.errors import BankError
from simulator.persona import builtin_personas, load_persona, load_persona_file
from simulator.settings import VoiceSettings


def test_three_personas_sound_different():
    personas = [load_persona(p) for p in builtin_personas()]
    assert len(personas) >= 3
    assert len({p.length_scale for p in personas}) >= 3
    greetings = [set(p.lines["greeting"]) for p in personas]
    assert not (greetings[0] & greetings[1]) and not (greetings[1] & greetings[2])
    for p in personas:
        text = p.line("question_intro", index=2, total=5, title="CSM")
        assert "{" not in text
        v = p.voice_settings(VoiceSettings())
        assert v.length_scale == p.length_scale and v.voice == "default"


def test_any_voice_file_overrides_the_persona(tmp_path):
    p = load_persona("panel-lead")
    assert p.voice_settings(VoiceSettings(), "/voices/x.onnx").voice == "/voices/x.onnx"


def test_bad_persona_lists_every_problem(tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text("id: p\nname: Pat\nlength_scale: fast\nlines:\n  greeting: ['Hi {nmae}']\n  shout: [HEY]\n")
    with pytest.raises(BankError) as err:
        load_persona_file(f)
    msg = err.value.one_line()
    assert "3 problems" in msg and "line 3" in msg and "{nmae}" not in msg or "nmae" in msg
    assert "unknown line kind 'shout'" in msg
