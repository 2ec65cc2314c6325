"""The interviewer's decisions, driven with plain data (no audio, no models)."""

import random

from simulator.analysis import analyze
from simulator.analysis.text import words_from_text
from simulator.asr import Transcript
from simulator.bank import load_bank
from simulator.dialogue import DialogueManager, DialogueSettings, Finish, Listen, Say, ShowFeedback
from simulator.persona import load_persona

BANK = load_bank(None)
PERSONA = load_persona("warm-coach")


def dm(ids, **kw):
    qs = tuple(BANK.question(i) for i in ids)
    return DialogueManager(PERSONA, qs, DialogueSettings(title="Customer Service Manager", **kw), random.Random(1))


def until_listen(d):
    said = []
    while True:
        a = d.next_action()
        if isinstance(a, Listen):
            return a, said
        said.append(a)
        if isinstance(a, Finish):
            return None, said


def answer(text, q):
    return analyze(Transcript(words_from_text(text), 0.0), q, timed=False)


def test_greeting_question_numbering_and_close():
    d = dm(["about-yourself", "refund-policy"])
    listen, said = until_listen(d)
    assert said[0].kind == "greeting" and "Maya" in said[0].text
    assert said[1].kind == "question" and BANK.question("about-yourself").text in said[1].text
    d.on_command(listen, "skip")
    listen, said = until_listen(d)
    assert BANK.question("refund-policy").text in said[-1].text
    d.on_command(listen, "skip")
    _, said = until_listen(d)
    assert isinstance(said[-1], Finish) and said[-2].kind == "closing"


def test_follow_up_on_a_missing_point_at_most_once():
    d = dm(["transferred-caller"])
    listen, _ = until_listen(d)
    q = listen.question
    a = answer("I would say sorry to the caller.", q)
    asked = d.on_answer(listen, a)
    missing = [p.id for p in a.rubric.missing]
    expected = next(q.follow_up_for(m).ask for m in missing if q.follow_up_for(m))
    assert asked == expected
    nxt, said = until_listen(d)
    assert isinstance(said[0], ShowFeedback) and said[1].kind == "follow_up" and expected in said[1].text
    assert nxt.follow_up == 1
    assert d.on_answer(nxt, answer("I would say sorry again.", q)) is None  # the persona allows one
    _, said = until_listen(d)
    assert isinstance(said[-1], Finish)


def test_an_answer_that_never_says_what_you_would_do_is_asked_for_it():
    d = dm(["transferred-caller"])
    listen, _ = until_listen(d)
    a = answer("Honestly I think most companies just don't care about callers who get passed around.", listen.question)
    assert a.rubric.off_topic and a.rubric.off_topic_reason == "no_action"
    assert a.rubric.to_dict()["off_topic_reason"] == "no_action"
    asked = d.on_answer(listen, a)
    assert asked in PERSONA.lines["act_probe"]
    nxt, said = until_listen(d)
    assert nxt.follow_up == 1 and nxt.prompt == asked and said[-1].text == asked  # no "good start" intro first
    # an answer about another part of the candidate's life is brought back to the job, in the persona's words
    for text, reason in (("I'm captain of a five-a-side team and our keeper kept letting goals in, so I had a chat "
                          "with him after the match and we agreed a plan.", "outside_work"),
                         ("The closest thing I've got is planning my sister's wedding: the florist was furious about a "
                          "mix-up, so I said sorry and sorted it.", "elsewhere")):
        d = dm(["transferred-caller"])
        listen, _ = until_listen(d)
        story = answer(text, listen.question)
        assert story.rubric.off_topic_reason == reason
        assert d.on_answer(listen, story) in PERSONA.lines["redirect_probe"]
    # the built-in wording, for a persona file that does not give its own
    from simulator.persona import DEFAULT_LINES

    assert DEFAULT_LINES["act_probe"] == ("What would you do yourself, as the manager, step by step?",)


def test_interview_mode_keeps_feedback_for_the_end():
    d = dm(["refund-policy"], mode="interview", follow_up_limit=0)
    listen, _ = until_listen(d)
    d.on_answer(listen, answer("I'd explain the policy.", listen.question))
    _, said = until_listen(d)
    feedback = [a for a in said if isinstance(a, ShowFeedback)]
    assert len(feedback) == 1 and feedback[0].final


def test_no_speech_prompts_once_then_moves_on():
    d = dm(["refund-policy", "missed-kpi"])
    listen, _ = until_listen(d)
    d.on_no_speech(listen, gave_up=False)
    again, said = until_listen(d)
    assert said[0].kind == "prompt" and again.question.id == "refund-policy"
    d.on_no_speech(again, gave_up=True)
    nxt, said = until_listen(d)
    assert nxt.question.id == "missed-kpi" and said[0].kind == "transition"


def test_repeat_and_retry():
    d = dm(["refund-policy"])
    listen, _ = until_listen(d)
    d.on_command(listen, "repeat")
    again, said = until_listen(d)
    assert listen.question.text in said[0].text and again.attempt == 1
    d.on_command(again, "retry")
    retry, said = until_listen(d)
    assert said == [] and retry.attempt == 2
    d.on_command(retry, "quit")
    _, said = until_listen(d)
    assert isinstance(said[-1], Finish) and d.index == 0


def test_resume_starts_at_the_saved_question():
    d = dm(["about-yourself", "refund-policy"])
    d.start_index = 1
    listen, said = until_listen(d)
    assert listen.question.id == "refund-policy" and not any(s.kind == "greeting" for s in said if isinstance(s, Say))
