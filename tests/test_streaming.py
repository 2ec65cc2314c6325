"""The streaming transcriber: stretches transcribed while the candidate talks, and what is left when
the answer ends merged into one pass. A fake recogniser that blocks on demand makes the queue exact."""

import threading

import numpy as np

from simulator.asr import MAX_NEW_TOKENS, Transcript, Word, token_cap
from simulator.audio import AudioClip
from simulator.listen import MERGE_MAX_S, StreamingTranscriber

RATE = 16_000


class GatedTranscriber:
    """Records each clip it is given (its length) and waits for ``gate`` before the first returns."""

    model_id = "gated"

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.started = threading.Event()
        self.lengths_s: list[float] = []

    def transcribe(self, clip: AudioClip, *, prompt: str | None = None) -> Transcript:
        self.started.set()
        self.gate.wait(5)
        self.lengths_s.append(round(clip.seconds, 3))
        n = len(self.lengths_s)
        return Transcript((Word(f"w{n}", 0.1, 0.3),), clip.seconds, (), (), self.model_id)


def stream_with(seconds: float) -> tuple[StreamingTranscriber, GatedTranscriber]:
    fake = GatedTranscriber()
    st = StreamingTranscriber(fake, RATE)
    st.append(np.zeros(int(seconds * RATE), np.float32))
    st.start()
    return st, fake


def test_stretches_not_started_at_the_end_are_merged_with_the_tail():
    st, fake = stream_with(20.0)
    st.submit(0, 4 * RATE)          # the worker takes this one and is held in it
    assert fake.started.wait(5)
    st.submit(4 * RATE, 8 * RATE)   # waiting
    st.submit(8 * RATE, 12 * RATE)  # waiting
    fake.gate.set()
    t = st.finish(15 * RATE)        # tail 12-15 s
    assert fake.lengths_s[0] == 4.0
    # the two waiting stretches and the tail went in one pass, unless the worker got to the first already
    assert fake.lengths_s[1:] in ([11.0], [4.0, 7.0])
    assert [round(w.start_s, 2) for w in t.words] == [0.1, 4.1] + ([8.1] if len(fake.lengths_s) == 3 else [])
    assert st.jobs[-1].tail and not st.jobs[0].tail
    assert round(t.duration_s, 3) == 20.0


def test_the_merge_never_exceeds_one_whisper_window():
    st, fake = stream_with(60.0)
    st.submit(0, 2 * RATE)
    assert fake.started.wait(5)
    for a in range(2, 50, 8):       # 2-10, 10-18, ... 42-50 waiting
        st.submit(a * RATE, (a + 8) * RATE)
    fake.gate.set()
    st.finish(55 * RATE)
    assert sum(fake.lengths_s) == 55.0
    assert all(x <= MERGE_MAX_S for x in fake.lengths_s)
    assert fake.lengths_s[-1] == 29.0  # 26-55 s: the last three stretches and the tail


def test_a_discarded_answer_drops_waiting_stretches():
    st, fake = stream_with(10.0)
    st.submit(0, 3 * RATE)
    assert fake.started.wait(5)
    st.submit(3 * RATE, 6 * RATE)
    fake.gate.set()
    st.finish(0)
    assert fake.lengths_s == [3.0]


def test_token_cap_scales_with_the_clip_and_stays_inside_whisper():
    assert token_cap(1.0, 8.0) == 24
    assert token_cap(10.0, 8.0) == 96
    assert token_cap(25.0, 8.0) == 216
    assert token_cap(24.0, 10.0) == MAX_NEW_TOKENS  # 256 would overflow 448 with a full prompt
    assert token_cap(40.0, 8.0) is None            # long clips: several windows, faster-whisper's own limit
    assert token_cap(5.0, 0.0) is None
