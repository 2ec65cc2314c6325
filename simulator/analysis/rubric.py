"""Rubric coverage with quoted evidence (pure).

A rubric point is covered when one of its cue phrases occurs in one sentence of the answer: the cue's words in
order, compared by stem, with up to ``MAX_GAP`` other words between them ("I'll personally see it through"
matches "see it through"). In a cue, a trailing ``*`` matches any ending ("apolog*"); ``a|b`` accepts either
word; ``#time`` is any day or time of day and ``#num`` any number; articles and possessives are optional.
Words of one synonym group (data/synonyms/en.yaml, which may also hold phrases such as "money back") match each
other inside multi-word cues; a one-word cue matches only itself (plus the phrases of its group), because a
lone word is already broad. Points about a measurable result also need a number in or right after that
sentence. Every decision carries the quote and the cue that made it, and a point that was not credited says
which near miss was set aside and why.

A match only counts when it is really about the job being asked about:

* **Negation.** "I wouldn't apologise", "you can't make exceptions": a negator (not, never, no, without...) in
  the same clause just before the cue cancels it, unless the cue itself is negative ("no more transfers",
  "not interrupt*"). "Not just", "not only" do not cancel.
* **Hedge.** A cue followed straight away by "but" ("I understand, but it's policy") is a token.
* **Veto cues.** A cue written ``!phrase`` is the opposite of the point ("!transfer them ... right department"
  for ownership): when it matches (not negated), the point is not credited and the quote says why.
* **Domain context.** When the bank lists ``domain_terms`` (groups such as customers, team, shared), a match
  needs a person (her, him, them, you) within ``CONTEXT_WINDOW`` units, or a word of a group this question is
  about in the match's own clause or within ``NEAR`` units. "I personally own a bakery" or "I tracked my own
  progress" then earn nothing, while "I'd let her explain" still does. A pronoun whose nearest person before it
  is an outsider ("our vendor... I told them") or belongs to a group the question is not about (a rep, in a
  question about a customer's refund) is no context; nor is "my target", the speaker's own thing. A one-word
  cue does not vouch for itself ("coach*" needs context; "review the KPI weekly" carries its own).
* **Self-description and opinions.** Evidence in a sentence where the candidate describes themself ("I'm the
  kind of person who...", "I'm a people person") or in an opinion about others ("every brand should respond")
  is not something they did or would do.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..bank import Question, RubricPoint
from .text import Token, Unit, content_words, is_number, quote, sentences, stem, tokens_from_words, units, words_from_text

SYNONYMS_FILE = Path(__file__).resolve().parent.parent.parent / "data" / "synonyms" / "en.yaml"
MAX_GAP = 3
OPTIONAL = {"the", "a", "an", "my", "our", "your", "their", "his", "her", "its", "some"}
NUMERIC_POINTS = {"measurable_result", "before_after", "quantified_result"}

NEGATORS = frozenset({"not", "never", "no", "without", "nobody", "nothing", "none", "neither", "nor", "noone"})
NOT_NEGATING_AFTER = frozenset({"just", "only", "simply", "merely", "even", "necessarily"})
"""'not just X' and 'not only X' still say X."""
CLAUSE_BREAKS = frozenset({"but", "so", "because", "and", "then", "until", "while", "or", "cause", "which", "since",
                           "though", "although", "if", "unless", "when", "once", "before", "after"})
NEG_WINDOW = 3
HEDGES = frozenset({"but", "unfortunately", "however"})
HEDGE_WINDOW = 1
CONTEXT_WINDOW = 8
NEAR = 4
"""A domain word counts anywhere in the match's clause (up to CONTEXT_WINDOW), or within NEAR units of it."""
PEOPLE = frozenset({"he", "him", "his", "she", "her", "hers", "they", "them", "their", "theirs", "themselves",
                    "himself", "herself", "you", "your", "yours", "yourself", "everyone", "everybody", "someone",
                    "somebody", "anyone", "anybody", "whoever", "folks", "guy", "lady", "woman", "man"})
"""Words that point at another person: the customer or rep the candidate is acting for or on."""
NOT_PEOPLE_AFTER = {"you": frozenset({"know", "see", "guess", "mean"})}
"""'you know' is a filler, not a person."""
PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers", "they", "them", "their", "theirs", "themselves",
                      "himself", "herself"})
OUTSIDERS = frozenset(stem(w) for w in """vendor supplier contractor outsourcer coworker boss friend interviewer
landlord neighbour neighbor brother sister son daughter wife husband partner boyfriend girlfriend kid kids child
cousin uncle aunt teammate""".split())
"""People outside the job's customers and team: a pronoun that refers back to one of them is no context."""
PERSON_NOUNS = frozenset(stem(w) for w in """customer caller client passenger patient guest shopper buyer user member
rep agent associate advisor adviser employee colleague hire staff team supervisor trainer guy lady woman man gentleman
owner father mother dad mum person people""".split())
"""Nouns a pronoun can refer back to; one from a domain group the question is not about (a rep, in a question
about a customer) makes the pronoun no context."""
ANTECEDENT_WINDOW = 40
TRAIT_AFTER_I_AM = frozenset("""a an the someone somebody always naturally very great good big known quite pretty
super extremely definitely passionate empathetic resilient confident organised organized positive patient calm
detail results process people""".split())
NOT_TRAIT_AFTER = frozenset({"sorry", "going", "not", "your", "their", "here", "happy", "bit", "little"})


TIME_WORDS = frozenset("""monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays
thursdays fridays saturdays sundays tomorrow tonight today noon midday morning afternoon evening eod lunchtime
o'clock oclock am pm hour hours minute minutes day days week weekend fortnight""".split())
WORD_CLASSES = {
    "time": lambda u: u.norm in TIME_WORDS,
    "num": lambda u: is_number(u.norm),
}
"""``#time`` in a cue matches a day or a time of day ("call her #time": "call her Tuesday afternoon");
``#num`` any number."""


@dataclass(frozen=True)
class Alternative:
    text: str
    stem: str
    prefix: bool
    word_class: str = ""


@dataclass(frozen=True)
class CuePart:
    """One word slot of a cue: ``refund``, ``apolog*`` or ``ticket|case|notes`` (any of them)."""

    alternatives: tuple[Alternative, ...]
    stems: frozenset[str]
    """Every stem this slot accepts, synonyms included."""


@dataclass(frozen=True)
class Cue:
    """A compiled cue: one or more word sequences (phrase synonyms give variants)."""

    text: str
    variants: tuple[tuple[CuePart, ...], ...]
    veto: bool
    """``!phrase``: the opposite of the point."""
    negative: bool
    """The cue itself contains a negator ("no more transfers"), so a negator near it is expected."""


def _load_groups(path: Path) -> list[list[str]]:
    import yaml

    if not path.is_file():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [[" ".join(str(w).lower().split()) for w in g] for g in data.get("groups", []) if isinstance(g, list)]


@cache
def synonym_groups(path: Path = SYNONYMS_FILE) -> dict[str, frozenset[str]]:
    """stem -> every stem it is interchangeable with (single words of data/synonyms/en.yaml)."""
    out: dict[str, set[str]] = {}
    for group in _load_groups(path):
        stems = {stem(w) for w in group if " " not in w}
        for s in stems:
            out.setdefault(s, set()).update(stems)
    return {k: frozenset(v) for k, v in out.items()}


@cache
def phrase_groups(path: Path = SYNONYMS_FILE) -> tuple[tuple[tuple[str, ...], ...], ...]:
    """Groups that hold at least one multi-word phrase, each member as a tuple of stems."""
    out = []
    for group in _load_groups(path):
        if any(" " in w for w in group):
            out.append(tuple(tuple(stem(x) for x in w.split()) for w in group))
    return tuple(out)


def _words(cue: str) -> list[str]:
    from .text import expand_contraction

    out = []
    for raw in cue.lower().replace("’", "'").split():
        for w in expand_contraction(raw).split():
            if w not in OPTIONAL:
                out.append(w)
    return out


def _parts(words: list[str], syn: dict[str, frozenset[str]]) -> tuple[CuePart, ...]:
    parts = []
    for w in words:
        alts = []
        for a in w.split("|"):
            if a.startswith("#") and a[1:] in WORD_CLASSES:
                alts.append(Alternative(a, a, False, a[1:]))
                continue
            prefix = a.endswith("*")
            a = a.rstrip("*")
            if a:
                alts.append(Alternative(a, a if prefix else stem(a), prefix))
        if alts:
            stems = frozenset(s for a in alts if not a.prefix and not a.word_class for s in syn.get(a.stem, {a.stem}))
            parts.append(CuePart(tuple(alts), stems))
    return tuple(parts)


def compile_cue(cue: str, synonyms: dict[str, frozenset[str]] | None = None) -> tuple[CuePart, ...]:
    """The cue's word slots (single-word synonyms included, phrase synonyms not: see ``compile_full``)."""
    syn = synonym_groups() if synonyms is None else synonyms
    return _parts(_words(cue), syn)


def _phrase_variants(words: list[str], groups: tuple[tuple[tuple[str, ...], ...], ...]) -> list[list[str]]:
    """``words`` plus every rewrite where a phrase of a synonym group is swapped for another member."""
    plain = [None if ("|" in w or w.endswith("*")) else stem(w) for w in words]
    options: list[tuple[int, int, list[tuple[str, ...]]]] = []  # (start, length, replacements)
    for group in groups:
        for member in group:
            n = len(member)
            for i in range(len(words) - n + 1):
                if tuple(plain[i:i + n]) == member:
                    # a single word already matches its single-word synonyms by stem: add only the phrases
                    options.append((i, n, [m for m in group if m != member and (n > 1 or len(m) > 1)]))
    if not options:
        return [words]
    out = [words]
    for i, n, repls in options[:4]:
        for variant in list(out):
            if len(variant) != len(words):
                continue  # one rewrite per position keeps this small and predictable
            for r in repls:
                out.append(variant[:i] + list(r) + variant[i + n:])
    return out


@cache
def compile_full(cue: str) -> Cue:
    text = cue.strip()
    veto = text.startswith("!")
    body = text.lstrip("!").strip()
    words = _words(body)
    syn = synonym_groups()
    # a one-word cue is already broad: it matches its own word only ("praise" must not match "recognised that")
    variants = tuple(p for p in (_parts(v, syn if len(v) > 1 else {}) for v in _phrase_variants(words, phrase_groups()))
                     if p)
    negative = any(w in NEGATORS for w in words)
    return Cue(body, variants, veto, negative)


def _part_matches(part: CuePart, u: Unit) -> bool:
    return u.stem in part.stems or any((a.prefix and u.norm.startswith(a.text))
                                       or (a.word_class and WORD_CLASSES[a.word_class](u)) for a in part.alternatives)


def iter_matches(seq: list[Unit], cue: tuple[CuePart, ...], max_gap: int = MAX_GAP):
    """Every match of ``cue`` in ``seq`` as the tuple of unit positions of its words (earliest first)."""
    if not cue:
        return
    for start, u in enumerate(seq):
        if not _part_matches(cue[0], u):
            continue
        pos, ok, where = start, True, [start]
        for part in cue[1:]:
            nxt = next((k for k in range(pos + 1, min(len(seq), pos + 2 + max_gap)) if _part_matches(part, seq[k])), None)
            if nxt is None:
                ok = False
                break
            pos = nxt
            where.append(pos)
        if ok:
            yield tuple(where)


def match_cue(seq: list[Unit], cue: tuple[CuePart, ...], max_gap: int = MAX_GAP) -> tuple[int, int] | None:
    """First (start, end) unit positions in ``seq`` where the cue matches, else None."""
    for where in iter_matches(seq, cue, max_gap):
        return where[0], where[-1]
    return None


@dataclass(frozen=True)
class Domain:
    """Words of the job's world (bank ``domain_terms``), split into the groups this question is about
    (``stems``/``prefixes``) and the groups it is not about (``other_*``)."""

    stems: frozenset[str]
    prefixes: tuple[str, ...]
    other_stems: frozenset[str] = frozenset()
    other_prefixes: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.stems or self.prefixes)

    def has(self, u: Unit) -> bool:
        return u.stem in self.stems or any(u.norm.startswith(p) for p in self.prefixes)

    def other(self, u: Unit) -> bool:
        return not self.has(u) and (u.stem in self.other_stems or any(u.norm.startswith(p) for p in self.other_prefixes))


def _terms(terms: tuple[str, ...]) -> tuple[set[str], list[str]]:
    syn = synonym_groups()
    stems: set[str] = set()
    prefixes: list[str] = []
    for t in terms:
        for w in t.lower().split("|"):
            w = w.strip()
            if not w:
                continue
            if w.endswith("*"):
                prefixes.append(w.rstrip("*"))
            else:
                stems.update(syn.get(stem(w), {stem(w)}))
    return stems, prefixes


@cache
def compile_domain(groups: tuple, topic: str = "") -> Domain:
    """``groups``: the bank's ``domain_terms`` as (name, words) pairs, or plain words (one group).

    A group applies when one of its words occurs in ``topic`` (the question and its rubric labels), or when
    it is named ``shared``; when none of them matches the topic, every group applies."""
    if groups and isinstance(groups[0], str):
        groups = (("job", tuple(groups)),)
    compiled = [(name, *_terms(tuple(words))) for name, words in groups]
    topic_units = units(tokens_from_words(words_from_text(topic))) if topic else []
    active = {name for name, st, pre in compiled
              if name == "shared" or any(u.stem in st or any(u.norm.startswith(p) for p in pre) for u in topic_units)}
    if not active - {"shared"}:
        active = {name for name, _, _ in compiled}
    on = [(st, pre) for name, st, pre in compiled if name in active]
    off = [(st, pre) for name, st, pre in compiled if name not in active]
    return Domain(frozenset().union(*(st for st, _ in on)) if on else frozenset(), tuple(p for _, pre in on for p in pre),
                  frozenset().union(*(st for st, _ in off)) if off else frozenset(), tuple(p for _, pre in off for p in pre))


def question_domain(q: Question) -> Domain:
    groups = tuple(getattr(q, "domain_terms", ()) or ())
    if not groups:
        return Domain(frozenset(), ())
    topic = " ".join([q.text, *(r.label for r in q.rubric)])
    return compile_domain(groups, topic)


def _clause_start(seq: list[Unit], tokens: list[Token], i: int) -> int:
    """First unit position of the clause that holds unit ``i``."""
    k = i
    while k > 0:
        prev = seq[k - 1]
        if prev.token != seq[k].token and tokens[prev.token].punct_after in (",", ";", ":", ".", "?", "!"):
            break
        if prev.norm in CLAUSE_BREAKS:
            break
        k -= 1
    return k


def negated(seq: list[Unit], tokens: list[Token], start: int) -> int | None:
    """Position of a negator that cancels a match starting at ``start``, else None."""
    lo = max(_clause_start(seq, tokens, start), start - NEG_WINDOW)
    for k in range(start - 1, lo - 1, -1):
        if seq[k].norm in NEGATORS:
            if k + 1 < len(seq) and seq[k + 1].norm in NOT_NEGATING_AFTER:
                continue
            return k
    return None


def hedged(seq: list[Unit], end: int) -> bool:
    return any(seq[k].norm in HEDGES for k in range(end + 1, min(len(seq), end + 1 + HEDGE_WINDOW)))


def is_person(seq: list[Unit], k: int, domain: Domain | None = None) -> bool:
    """``seq[k]`` points at another person the candidate acts for or on (not "you know", and not a pronoun
    whose nearest person before it is someone outside the job: "a vendor... they", "my coworker... she")."""
    u = seq[k]
    if u.norm not in PEOPLE:
        return False
    after = NOT_PEOPLE_AFTER.get(u.norm)
    if after and k + 1 < len(seq) and seq[k + 1].norm in after:
        return False
    if u.norm in PRONOUNS:
        for j in range(k - 1, max(-1, k - ANTECEDENT_WINDOW), -1):
            v = seq[j]
            if v.stem in OUTSIDERS:
                return False
            if v.stem in PERSON_NOUNS:
                return not (domain is not None and domain.other(v))
    return True


def self_description(seq: list[Unit]) -> int | None:
    """Position where a sentence turns into the candidate describing themself ("I'm the kind of person who...",
    "I'm a people person", "I'm always spotting problems", "my biggest strength"), else None. Evidence in such a
    sentence is a claim about the speaker, not something they did or would do."""
    for k in range(len(seq) - 2):
        if seq[k].norm == "i" and seq[k + 1].norm == "am":
            nxt = seq[k + 2].norm
            if nxt in TRAIT_AFTER_I_AM and not (k + 3 < len(seq) and seq[k + 3].norm in NOT_TRAIT_AFTER):
                return k
        if seq[k].norm == "my" and seq[k + 1].norm in ("biggest", "greatest", "main", "key") and \
                seq[k + 2].stem in ("strength", "weakness"):
            return k
    return None


def in_context(seq: list[Unit], where: tuple[int, ...], domain: Domain, window: int | None = None) -> bool:
    """True when a person or a domain word sits within ``window`` units of the match (or in it: a one-word cue
    such as "coach*" does not vouch for itself, a phrase such as "review the KPI weekly" does)."""
    if not domain:
        return True
    window = CONTEXT_WINDOW if window is None else window
    lo, hi = max(0, where[0] - window), min(len(seq), where[-1] + window + 1)
    own = set(where) if len(where) < 2 else set()
    if any(is_person(seq, k, domain) for k in range(lo, hi)):
        return True
    # a domain word must be in the match's own clause: "...then the call centre, and each time I took ownership of
    # learning the new systems" is not ownership of a call
    a, b = where[0], where[-1]
    while a > lo and not _clause_end(seq[a - 1], seq[a]):
        a -= 1
    while b < hi - 1 and not _clause_end(seq[b], seq[b + 1]):
        b += 1
    a, b = min(a, max(lo, where[0] - NEAR)), max(b, min(hi - 1, where[-1] + NEAR))
    return any(k not in own and domain.has(seq[k]) and not _speakers_own(seq, k) for k in range(a, b + 1))


def _clause_end(u: Unit, nxt: Unit) -> bool:
    return u.token != nxt.token and u.punct in (",", ";", ":", ".", "?", "!")


def _speakers_own(seq: list[Unit], k: int) -> bool:
    """ "my target", "my own numbers": the speaker's own thing, not the job's (but "my team", "my reps" are)."""
    return k > 0 and seq[k - 1].norm in ("my", "own") and seq[k].stem not in PERSON_NOUNS


def generic_claim(seq: list[Unit], start: int) -> bool:
    """ "Every brand should respond publicly": an opinion about what others should do, not the candidate's action."""
    for k in range(max(1, start - 3), start):
        if seq[k].norm == "should" and seq[k - 1].norm not in ("i", "we", "would", "you", "they", "he", "she"):
            return True
    return False


@dataclass(frozen=True)
class PointResult:
    id: str
    label: str
    covered: bool
    evidence: str
    start_s: float | None
    end_s: float | None
    cue: str
    why: str
    explanation: str

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "label": self.label, "covered": self.covered, "evidence": self.evidence or None,
                "start_s": None if self.start_s is None else round(self.start_s, 2),
                "end_s": None if self.end_s is None else round(self.end_s, 2), "cue": self.cue or None,
                "why": self.why, "explanation": self.explanation}


@dataclass(frozen=True)
class RubricResult:
    coverage: float
    items: tuple[PointResult, ...]
    relevance: float
    off_topic: bool
    explanation: str

    @property
    def missing(self) -> tuple[PointResult, ...]:
        return tuple(p for p in self.items if not p.covered)

    def to_dict(self) -> dict[str, object]:
        return {"coverage": round(self.coverage, 3), "covered": sum(p.covered for p in self.items),
                "total": len(self.items), "relevance": round(self.relevance, 3), "off_topic": self.off_topic,
                "explanation": self.explanation, "items": [p.to_dict() for p in self.items]}


def topic_vocabulary(q: Question) -> set[str]:
    text = " ".join([q.text, q.strong_answer, *(r.label for r in q.rubric), *(c for r in q.rubric for c in r.cues),
                     *(f.ask for f in q.follow_ups)])
    return {stem(w) for w in content_words([t.strip(".,?!;:'\"").lower() for t in text.split()])}


def relevance(tokens: list[Token], q: Question) -> float:
    """Share of the answer's content words that belong to the question's topic (0..1)."""
    words = [stem(w) for w in content_words([t.norm for t in tokens])]
    if not words:
        return 0.0
    vocab = topic_vocabulary(q)
    return sum(1 for w in words if w in vocab) / len(words)


@dataclass(frozen=True)
class _Hit:
    cue: str
    sentence: int
    where: tuple[int, ...]
    a: int
    b: int
    reason: str
    """Empty when the hit counts; otherwise why it was set aside."""


def _hits(cue: Cue, sent_units: list[list[Unit]], tokens: list[Token], domain: Domain):
    flat = [u for seq in sent_units for u in seq]
    offsets = list(itertools.accumulate([0] + [len(seq) for seq in sent_units]))
    for si, seq in enumerate(sent_units):
        for variant in cue.variants:
            for where in iter_matches(seq, variant):
                a, b = seq[where[0]].token, seq[where[-1]].token
                reason = ""
                if not cue.negative and negated(seq, tokens, where[0]) is not None:
                    reason = "negated"
                elif not cue.veto and hedged(seq, where[-1]):
                    reason = "hedged"
                elif not cue.veto and not in_context(flat, tuple(offsets[si] + k for k in where), domain):
                    reason = "context"
                elif not cue.veto and domain and self_description(seq) is not None:
                    reason = "self"
                elif not cue.veto and not cue.negative and domain and generic_claim(seq, where[0]):
                    reason = "generic"
                yield _Hit(cue.text, si, where, a, b, reason)


def _check_point(point: RubricPoint, sents: list[list[Token]], sent_units: list[list[Unit]],
                 tokens: list[Token], domain: Domain = Domain(frozenset(), ())) -> PointResult:
    needs_number = point.id in NUMERIC_POINTS
    cues = [compile_full(c) for c in point.cues]
    for cue in (c for c in cues if c.veto):
        for h in _hits(cue, sent_units, tokens, domain):
            if h.reason:
                continue
            ev = quote(tokens, h.a, h.b)
            return PointResult(point.id, point.label, False, ev, tokens[h.a].start_s, tokens[h.b].end_s, "!" + cue.text,
                               point.why, f'Not credited: you said "{ev}", which is the opposite of this point '
                                          f'(matches "!{cue.text}"). {point.why}'.strip())
    near_miss: tuple[str, int, int, str] | None = None
    set_aside: _Hit | None = None
    for cue in (c for c in cues if not c.veto):
        for h in _hits(cue, sent_units, tokens, domain):
            if h.reason:
                set_aside = set_aside or h
                continue
            if needs_number:
                nearby = sents[h.sentence] + (sents[h.sentence + 1] if h.sentence + 1 < len(sents) else [])
                if not any(is_number(t.norm) for t in nearby):
                    near_miss = near_miss or (cue.text, h.a, h.b, quote(tokens, h.a, h.b))
                    continue
            ev = quote(tokens, h.a, h.b)
            return PointResult(point.id, point.label, True, ev, tokens[h.a].start_s, tokens[h.b].end_s, cue.text,
                               point.why, f'Covered: you said "{ev}" (matches "{cue.text}").')
    if near_miss:
        cue_text, a, b, ev = near_miss
        return PointResult(point.id, point.label, False, ev, tokens[a].start_s, tokens[b].end_s, cue_text, point.why,
                           f'Not yet: you described a result ("{ev}") but gave no number. Say how much, how many or how fast.')
    if set_aside:
        h = set_aside
        ev = quote(tokens, h.a, h.b)
        why = {"negated": "you said it would not happen",
               "hedged": "it was followed straight away by a \"but\"",
               "context": "it was not about the customer, the team or the job in question",
               "self": "that sentence describes you rather than what you did or would do",
               "generic": "it was an opinion about what others should do, not what you did or would do"}[h.reason]
        return PointResult(point.id, point.label, False, "", None, None, "", point.why,
                           f'Missed: "{ev}" came close (cue "{h.cue}"), but {why}. {point.why}'.strip())
    return PointResult(point.id, point.label, False, "", None, None, "", point.why,
                       f"Missed: nothing in your answer showed this. {point.why}".strip())


def analyze_rubric(tokens: list[Token], q: Question, min_relevance: float = 0.0) -> RubricResult | None:
    """None when the question has no rubric."""
    if not q.rubric:
        return None
    sents = sentences(tokens)
    sent_units = [units(s) for s in sents]
    domain = question_domain(q)
    rel = relevance(tokens, q)
    off_topic = rel < min_relevance
    items = []
    for point in q.rubric:
        r = _check_point(point, sents, sent_units, tokens, domain)
        if off_topic and r.covered:
            r = PointResult(point.id, point.label, False, "", None, None, "", point.why,
                            "Not credited: the answer as a whole is not about this question.")
        items.append(r)
    covered = sum(p.covered for p in items)
    if off_topic:
        explanation = (f"Your answer does not seem to address the question (only {rel:.0%} of its key words relate "
                       f"to it), so no point is credited.")
    else:
        missed = [p.label for p in items if not p.covered]
        explanation = f"You covered {covered} of {len(items)} points an interviewer listens for."
        if missed:
            explanation += " Missing: " + "; ".join(missed) + "."
    return RubricResult(covered / len(items), tuple(items), rel, off_topic, explanation)
