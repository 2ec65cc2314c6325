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


def test_a_token_loop_stamped_at_one_instant_keeps_only_what_could_be_said():
    # seen on a real run: six "hmm" at 24.19-24.39 s after the end of a sentence
    loop = [Word("hmm,", 24.19, 24.19, p) for p in (0.18, 0.57, 0.87, 0.91, 0.93)] + [Word("hmm.", 24.23, 24.39, 0.94)]
    words = [Word("number.", 23.91, 24.19, 1.0), *loop, Word("While", 24.65, 24.97, 0.5)]
    kept, dropped = gate_words(words, (SpeechSpan(23.0, 25.0),), 0.05, 0.5)
    assert [w.text for w in kept] == ["number.", "hmm.", "While"]
    assert len(dropped) == 5


def test_real_repeats_with_room_to_say_them_are_kept():
    words = [Word("um,", 1.0, 1.3, 0.8), Word("um,", 1.6, 1.9, 0.7), Word("the", 2.0, 2.1, 0.9), Word("the", 2.15, 2.3, 0.9)]
    kept, dropped = gate_words(words, (SpeechSpan(0.5, 3.0),), 0.05, 0.5)
    assert kept == words and dropped == []


def test_a_hesitation_needs_a_voice_under_it():
    import numpy as np

    from simulator.asr import drop_soundless_hesitations, frame_levels_db

    rate = 16_000
    audio = np.zeros(2 * rate, np.float32)
    t = np.arange(int(0.4 * rate)) / rate
    audio[int(0.5 * rate):int(0.9 * rate)] = 0.3 * np.sin(2 * np.pi * 150 * t)  # a voiced "um" at 0.5-0.9 s
    levels = frame_levels_db(audio + 1e-4 * np.random.default_rng(0).standard_normal(len(audio)), rate)
    words = [Word("Um,", 0.5, 0.9, 0.6), Word("hmm.", 1.3, 1.6, 0.9), Word("well", 1.3, 1.6, 0.9)]
    kept, dropped = drop_soundless_hesitations(words, levels)
    assert [w.text for w in kept] == ["Um,", "well"]  # only sounds like um/uh/hmm are judged this way
    assert [w.text for w in dropped] == ["hmm."]
