"""Whose story is it, as a whole? (pure)

An interviewer asking how you would handle a furious caller, or how you dealt with an underperforming rep, wants
what you did or would do as the one in charge. Some answers tell a story from the receiving end instead: the
candidate was the customer ("I bought a sofa... they refunded me"), or the employee being managed ("my team leader
sat me down and coached me"). Such an answer is full of the right words while the candidate did none of it.

``receiving_end`` finds them from two kinds of phrases:

* **Receiving end**: the speaker as the customer ("as a customer", "I was that customer", "I bought", "refunded
  me"), or a manager, trainer or agent doing things to the speaker ("my manager sat me down", "she coached me",
  "had a word with me", "put me on a plan"). Being given a task is not one of them: "my boss asked me to lead the
  rollout" opens many good answers.
* **Acting in the job**: what the candidate does or would do ("I'd", "I will", "my team", "my agents", "I told
  her", "I sat down with the rep").

An answer with the first and none of the second is told from the receiving end. One phrase of the second kind
clears it ("when I was new my manager coached me, so now I'd..." is a fine answer). The test is for questions
about doing the job (``KINDS``); a general question such as "tell me about poor service you received" asks for
exactly such a story.

On the development sets (tests/data/rubric_dev*.yaml, rubric_gendev*.yaml) the patterns find 25 of the 247
off-topic answers and none of the 961 others; docs/performance.md has the held-out figures.
"""

from __future__ import annotations

import re

KINDS = frozenset({"scenario", "behavioral", "operational", "experience"})
"""Question kinds whose answers must be the candidate acting in the job."""

_SUPERIOR = (r"(team leader|team lead|manager|boss|supervisor|line manager|trainer|coach|regional manager"
             r"|area manager|store manager|director)")
_DONE_TO = r"(coached|trained|calmed|refunded|sat|pulled|took|disciplined|warned|mentored|retrained|put|moved|gave)"
RECEIVING = tuple(re.compile(p) for p in (
    r"\bas (a|the) (customer|client|passenger|caller|patient|guest|shopper|consumer|tenant)\b",
    r"\bi was (the|that|an?) (\w+ )?(customer|caller|client)\b",
    r"\bi (bought|ordered)\b",
    r"\b(refunded|compensated|reimbursed) me\b",
    r"\b(my|our) " + _SUPERIOR + r"\b( \w+){0,4}? " + _DONE_TO + r" me\b",
    r"\b(she|he|they|she'd|he'd|they'd) (\w+ ){0,2}" + _DONE_TO + r" me\b",
    r"\b(had|have) (a|the) (word|chat|conversation|talk) with me\b",
    r"\bi was (usually|always|often) (near|at) the bottom\b",
    r"\bput me on (a|an) (plan|pip|improvement)\b",
))
"""The speaker as the customer, or on the receiving end of a manager, trainer or agent."""
ACTING = tuple(re.compile(p) for p in (
    r"\bi('d| would|'ll| will|'m going to| am going to)\b(?! (been|had|got|paid|bought|say|love|never)\b)",
    r"\bmy (team|agents|reps|staff|people|advisors|advisers|direct reports)\b(?! (leader|lead|manager)\b)",
    r"\bi (\w+ ){0,3}(told|asked|talked to|spoke to|trained|coached|sat down with|called|rang|apologised to"
    r"|apologized to|offered|explained to|gave|agreed|met|showed|walked|thanked|refunded|emailed|replied to) (her"
    r"|him|them|the customer|the caller|the client|the team|my team|the rep|the agent|each|everyone)\b",
    r"\bi (took over|sat (them|her|him|everyone|the team) down|set up|rolled out|brought in|let (him|her|them) go"
    r"|had to let|introduced|hired|rewrote|redesigned|reorganised|reorganized|changed the|put together)\b",
    r"\bi (bought|ordered|got) (\w+ ){0,4}for (the team|them|everyone|whoever|my team|the agents|the reps)\b",
))
"""The candidate doing, or saying they would do, something in the job."""
_WORD_RE = re.compile(r"[a-z']+")


def receiving_end(text: str) -> list[str]:
    """The receiving-end phrases of an answer told entirely from the receiving end (empty otherwise)."""
    flat = " ".join(_WORD_RE.findall(text.lower().replace("\u2019", "'")))
    if any(p.search(flat) for p in ACTING):
        return []
    return list(dict.fromkeys(m.group(0) for p in RECEIVING for m in p.finditer(flat)))
