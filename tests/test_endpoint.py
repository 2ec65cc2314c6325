"""The end-of-answer state machine on exact synthetic audio: time advances by block length."""

import numpy as np

from simulator.endpoint import Endpointer, EndpointSettings, Event

RATE = 16000
BLOCK = 1600  # 100 ms


def tone(seconds, amp=0.2):
    n = int(seconds * RATE)
    return (amp * np.sin(2 * np.pi * 220 * np.arange(n) / RATE)).astype(np.float32)


def hiss(seconds, amp=0.001, seed=0):
    return (amp * np.random.default_rng(seed).standard_normal(int(seconds * RATE))).astype(np.float32)


def run(audio, settings=None):
    ep = Endpointer(RATE, settings or EndpointSettings())
    events = []
    for i in range(0, len(audio), BLOCK):
        for e in ep.push(audio[i:i + BLOCK]):
            events.append((e[0], e[1] / RATE, e[2] / RATE))
        if ep.finished:
            break
    return ep, events


def test_thinking_silence_never_ends_the_answer_before_speech():
    audio = np.concatenate([hiss(8.0), tone(2.0), hiss(5.0)])
    ep, events = run(audio)
    kinds = [e[0] for e in events]
    assert Event.SPEECH_STARTED in kinds and kinds[-1] == Event.END_SILENCE
    start = next(e for e in events if e[0] == Event.SPEECH_STARTED)
    assert abs(start[1] - 8.0) <= 0.1
    end = events[-1]
    assert abs(end[2] - 10.0) <= 0.1  # last voice
    assert abs(ep.position / RATE - 13.0) <= 0.15  # fired 3 s after the last word


def test_a_two_second_pause_mid_answer_does_not_end_it():
    audio = np.concatenate([hiss(1.0), tone(3.0), hiss(2.0), tone(3.0), hiss(4.0)])
    ep, events = run(audio)
    assert [e[0] for e in events].count(Event.END_SILENCE) == 1
    assert abs(events[-1][2] - 9.0) <= 0.1
    stretches = [e for e in events if e[0] == Event.STRETCH]
    assert len(stretches) >= 2 and abs(stretches[0][2] - 4.15) <= 0.15


def test_long_speech_is_cut_into_stretches():
    audio = np.concatenate([hiss(0.5), *[np.concatenate([tone(2.9), hiss(0.2)]) for _ in range(6)], hiss(4)])
    s = EndpointSettings(stretch_pause_s=0.5, max_stretch_s=6.0)
    _, events = run(audio, s)
    stretches = [e for e in events if e[0] == Event.STRETCH]
    assert stretches and all(b - a <= 6.2 for _, a, b in stretches)


def test_no_speech_prompts_then_gives_up():
    ep, events = run(hiss(30.0), EndpointSettings(no_speech_prompt_s=5, no_speech_give_up_s=10))
    assert [e[0] for e in events] == [Event.NO_SPEECH_PROMPT, Event.NO_SPEECH]
    assert abs(events[0][2] - 5.0) <= 0.1 and abs(events[1][2] - 10.0) <= 0.1


def test_a_cough_is_not_an_answer():
    audio = np.concatenate([hiss(1.0), tone(0.1, 0.5), hiss(6.0)])
    _, events = run(audio, EndpointSettings(no_speech_prompt_s=5, no_speech_give_up_s=30))
    assert Event.SPEECH_STARTED not in [e[0] for e in events]


def test_max_length():
    _, events = run(tone(7.0), EndpointSettings(max_answer_s=5.0))
    assert events[-1][0] == Event.MAX_LENGTH and abs(events[-1][2] - 5.0) <= 0.1


def test_digital_silence_and_loud_noise_floor():
    # a noisy room: speech must stand out from the floor, not just exceed a fixed level
    audio = np.concatenate([hiss(3.0, amp=0.01), tone(2.0, 0.3), hiss(4.0, amp=0.01)])
    _, events = run(audio)
    start = next(e for e in events if e[0] == Event.SPEECH_STARTED)
    assert abs(start[1] - 3.0) <= 0.1
    assert events[-1][0] == Event.END_SILENCE
