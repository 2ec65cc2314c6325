"""The interviewer's decisions: a pure state machine with no I/O.

The interview loop asks ``next_action()`` what to do, performs it (speak, listen, show), and reports
what happened with ``on_answer()`` / ``on_command()``. Everything here is plain data, so tests drive
a whole interview without audio.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .analysis import TurnAnalysis
from .bank import Question
from .persona import Persona

PROBES = {"no_action": "act_probe", "spectator": "act_probe",
          "receiving_end": "redirect_probe", "outside_work": "redirect_probe", "elsewhere": "redirect_probe"}
"""The persona line that follows up an answer set aside for this ``off_topic_reason``: ``act_probe`` when it never
said what the candidate did or would do (opinions, or someone else's story: "What would you do yourself, as the
manager, step by step?"), ``redirect_probe`` when it was about another part of their life (as the customer, a club,
a story reached for from elsewhere). The lines carry their own lead-in, so no follow-up intro is said before them."""


def _probe(analysis: TurnAnalysis) -> str | None:
    """The persona line kind that follows up this answer, when it was set aside for a reason that has one."""
    return PROBES.get(analysis.rubric.off_topic_reason) if analysis.rubric is not None else None


@dataclass(frozen=True)
class DialogueSettings:
    mode: str = "coach"
    """``coach``: feedback after every answer; ``interview``: all feedback at the end."""
    follow_up_limit: int | None = None
    """Follow-ups per question; None = the persona's own limit."""
    too_short_ratio: float = 0.4
    """An answer shorter than this share of the question's shortest target gets a follow-up."""
    think_time_s: float = 0.0
    """Optional quiet time after the question before listening starts."""
    title: str = ""


@dataclass(frozen=True)
class Say:
    text: str
    kind: str  # greeting | question | follow_up | prompt | transition | closing | encouragement


@dataclass(frozen=True)
class Listen:
    question_index: int
    question: Question
    prompt: str
    """What was just asked (the question or the follow-up)."""
    follow_up: int
    """0 for the main answer, 1.. for follow-ups."""
    attempt: int
    think_time_s: float = 0.0


@dataclass(frozen=True)
class ShowFeedback:
    analyses: tuple[TurnAnalysis, ...]
    final: bool


@dataclass(frozen=True)
class Finish:
    pass


Action = Say | Listen | ShowFeedback | Finish


@dataclass
class DialogueManager:
    persona: Persona
    questions: tuple[Question, ...]
    settings: DialogueSettings = field(default_factory=DialogueSettings)
    rng: random.Random = field(default_factory=lambda: random.Random(0))
    start_index: int = 0
    _queue: list[Action] = field(default_factory=list)
    _index: int = 0
    _follow_ups: int = 0
    _attempt: int = 1
    _no_speech: int = 0
    _answers: list[TurnAnalysis] = field(default_factory=list)
    _started: bool = False
    finished: bool = False

    @property
    def index(self) -> int:
        return self._index

    @property
    def total(self) -> int:
        return len(self.questions)

    def _limit(self) -> int:
        return self.persona.follow_up_limit if self.settings.follow_up_limit is None else self.settings.follow_up_limit

    def _line(self, kind: str, **values: object) -> str:
        return self.persona.line(kind, self.rng, title=self.settings.title, total=self.total, **values)

    def _ask_current(self) -> None:
        q = self.questions[self._index]
        kind = "last_question_intro" if self._index == self.total - 1 and self.total > 1 else "question_intro"
        intro = self._line(kind, index=self._index + 1)
        self._queue.append(Say(f"{intro} {q.text}", "question"))
        if self.settings.think_time_s > 0:
            self._queue.append(Say(self._line("think_time"), "prompt"))
        self._listen(q.text, 0)

    def _listen(self, prompt: str, follow_up: int) -> None:
        q = self.questions[self._index]
        self._queue.append(Listen(self._index, q, prompt, follow_up, self._attempt, self.settings.think_time_s))

    def _advance(self) -> None:
        self._index += 1
        self._follow_ups = 0
        self._attempt = 1
        self._no_speech = 0
        if self._index < self.total:
            self._ask_current()
        else:
            if self.settings.mode == "interview" and self._answers:
                self._queue.append(ShowFeedback(tuple(self._answers), final=True))
            self._queue.append(Say(self._line("closing"), "closing"))
            self._queue.append(Finish())

    def next_action(self) -> Action:
        if not self._started:
            self._started = True
            self._index = self.start_index
            if self._index >= self.total:
                self._queue.append(Finish())
            else:
                if self._index == 0:
                    self._queue.append(Say(self._line("greeting"), "greeting"))
                self._ask_current()
        if not self._queue:
            self._queue.append(Finish())
        action = self._queue.pop(0)
        if isinstance(action, Finish):
            self.finished = True
        return action

    def on_no_speech(self, listen: Listen, gave_up: bool) -> None:
        """Nothing was said: one gentle prompt, then move on."""
        self._no_speech += 1
        if not gave_up and self._no_speech == 1:
            self._queue.append(Say(self._line("no_speech_prompt"), "prompt"))
            self._listen(listen.prompt, listen.follow_up)
        else:
            self._queue.append(Say(self._line("skip"), "transition"))
            self._advance()

    def on_command(self, listen: Listen, command: str) -> None:
        """repeat | retry | skip | quit"""
        if command == "repeat":
            self._queue.append(Say(f"{self._line('repeat')} {listen.prompt}", "question"))
            self._listen(listen.prompt, listen.follow_up)
        elif command == "retry":
            self._attempt += 1
            self._listen(listen.prompt, listen.follow_up)
        elif command == "skip":
            self._queue.append(Say(self._line("skip"), "transition"))
            self._advance()
        elif command == "quit":
            self._queue.clear()
            self._queue.append(Finish())
        else:  # pragma: no cover - the loop only sends the commands above
            raise ValueError(command)

    def follow_up_for(self, analysis: TurnAnalysis, q: Question) -> str | None:
        """The follow-up to ask, if any: a missing rubric point that has one; what the candidate would do, when the
        answer never said (opinions, or someone else's story); the job, when the answer was about another part of
        their life; or more, after a far too short answer."""
        if self._follow_ups >= self._limit() or not analysis.answered:
            return None
        if analysis.rubric is not None and not analysis.rubric.off_topic:
            for point in analysis.rubric.missing:
                fu = q.follow_up_for(point.id)
                if fu is not None:
                    return fu.ask
        probe = _probe(analysis)
        if probe is not None:
            return self._line(probe)
        t = analysis.timing
        if t and q.target_s and t.speaking_s < self.settings.too_short_ratio * q.target_s[0]:
            return "Could you say a bit more about that, with a specific example?"
        return None

    def on_answer(self, listen: Listen, analysis: TurnAnalysis) -> str | None:
        """Returns the follow-up question asked, if any."""
        self._no_speech = 0
        q = listen.question
        self._answers.append(analysis)
        if self.settings.mode == "coach":
            self._queue.append(ShowFeedback((analysis,), final=False))
        ask = self.follow_up_for(analysis, q)
        if ask is not None:
            self._follow_ups += 1
            intro = "" if _probe(analysis) is not None else self._line("follow_up_intro") + " "
            self._queue.append(Say(intro + ask, "follow_up"))
            self._listen(ask, self._follow_ups)
            return ask
        good = analysis.rubric is not None and analysis.rubric.coverage >= 0.75
        closing_line = "encouragement" if (self.settings.mode == "coach" and good) else "acknowledgement"
        self._queue.append(Say(self._line(closing_line), "transition"))
        self._advance()
        return None
