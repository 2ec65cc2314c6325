from simulator.asr import SpeechSpan, Word, gate_words, snap_to_speech


def test_words_invented_in_silence_are_dropped():
    speech = (SpeechSpan(1.0, 3.0),)
    words = [Word("Hello", 1.1, 1.5, 0.9), Word("Thank", 6.0, 6.3, 0.8), Word("you.", 6.3, 6.6, 0.8)]
    kept, dropped = gate_words(words, speech, 0.05, 0.5)
    assert [w.text for w in kept] == ["Hello"]
    assert [w.text for w in dropped] == ["Thank", "you."]


def test_near_zero_confidence_words_are_dropped_even_inside_speech():
    speech = (SpeechSpan(0.0, 3.0),)
    kept, dropped = gate_words([Word("uh", 1.0, 1.2, 0.001), Word("um", 1.3, 1.5, 0.4)], speech, 0.05, 0.5)
    assert [w.text for w in kept] == ["um"] and [w.text for w in dropped] == ["uh"]


def test_a_filler_just_outside_the_detected_speech_is_kept():
    kept, _ = gate_words([Word("uh", 3.3, 3.4, 0.5)], (SpeechSpan(1.0, 3.0),), 0.05, 0.5)
    assert len(kept) == 1


def test_no_speech_at_all_drops_everything():
    kept, dropped = gate_words([Word("Thank", 0.1, 0.3, 0.99)], (), 0.05, 0.5)
    assert kept == [] and len(dropped) == 1


def test_word_times_snap_to_voice_activity():
    speech = (SpeechSpan(0.93, 2.0), SpeechSpan(3.0, 4.0))
    out = snap_to_speech([Word("Montreal", 0.0, 1.36), Word("aligner", 2.2, 3.8)], speech)
    assert out[0].start_s == 0.93 and out[0].end_s == 1.36
    assert out[1].start_s == 3.0 and out[1].end_s == 3.8
