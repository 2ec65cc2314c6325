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
  is not something they did or would do (except on a general question, where describing yourself is the answer:
  "My greatest strength is...", "I review my own tickets"; the rule about the candidate's own things below
  gives way there too).
* **Whose action, whose thing.** Someone else doing it ("I've had owners respond publicly", "the agent explained
  the policy", "my team leader was great... she built a plan with me": "she" pointing back to a manager, trainer
  or coach), someone doing it to the candidate ("she coached me", "...gave me extra coaching sessions"), an opinion
  about what others should do ("they should have the conversation early"), or the candidate's own things ("I
  tracked my progress", a sentence about "my data... my target") is not the candidate acting in the job. A story whose
  nearest person is an outsider ("my landlord... I followed up with emails") needs a customer or colleague named
  near the match; words of the job alone do not make it about the job.
* **Whose story.** The subject of the match's clause decides: a named colleague ("Priya on the escalations desk"),
  a role ("our supervisor, Tom", "the operations manager", HR), a firm ("the shop answered publicly", "they
  refunded everything") or "somebody" acting is not the candidate. A sentence that opens with a verb in the past
  and no subject ("Apologised straight away, let the caller talk...") carries on the story so far, so a
  colleague's story stays the colleague's, while "Had an agent missing target. Raised it early." stays the
  candidate's. A bare first name is a colleague in a question about customers and one of the team in a question
  about the team; the customer or rep acting ("she still shops with us") is left to the rules above.
* **Figures of speech.** "To be honest, ..." and a self-correcting "sorry, I mean" are not content.
* **Anchoring.** Once one point is credited under the strict context test above, the answer has shown it is about
  this job, and the other points need only a person or a word of the job in the match's sentence or the one
  before or after it: terse and rambling answers ("Fix the course if it's the course.") then still count.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple, Protocol

from ..bank import Question, RubricPoint
from .perspective import ACTION_KINDS, borrowed_story, candidate_actions, other_setting, receiving_end, spectator
from .perspective import KINDS as RECEIVING_END_KINDS
from .text import STOPWORDS, Token, Unit, content_words, is_number, plain, quote, sentences, stem, tokens_from_words, units, words_from_text

SYNONYMS_FILE = Path(__file__).resolve().parent.parent.parent / "data" / "synonyms" / "en.yaml"
MAX_GAP = 3
OPTIONAL = {"the", "a", "an", "my", "our", "your", "their", "his", "her", "its", "some"}
NUMERIC_POINTS = {"measurable_result", "before_after", "quantified_result"}

NEGATORS = frozenset({"not", "never", "no", "without", "nobody", "nothing", "none", "neither", "nor", "noone"})
NOT_NEGATING_AFTER = frozenset({"just", "only", "simply", "merely", "even", "necessarily"})
"""'not just X' and 'not only X' still say X."""
CLAUSE_BREAKS = frozenset({"but", "so", "because", "and", "then", "until", "while", "or", "cause", "which", "since",
                           "though", "although", "if", "unless", "when", "once", "before", "after"})
_BOUNDARY = (",", ";", ":", ".", "?", "!")
"""Punctuation that ends a clause."""
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
ORGANISATIONS = frozenset(stem(w) for w in "vendor supplier contractor outsourcer".split())
"""Outsiders that are firms: "he" or "she" never points back to one of them."""
PERSON_NOUNS = frozenset(stem(w) for w in """customer caller client passenger patient guest shopper buyer user member
rep agent associate advisor adviser employee colleague hire staff team supervisor trainer guy lady woman man gentleman
owner father mother dad mum person people""".split())
"""Nouns a pronoun can refer back to; one from a domain group the question is not about (a rep, in a question
about a customer) makes the pronoun no context."""
SINGULAR_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers", "himself", "herself"})
"""A singular pronoun cannot point back to a plural noun ("what colleagues wrote... I give him my extension"
is about the customer, not the colleagues); "they" can point at one person or many."""
ANTECEDENT_WINDOW = 40
TRAIT_AFTER_I_AM = frozenset("""a an the someone somebody always naturally very great good big known quite pretty
super extremely definitely passionate empathetic resilient confident organised organized positive patient calm
detail results process people""".split())
NOT_TRAIT_AFTER = frozenset({"sorry", "going", "not", "your", "their", "here", "happy", "bit", "little"})


TIME_WORDS = frozenset("""monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays
thursdays fridays saturdays sundays tomorrow tonight today noon midday morning afternoon evening eod lunchtime
o'clock oclock am pm hour hours minute minutes day days week weekend fortnight""".split())
CLOCK_RE = re.compile(r"^\d{1,4}(am|pm)$")
"""A clock time as transcribed: "10am", "3pm", "4.15pm" (punctuation is already gone: "415pm")."""
YEAR_RE = re.compile(r"^(19|20)\d\d$")
WORD_CLASSES = {
    "time": lambda u: u.norm in TIME_WORDS or bool(CLOCK_RE.match(u.norm)),
    "num": lambda u: is_number(u.norm),
    "year": lambda u: bool(YEAR_RE.match(u.norm)),
}
"""``#time`` in a cue matches a day or a time of day ("call her #time": "call her Tuesday afternoon", "at 10am");
``#num`` any number; ``#year`` a year ("back in 2019": a story set at a real time)."""


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


HEDGE_OF = frozenset({"sort", "kind"})
""""sort of", "kind of": a hedge, so "I sort of treat it like..." is not "sort it" (fix it)."""


def _hedge_word(seq: list[Unit], k: int) -> bool:
    return seq[k].norm in HEDGE_OF and k + 1 < len(seq) and seq[k + 1].norm == "of"


def iter_matches(seq: list[Unit], cue: tuple[CuePart, ...], max_gap: int = MAX_GAP):
    """Every match of ``cue`` in ``seq`` as the tuple of unit positions of its words (earliest first)."""
    if not cue:
        return
    for start, u in enumerate(seq):
        if not _part_matches(cue[0], u) or _hedge_word(seq, start):
            continue
        pos, ok, where = start, True, [start]
        for part in cue[1:]:
            nxt = next((k for k in range(pos + 1, min(len(seq), pos + 2 + max_gap))
                        if _part_matches(part, seq[k]) and not _hedge_word(seq, k)), None)
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
        if prev.token != seq[k].token and tokens[prev.token].punct_after in _BOUNDARY:
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


def hedged(seq: list[Unit], end: int, start: int | None = None) -> bool:
    """A "but" right after the match, or inside a gap of it ("I understand, but unfortunately it..." is no
    "I understand... it")."""
    lo = end + 1 if start is None else start + 1
    return any(seq[k].norm in HEDGES for k in range(lo, min(len(seq), end + 1 + HEDGE_WINDOW)))


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
        skipped: Unit | None = None
        for j in range(k - 1, max(-1, k - ANTECEDENT_WINDOW), -1):
            v = seq[j]
            if u.norm in SINGULAR_PRONOUNS and v.stem in ORGANISATIONS:
                continue  # "a supplier fell through and nobody had told her": a firm is not "her"
            if outsider_at(seq, j):
                return False
            if v.stem in PERSON_NOUNS:
                if u.norm in SINGULAR_PRONOUNS and _plural(v):
                    skipped = skipped or v  # "one of my reps... she" may still mean one of them
                    continue
                if any(seq[i].stem in OUTSIDERS for i in range(max(0, j - 2), j)):
                    return False  # "a supplier's sales rep... his manager": the vendor's person, not ours
                return not (domain is not None and domain.other(v))
        if skipped is not None:
            return not (domain is not None and domain.other(skipped))
    return True


SUBJECT_BEFORE = frozenset({"and", "but", "so", "then", "when", "because", "while", "had", "have", "has", "let", "get",
                            "got", "make", "made", "saw", "see", "watched", "where", "until", "after", "once", "if"})
DETERMINERS = frozenset({"the", "a", "an", "my", "our", "their", "his", "her", "this", "that", "one", "every", "each",
                         "another", "other", "some"})
FIRST_PERSON = frozenset({"i", "we", "me", "us", "you", "he", "she", "they", "it"})


def other_actor(seq: list[Unit], start: int, domain: Domain) -> Unit | None:
    """The person who did what the match describes, when it is plainly someone else: "I've had owners respond to
    reviews publicly", "the agent explained the policy and offered a voucher", "some apologise". A subject of the
    question's world ("the customer came back") or a pronoun is not set aside, and neither is an object ("I
    phoned the supplier and apologised")."""
    for k in range(start - 1, -1, -1):
        u = seq[k]
        if u.norm in FIRST_PERSON:
            return None
        generic = u.norm in ("some", "others") and (k + 1 < len(seq) and seq[k + 1].norm not in DETERMINERS)
        if not (generic or u.stem in OUTSIDERS or u.stem in PERSON_NOUNS) or u.punct in (",", ";", ":"):
            continue  # a subject is followed by its verb, not a comma ("clear actions, owners, deadlines")
        j = k - 1
        while j >= 0 and (seq[j].norm in DETERMINERS or seq[j].norm.endswith("'s")) and not generic:
            j -= 1
        as_subject = j < 0 or seq[j].norm in SUBJECT_BEFORE or seq[j].punct in _BOUNDARY
        if not as_subject:
            continue  # an object: "I phoned the supplier, then..." keeps looking for the subject
        if domain.has(u):
            return None
        return u
    return None


PLURAL_NOUNS = frozenset({"people", "staff", "team", "folks", "children", "men", "women"})


def _plural(u: Unit) -> bool:
    """ "colleagues", "reps", "people", "staff": a noun that names more than one person."""
    return u.norm in PLURAL_NOUNS or (u.norm.endswith("s") and u.norm != u.stem and not u.norm.endswith("ss"))


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
    if outsider_story(seq, where[0], domain):
        # the story is about a landlord or a vendor: only a customer or a colleague named near the match would
        # make it about the job ("...my landlord... I followed up with emails" is not following up a customer)
        return any(domain.has(seq[k]) and seq[k].stem in PERSON_NOUNS for k in range(lo, hi))
    # a domain word must be in the match's own clause: "...then the call centre, and each time I took ownership of
    # learning the new systems" is not ownership of a call
    a, b = where[0], where[-1]
    while a > lo and not _clause_end(seq[a - 1], seq[a]):
        a -= 1
    while b < hi - 1 and not _clause_end(seq[b], seq[b + 1]):
        b += 1
    a, b = min(a, max(lo, where[0] - NEAR)), max(b, min(hi - 1, where[-1] + NEAR))
    return any(k not in own and domain.has(seq[k]) and not _speakers_own(seq, k) for k in range(a, b + 1))


NOT_A_PERSON_AFTER = frozenset(stem(w) for w in """hotel hotels company companies site sites store stores brand brands
organisation organization firm business shop branch channel account program programme network site team airline
airlines carrier agency bank""".split())
"""An outsider word used as a modifier is no person: "our sister hotel", "a partner company"."""


def outsider_at(seq: list[Unit], j: int) -> bool:
    """``seq[j]`` names an outsider of the speaker's own life or a vendor: not "their boss" or "her son" (someone
    of the customer's or rep's world), not "our sister hotel", not "the vendor's slides"."""
    u = seq[j]
    if u.stem not in OUTSIDERS or u.norm.endswith("'s"):
        return False
    if j > 0 and seq[j - 1].norm in ("their", "his", "her", "the customer's", "customer's"):
        return False
    return not (j + 1 < len(seq) and seq[j + 1].stem in NOT_A_PERSON_AFTER)


def outsider_story(seq: list[Unit], start: int, domain: Domain) -> bool:
    """The nearest person named before ``start`` is an outsider (a landlord, a vendor, a friend)."""
    for j in range(start - 1, max(-1, start - ANTECEDENT_WINDOW), -1):
        if outsider_at(seq, j):
            return True
        if seq[j].stem in PERSON_NOUNS and not seq[j].norm.endswith("'s"):
            return False
    return False


SELF_FOCUS = frozenset(stem(w) for w in """target targets goal goals data number numbers metric metrics kpi kpis score
scores progress pace result results plan sales performance stats figures""".split())


def self_focused(seq: list[Unit], domain: Domain) -> bool:
    """A sentence about the speaker's own numbers ("I analysed my data, set a realistic target..."): its words of
    the job are the speaker's, so a phrase cue in it does not vouch for itself."""
    return any(seq[k].norm in ("my", "myself") and (seq[k + 1].stem in SELF_FOCUS or seq[k + 1].norm in ("personal", "own"))
               for k in range(len(seq) - 1))


def _clause_end(u: Unit, nxt: Unit) -> bool:
    return u.token != nxt.token and u.punct in _BOUNDARY


def _speakers_own(seq: list[Unit], k: int) -> bool:
    """ "my target", "my own numbers": the speaker's own thing, not the job's (but "my team", "my reps" are)."""
    return k > 0 and seq[k - 1].norm in ("my", "own") and seq[k].stem not in PERSON_NOUNS


THIRD_PARTY = frozenset({"he", "she", "they", "manager", "boss", "supervisor", "coach", "mentor", "trainer", "teacher",
                         "lead", "director", "landlord", "friend", "someone", "somebody"})
CAUSATIVE = frozenset({"let", "have", "get", "ask", "make", "help", "want"})


def done_to_speaker(seq: list[Unit], where: tuple[int, ...]) -> bool:
    """ "She coached me", "my manager had a conversation with me", "she built an action plan with me": someone
    else did it and the candidate received it, so it is not what the candidate did ("I'd let them tell me" and
    "I'd build a plan with her" are still the candidate's doing)."""
    a, b = where[0], where[-1]
    after = [seq[k].norm for k in range(b + 1, min(len(seq), b + 3))]
    if "me" not in after[:1] and not (after[:2] == ["with", "me"] or after[:2] == ["to", "me"]):
        return False
    # the subject of the cue's clause: the nearest I/we or third party before it, within the clause
    for k in range(a - 1, max(-1, a - 8), -1):
        u = seq[k]
        if u.punct in _BOUNDARY or (u.norm in CLAUSE_BREAKS and u.norm != "and"):
            return False
        if u.norm in ("i", "we"):
            return False
        if u.norm in THIRD_PARTY or u.stem in ("manag", "boss", "supervisor", "coach"):
            return not (k > 0 and seq[k - 1].stem in CAUSATIVE)
    return False


SUPERIORS = frozenset(stem(w) for w in """manager leader trainer supervisor boss coach teacher mentor director head hr
instructor""".split())
"""People above or beside the speaker in a story told from the receiving end ("my team leader... she built a plan")."""


def superior_did_it(seq: list[Unit], flat: list[Unit], offset: int, where: tuple[int, ...], domain: Domain) -> bool:
    """The cue's clause has "she" or "he" as its subject (no "I" or "we" in between), and that pronoun points back
    to the speaker's manager, trainer, coach... or to a person of a group this question is not about (an airline
    agent, in a question about a refund): "the trainer realised the course was the problem, so she redesigned it"."""
    for k in range(where[0] - 1, max(-1, where[0] - 8), -1):
        u = seq[k]
        if u.punct in _BOUNDARY or (u.norm in CLAUSE_BREAKS and u.norm not in ("and", "so")):
            return False
        if u.norm in ("i", "we"):
            return False
        if u.norm in ("she", "he"):
            for j in range(offset + k - 1, max(-1, offset + k - ANTECEDENT_WINDOW), -1):
                v = flat[j]
                if v.stem in SUPERIORS and not v.norm.endswith("'s"):
                    return not (j > 0 and flat[j - 1].stem in CAUSATIVE | {"tell", "ask"})
                if v.stem in PERSON_NOUNS and not v.norm.endswith("'s"):
                    return bool(domain) and domain.other(v)
            return False
    return False


THIRD_PARTY_NOUNS = frozenset("""manager managers leader leaders lead leads supervisor supervisors boss bosses trainer
trainers coach coaches mentor mentors teacher teachers director directors hr ld ops operations planning management
analyst analysts facilitator facilitators instructor instructors colleague colleagues coworker coworkers teammate
teammates somebody someone companies businesses brands organisations organizations firms""".split())
"""People (and firms) who act in a story instead of the candidate: as the subject of a clause, their actions are not
the candidate's, even when they belong to the question's world (a supervisor in a question about a rep). Compared
as written: "coaching" is not a coach."""
NOT_SINGULAR = frozenset("""hr ld ops operations planning management companies businesses brands
organisations organizations firms""".split())
"""Subjects "she" or "he" cannot point back to."""
ORG_ACTORS = frozenset("""shop store company airline bank hotel business brand firm retailer insurer provider council
centre center shops stores airlines banks hotels retailers""".split())
"""Firms named as the subject of a clause ("the shop answered publicly"): the candidate speaks of their own employer
as "we"."""
NP_MODIFIERS = frozenset("""team regional area operations store line shift senior junior new old quality workforce
training duty floor night day deputy general head customer service contact call centre l ld hr it other""".split())
"""Words that may stand before the noun of a subject ("the operations analyst", "our regional manager")."""
NOT_NAMES = frozenset("""i i'm i'd i'll i've mr mrs ms miss dr sir madam monday tuesday wednesday thursday friday
saturday sunday january february march april may june july august september october november december christmas
easter english spanish french covid facebook instagram twitter linkedin google trustpilot tiktok whatsapp youtube
zendesk salesforce excel teams slack zoom ok okay oh ah hey hi hello wow yes yeah right look listen sorry thanks
please dear gosh honestly""".split())
TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "madam"})
PLAIN_ROLES = frozenset("""manager managers director directors head lead leads leader leaders""".split())
"""Roles that are someone else only when the speaker says whose ("my manager", "our team leads", "the operations
manager"): a customer can be "the practice manager"."""

STATE_VERBS = frozenset(stem(w) for w in """was were am be been saw see seen watched watch heard hear remember
remembered think thought guess mean know knew sat""".split())
ADVERBS_AFTER_I = frozenset("ever just mostly only really also actually then usually always basically".split())
OBJECT_VERBS = frozenset(stem(w) for w in "let thank tell told help ask give show make get see hear".split())
"""Verbs before "you" that make it an object ("let you tell your story"), not the speaker's generic "you"."""
PAST_FORMS = frozenset("""took got gave made found rang sent told said did kept ran built wrote dug sat went came brought
paid held spent met led taught caught began chose drew showed saw heard felt left stood bought knew had put set let cut
redid rewrote""".split())
LEAD_IN = frozenset("""so and then um uh er erm okay ok well also but first next after that yeah oh basically honestly
just literally""".split())
DEPARTMENTS = frozenset("""marketing social media billing tech technical it finance sales legal comms communications pr
product engineering logistics warehouse dispatch facilities compliance security escalations retention collections
accounts web digital""".split())
"""Other departments: "our marketing team did the public reply" is not the candidate replying."""
TEAM_WORDS = frozenset("team teams department dept people guys".split())
VERB_OBJECT_AFTER = frozenset("the a an her him them my our your their each those these everyone people".split())
STORY_WINDOW = 150
"""How far back a subject-less sentence looks for the subject of the story it carries on."""
GENERIC_BEFORE = frozenset("good great best any every most decent bad real".split())
"""'A good manager looks at...', 'every manager', 'the best managers': an opinion about managers in general."""


def _third_role(flat: list[Unit], k: int) -> bool:
    """``flat[k]`` names someone above or beside the speaker (a supervisor, a colleague, "my manager", "the
    regional manager", HR), not someone of the customer's or rep's world ("his manager", "the station manager")."""
    u = flat[k]
    if not (u.norm in THIRD_PARTY_NOUNS or u.stem in SUPERIORS):
        return False
    before, modified = _owner(flat, k)
    if before in GENERIC_BEFORE:
        return True
    if before in ("their", "his", "her", "your") or before.endswith("'s"):
        return False
    if u.norm in PLAIN_ROLES or (u.stem in SUPERIORS and u.norm not in THIRD_PARTY_NOUNS):
        return before in ("my", "our") or modified
    return True


def _owner(flat: list[Unit], k: int) -> tuple[str, bool]:
    """The word before the noun phrase that ``flat[k]`` heads ("my" in "my team leader"), and whether a modifier
    stands between them ("the *regional* manager")."""
    j = k - 1
    while j >= 0 and flat[j].norm in NP_MODIFIERS and flat[j].norm not in ("customer", "other"):
        j -= 1
    return (flat[j].norm if j >= 0 else ""), j < k - 1


def _np_start(flat: list[Unit], k: int, sent_start: int, names: dict[int, bool]) -> bool:
    """``flat[k]`` heads a noun phrase that opens its clause ("Our supervisor, Tom, ran...", "The operations
    analyst pulled...", "...unless somebody fixes..."), so it is the clause's subject, not an object."""
    j = k - 1
    while j >= sent_start and flat[j].punct not in _BOUNDARY and (
            flat[j].norm in DETERMINERS or flat[j].norm in NP_MODIFIERS or flat[j].norm in GENERIC_BEFORE
            or flat[j].norm in DEPARTMENTS or flat[j].token in names):
        j -= 1
    return j < sent_start or flat[j].punct in _BOUNDARY or flat[j].norm in CLAUSE_BREAKS or \
        flat[j].norm in SUBJECT_BEFORE or flat[j].norm in LEAD_IN


def story_names(tokens: list[Token], flat: list[Unit], domain: Domain) -> dict[int, bool]:
    """Token index -> is a third party, for every person named by first name: a capitalised word, not at the start
    of a sentence (or capitalised there and elsewhere), that opens a clause somewhere or stands next to a role
    word. A name next to a role word takes its role ("my colleague Jamal", "a rep, Kevin", "Mrs Patel"); a bare
    name is one of the team in a question about the team, and a third party (a colleague) in one about customers."""
    def capitalised(t: Token) -> bool:
        w = t.text.strip(".,;:!?\"'()")
        w = w[:-2] if w.endswith("'s") else w
        return len(w) > 1 and w[0].isupper() and w[1:].islower() and w.lower() not in NOT_NAMES and \
            w.lower() not in STOPWORDS
    starts = {0} | {i + 1 for i, t in enumerate(tokens) if t.punct_after in (".", "?", "!")} | {
        i for i, t in enumerate(tokens) if t.text[:1] in "\"\u201c'\u2018"}  # a quote opens a sentence too
    known = {tokens[i].norm for i in range(len(tokens)) if i not in starts and capitalised(tokens[i])}
    if not known:
        return {}
    team_question = domain.has(Unit("rep", "rep", -1))  # the question's world includes the team
    sent_of = {}
    s0 = 0
    for k, u in enumerate(flat):
        sent_of[k] = s0
        if u.punct in (".", "?", "!") and (k + 1 == len(flat) or flat[k + 1].token != u.token):
            s0 = k + 1
    role: dict[str, bool] = {}
    opens: set[str] = set()
    for k, u in enumerate(flat):
        if u.norm not in known or not capitalised(tokens[u.token]):
            continue
        if _np_start(flat, k, sent_of[k], {}):
            opens.add(u.norm)
        if u.norm in role:
            continue
        for j in sorted(range(max(0, k - 3), min(len(flat), k + 4)), key=lambda j: abs(j - k)):
            v = flat[j]
            if j == k:
                continue
            if v.norm in TITLES:
                role[u.norm] = False
                break
            if v.norm in THIRD_PARTY_NOUNS or v.stem in OUTSIDERS or v.stem in SUPERIORS or (domain and domain.other(v)):
                role[u.norm] = True
                break
            if v.stem in PERSON_NOUNS and domain.has(v):
                role[u.norm] = False
                break
    people = role | {n: not team_question for n in opens if n not in role}
    return {i: people[t.norm] for i, t in enumerate(tokens) if t.norm in people and capitalised(t)}


def _as_subject(flat: list[Unit], k: int, sent_start: int, domain: Domain, names: dict[int, bool],
                inherited: bool) -> str:
    """What ``flat[k]`` is as the subject of its clause: "speaker", "third" (someone else acting), "domain" (the
    customer or rep the question is about) or "" (not a subject)."""
    u = flat[k]
    if u.norm in ("i", "we"):
        j = k + 1
        while j < len(flat) and flat[j].norm in ADVERBS_AFTER_I:
            j += 1
        if inherited and j < len(flat) and flat[j].stem in STATE_VERBS:
            return ""  # "...the best one I ever saw was my colleague Jamal": the speaker looking on
        return "speaker"
    if u.norm == "you":
        return "" if k > 0 and flat[k - 1].stem in OBJECT_VERBS else "speaker"
    named = names.get(u.token)
    if named is not None and (inherited or _np_start(flat, k, sent_start, names)):
        return "third" if named else "domain"
    if u.norm in ("she", "he", "they"):
        singular = u.norm != "they"
        for j in range(k - 1, max(-1, k - ANTECEDENT_WINDOW), -1):
            v = flat[j]
            if names.get(v.token) is not None:
                return "third" if names[v.token] else "domain"
            if singular and (v.norm in NOT_SINGULAR or v.norm in ORG_ACTORS or _plural(v)):
                continue  # "my manager put the whole team on a plan. She..." is the manager
            if v.norm in ORG_ACTORS and not v.norm.endswith("'s"):
                return "third"
            if outsider_at(flat, j) or (_third_role(flat, j) and _owner(flat, j)[0] in ("my", "our")):
                return "third"  # "my team leader... she": but not "a colleague had promised a bride... she"
            if v.stem in SUPERIORS or v.norm in THIRD_PARTY_NOUNS:
                continue  # "I went to the regional manager... She still shops with us": she is the customer
            if v.stem in PERSON_NOUNS:
                return "third" if domain and domain.other(v) else "domain"
        return "domain"  # no one to point back to: someone the story is about, not a third party
    if u.norm.endswith("'s") or not _np_start(flat, k, sent_start, names):
        return ""
    if k + 1 < len(flat) and flat[k + 1].norm in VERB_OBJECT_AFTER and u.punct not in _BOUNDARY:
        return ""  # "Coach the agents", "lead the team": a verb, not a coach or a lead
    if u.norm in ("someone", "somebody") and k > 0 and flat[k - 1].norm in ("if", "when", "whenever", "once"):
        return "domain"  # "if someone can't get their money back": the customer, in general
    if _third_role(flat, k) or u.norm in ORG_ACTORS:
        return "third"
    if u.norm in TEAM_WORDS and k > 0 and flat[k - 1].norm in DEPARTMENTS:
        return "third"
    if u.stem in PERSON_NOUNS:
        return "third" if domain and domain.other(u) else "domain"
    return ""


def _narrated(flat: list[Unit], sent_start: int) -> bool:
    """The sentence opens with a verb in the past and no subject ("Apologised straight away, let the caller talk"):
    it carries on the story so far."""
    k = sent_start
    while k < len(flat) and flat[k].norm in LEAD_IN:
        k += 1
    if k >= len(flat):
        return False
    w = flat[k].norm
    return w in PAST_FORMS or (w.endswith("ed") and len(w) > 4)


def third_party_actor(flat: list[Unit], pos: int, sent_start: int, domain: Domain, names: dict[int, bool]) -> Unit | None:
    """The someone else who does what the words at ``flat[pos]`` describe, or None when it is the candidate (or
    the customer or rep the question is about, left to the other rules). The subject is the nearest one before
    the words in their sentence: "Our supervisor, Tom, ran a quick survey", "the shop answered publicly", "they
    refunded everything" (they: the shop). A sentence that opens with a verb in the past ("Apologised straight
    away, let the caller talk...") carries on the story so far: its subject is the last person before it who is
    not the customer or rep being served, so a story about a colleague stays the colleague's, while "Had an
    agent missing target. Raised it early." stays the candidate's."""
    for k in range(pos - 1, sent_start - 1, -1):
        c = _as_subject(flat, k, sent_start, domain, names, inherited=False)
        if c == "third":
            return flat[k]
        if c:
            return None
    if not _narrated(flat, sent_start):
        return None
    k = sent_start - 1
    while k >= 0 and pos - k <= STORY_WINDOW:
        s0 = k
        while s0 > 0 and flat[s0 - 1].punct not in (".", "?", "!"):
            s0 -= 1
        c = _as_subject(flat, k, s0, domain, names, inherited=True)
        if c == "third":
            return flat[k]
        if c == "speaker":
            return None
        k -= 1
    return None


def _someone_else(flat: list[Unit], pos: int, sent_start: int, domain: Domain, names: dict[int, bool],
                  about_self: bool) -> bool:
    """``third_party_actor`` found someone; on a general question a claim about good managers in general ("good
    leaders remove obstacles") is the candidate's own view, which is what such a question asks for."""
    actor = third_party_actor(flat, pos, sent_start, domain, names)
    if actor is None:
        return False
    if about_self:
        k = next((j for j in range(pos - 1, -1, -1) if flat[j] is actor), -1)
        return not (k >= 0 and _owner(flat, k)[0] in GENERIC_BEFORE)
    return True


def sentence_actor(flat: list[Unit], start: int, end: int, domain: Domain, names: dict[int, bool]) -> Unit | None:
    """``third_party_actor`` for a whole sentence (the meaning match's evidence): the subject of its first clause
    decides ("Took him to one side, ... rang him to check he was okay" has none: the story's)."""
    for k in range(start, end):
        c = _as_subject(flat, k, start, domain, names, inherited=False)
        if c == "third":
            return flat[k]
        if c:
            return None
        if flat[k].punct in _BOUNDARY or (k + 1 < end and flat[k + 1].norm in CLAUSE_BREAKS):
            break
    return third_party_actor(flat, start, start, domain, names)


MY_OWN_OK = frozenset(stem(w) for w in """line number extension name mobile direct contact card email phone own manager
boss supervisor team reps agents lead leads colleague colleagues door calendar diary word promise desk""".split())
"""Things of the speaker's that are part of doing the job ("my direct line", "my own extension", "my team")."""


def speakers_own_object(seq: list[Unit], where: tuple[int, ...]) -> bool:
    """ "I tracked my progress", "I adjusted my plan", "I hit my target": the cue's words are about the speaker's
    own thing, not a customer's or the team's."""
    for k in where[1:]:
        if k > 0 and seq[k - 1].norm in ("my", "myself") and seq[k].stem not in MY_OWN_OK and \
                seq[k].stem not in PERSON_NOUNS:
            return True
    return False


FRANK = frozenset({"honest", "frank", "fair", "truthful"})
NOT_MARKER_AFTER = frozenset({"with", "about", "that", "and", "to", "in", "on", "when", "if", "why", "the", "our", "what"})
SORRY_BEFORE = frozenset({"say", "said", "says", "saying", "tell", "told", "am", "are", "is", "was", "were", "be", "so",
                          "really", "very", "truly", "deeply", "genuinely", "sincerely", "terribly", "awfully", "feel",
                          "felt", "how", "we", "i", "a", "an", "just", "apologise", "apologize"})
FILLER_AFTER_SORRY = frozenset({"i", "what", "no", "let", "where", "wait", "actually", "um", "uh", "erm", "like", "sorry",
                                "the", "it", "so", "yes", "yeah", "anyway", "my", "that", "which"})


def discourse_marker(seq: list[Unit], tokens: list[Token], where: tuple[int, ...]) -> bool:
    """The match is a figure of speech, not content: "to be honest, the customer is always right" (but "to be
    honest with them about why" is content), or "sorry, I mean the second week" (a self-correction, not an
    apology: "I said sorry, I know it's been awful" still is one)."""
    a, b = where[0], where[-1]
    for k in range(max(0, a - 2), min(len(seq) - 2, b + 1)):
        if seq[k].norm == "to" and seq[k + 1].norm == "be" and seq[k + 2].norm in FRANK and a >= k and b <= k + 2:
            return k + 3 >= len(seq) or seq[k + 3].norm not in NOT_MARKER_AFTER or seq[k + 2].punct in (",", ".", ";")
    if a == b and seq[a].norm == "sorry" and tokens[seq[a].token].punct_after == ",":
        before = seq[a - 1].norm if a > 0 and seq[a - 1].punct not in (".", "?", "!") else ""
        after = seq[a + 1].norm if a + 1 < len(seq) else ""
        return before not in SORRY_BEFORE and after in FILLER_AFTER_SORRY and not (
            a + 2 < len(seq) and seq[a + 2].stem in ("know", "understand", "hear", "realis", "realiz", "apologiz"))
    return False


def generic_claim(seq: list[Unit], start: int) -> bool:
    """ "Every brand should respond publicly", "they should have the conversation early, understand the cause...":
    an opinion about what others should do, not the candidate's action. "I/we/you should" and "he/she should"
    (a customer or rep) are not opinions about others' conduct."""
    for k in range(start - 1, max(0, start - 20), -1):
        if seq[k].norm in ("i", "we"):
            return False
        if seq[k].norm == "should" and seq[k - 1].norm not in ("i", "we", "would", "you", "he", "she"):
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


OFF_TOPIC_REASONS = ("key_words", "receiving_end", "spectator", "outside_work", "elsewhere", "no_action",
                     "other_setting")
"""Under 12% of the question's key words; told from the receiving end; someone else's story told as one of the
team; set outside work; a story reached for from elsewhere ("the closest thing I've got is..."); the speaker never
acts; the off-topic test (another setting, read from the whole answer)."""


@dataclass(frozen=True)
class RubricResult:
    coverage: float
    items: tuple[PointResult, ...]
    relevance: float
    off_topic: bool
    explanation: str
    off_topic_reason: str = ""
    """Why the answer was set aside (empty when it was not): one of ``OFF_TOPIC_REASONS``."""

    @property
    def missing(self) -> tuple[PointResult, ...]:
        return tuple(p for p in self.items if not p.covered)

    def to_dict(self) -> dict[str, object]:
        return {"coverage": round(self.coverage, 3), "covered": sum(p.covered for p in self.items),
                "total": len(self.items), "relevance": round(self.relevance, 3), "off_topic": self.off_topic,
                "off_topic_reason": self.off_topic_reason, "explanation": self.explanation, "items": [p.to_dict() for p in self.items]}


def topic_vocabulary(q: Question) -> set[str]:
    text = " ".join([q.text, q.strong_answer, *(r.label for r in q.rubric), *(c for r in q.rubric for c in r.cues),
                     *(f.ask for f in q.follow_ups)])
    vocab = {stem(w) for w in content_words([t.strip(".,?!;:'\"").lower() for t in text.split()])}
    # a paraphrase in everyday words ("ring", "swap", "fed up") is as much on topic as the bank's own word
    syn = synonym_groups()
    return vocab.union(*(syn.get(w, ()) for w in vocab))


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


RELAX_LEVEL = 2
ANCHOR_MIN = 1


def sentence_context(sent_units: list[list[Unit]], si: int, domain: Domain, level: int = RELAX_LEVEL) -> bool:
    """The looser test used once the answer is anchored: a person or a word of the question's world anywhere in
    the match's sentence (level 1), or in the sentence before or after it too (level 2); level 3 needs nothing."""
    if level >= 3:
        return True
    span = range(max(0, si - 1), min(len(sent_units), si + 2)) if level >= 2 else range(si, si + 1)
    for j in span:
        seq = sent_units[j]
        if any(is_person(seq, k, domain) or (domain.has(seq[k]) and not _speakers_own(seq, k)) for k in range(len(seq))):
            return True
    return False


@dataclass(frozen=True)
class _Answer:
    """What every cue of every point is matched against: one answer, split and read once."""

    tokens: list[Token]
    sents: list[list[Token]]
    sent_units: list[list[Unit]]
    flat: list[Unit]
    """All units of the answer in order; sentence ``si`` starts at ``offsets[si]``."""
    offsets: list[int]
    domain: Domain
    names: dict[int, bool]
    about_self: bool
    """The question asks the candidate about themself ("your greatest strength"), so a self-description, or the
    candidate's own standards and numbers ("I review my own tickets"), is the answer."""

    @staticmethod
    def read(tokens: list[Token], domain: Domain, about_self: bool = False) -> _Answer:
        sents = sentences(tokens)
        sent_units = [units(s) for s in sents]
        flat = [u for seq in sent_units for u in seq]
        offsets = list(itertools.accumulate([0] + [len(seq) for seq in sent_units]))
        names = story_names(tokens, flat, domain) if domain else {}
        return _Answer(tokens, sents, sent_units, flat, offsets, domain, names, about_self)


def _hits(cue: Cue, ans: _Answer, anchored: bool = False):
    """Every match of ``cue``, with the reason it is set aside (empty when it counts)."""
    tokens, sent_units, flat, offsets = ans.tokens, ans.sent_units, ans.flat, ans.offsets
    domain, names, about_self = ans.domain, ans.names, ans.about_self
    for si, seq in enumerate(sent_units):
        for variant in cue.variants:
            for where in iter_matches(seq, variant):
                a, b = seq[where[0]].token, seq[where[-1]].token
                reason = ""
                if not cue.veto and discourse_marker(seq, tokens, where):
                    reason = "filler"
                elif not cue.negative and negated(seq, tokens, where[0]) is not None:
                    reason = "negated"
                elif not cue.veto and hedged(seq, where[-1], where[0]):
                    reason = "hedged"
                elif not cue.veto and not in_context(flat, tuple(offsets[si] + k for k in where), domain) and \
                        not (anchored and sentence_context(sent_units, si, domain)
                             and not outsider_story(flat, offsets[si] + where[0], domain)):
                    reason = "context"
                elif not cue.veto and domain and not about_self and len(where) > 1 and self_focused(seq, domain) and \
                        not any(is_person(flat, offsets[si] + k, domain) for k in range(len(seq))):
                    reason = "own"
                elif not cue.veto and domain and (other_actor(seq, where[0], domain) is not None
                                                  or superior_did_it(seq, flat, offsets[si], where, domain)
                                                  or _someone_else(flat, offsets[si] + min(where[0] + 2, where[-1] + 1),
                                                                   offsets[si], domain, names, about_self)):
                    reason = "actor"
                elif not cue.veto and domain and not about_self and self_description(seq) is not None:
                    reason = "self"
                elif not cue.veto and domain and not about_self and speakers_own_object(seq, where):
                    reason = "own"
                elif not cue.veto and domain and done_to_speaker(seq, where):
                    reason = "recipient"
                elif not cue.veto and not cue.negative and domain and generic_claim(seq, where[0]):
                    reason = "generic"
                yield _Hit(cue.text, si, where, a, b, reason)


def _check_point(point: RubricPoint, ans: _Answer, anchored: bool = False) -> PointResult:
    tokens, sents = ans.tokens, ans.sents
    needs_number = point.id in NUMERIC_POINTS
    cues = [compile_full(c) for c in point.cues]
    for cue in (c for c in cues if c.veto):
        for h in _hits(cue, ans, anchored):
            if h.reason:
                continue
            ev = quote(tokens, h.a, h.b)
            return PointResult(point.id, point.label, False, ev, tokens[h.a].start_s, tokens[h.b].end_s, "!" + cue.text,
                               point.why, f'Not credited: you said "{ev}", which is the opposite of this point '
                                          f'(matches "!{cue.text}"). {point.why}'.strip())
    near_miss: tuple[str, int, int, str] | None = None
    set_aside: _Hit | None = None
    for cue in (c for c in cues if not c.veto):
        for h in _hits(cue, ans, anchored):
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
        why = {"filler": "it was a figure of speech (\"to be honest\", \"sorry, I mean\") rather than part of your answer",
               "negated": "you said it would not happen",
               "hedged": "it was followed straight away by a \"but\"",
               "context": "it was not about the customer, the team or the job in question",
               "self": "that sentence describes you rather than what you did or would do",
               "own": "it was about your own things (\"my progress\", \"my plan\"), not the customer's or the team's",
               "recipient": "someone else did that to you, so it is not what you did",
               "actor": "someone else did that, not you",
               "generic": "it was an opinion about what others should do, not what you did or would do"}[h.reason]
        return PointResult(point.id, point.label, False, "", None, None, "", point.why,
                           f'Missed: "{ev}" came close (cue "{h.cue}"), but {why}. {point.why}'.strip())
    return PointResult(point.id, point.label, False, "", None, None, "", point.why,
                       f"Missed: nothing in your answer showed this. {point.why}".strip())


class Closest(NamedTuple):
    """The answer sentence that best makes a point, by meaning."""

    sentence: int
    """Which answer sentence."""
    score: float
    example: str
    """The covering example nearest to it (empty when the point has none)."""
    needs: float | None = None
    """The score it must reach, when the scorer sets it (a classifier's threshold); None: the caller's margin."""


class MeaningScorer(Protocol):
    """Scores answer sentences against example sentences of a point (``simulator.meaning.MeaningIndex``)."""

    def closest(self, question_id: str, point_id: str, sentences: list[str]) -> Closest | None: ...

    def off_topic(self, question_id: str, text: str, kind: str = "") -> tuple[float, float, list[str]] | None: ...


MEANING_MARGIN = 0.075
"""For points scored by their nearest examples (no classifier): chosen by cross-validation over the four
development sets (train on three, score the fourth)."""


def _meaning_credit(point: RubricPoint, r: PointResult, q: Question, sents: list[list[Token]], texts: list[str],
                    tokens: list[Token], meaning: MeaningScorer, margin: float,
                    someone_else: list[bool] | None = None) -> PointResult:
    """A point the cues missed, credited when one sentence reads like answers that covered it. Not for a point the
    answer contradicted (a veto matched) or a result that needs a number the sentence does not give."""
    if r.covered or r.explanation.startswith("Not credited") or r.explanation.startswith("Not yet"):
        return r
    best = meaning.closest(q.id, point.id, texts)
    needs = margin if best is None or best.needs is None else best.needs
    if best is None or best.score < needs:
        return r
    i, score, example = best.sentence, best.score, best.example
    if point.id in NUMERIC_POINTS and not any(is_number(t.norm) for t in sents[i]):
        return r
    if someone_else and someone_else[i]:
        return r  # a sentence about what someone else did ("Our supervisor used those calls in training.")
    seq = units(sents[i])
    if any(generic_claim(seq, k + 1) for k in range(len(seq)) if seq[k].norm == "should"):
        return r  # an opinion about what others should do, not what the candidate did
    a, b = sents[i][0].i, sents[i][-1].i
    ev = texts[i]
    if best.needs is None:
        how = f'closest example: "{example}"; meaning score {score:+.3f}, needs {needs:+.3f}'
    else:
        how = (f"a classifier trained on hand-labelled answers gives it {score:.2f}, needs {needs:.2f}"
               + (f'; closest example: "{example}"' if example else ""))
    return PointResult(point.id, point.label, True, ev, tokens[a].start_s, tokens[b].end_s, "~meaning", point.why,
                       f'Covered in other words: "{ev}" reads like answers that made this point ({how}).')


_SET_ASIDE: tuple[tuple[frozenset[str], Callable[[str], list[str]], str, int, str], ...] = (
    (RECEIVING_END_KINDS, receiving_end, "receiving_end", 3,
     "You told this from the receiving end ({said}): as the customer, or as the one being managed. An interviewer "
     "wants what you did or would do in charge, so no point is credited. Answer as the manager handling this "
     "situation."),
    (ACTION_KINDS, spectator, "spectator", 2,
     "You told someone else's story as one of the team ({said}): an interviewer wants what you did or would do in "
     "charge, so no point is credited. Say what you would do as the manager."),
    (ACTION_KINDS, other_setting, "outside_work", 2,
     "Your story is set outside work ({said}) and never mentions customers, a team or the job, so no point is "
     "credited: it can show the right instincts, but tell a story from work, or say what you would do as the "
     "manager."),
    (ACTION_KINDS | {"operational"}, borrowed_story, "elsewhere", 2,
     "You reached for a story from somewhere other than this job ({said}), so no point is credited: it can show the "
     "right instincts, but an interviewer wants what you did at work, or what you would do as the manager here."),
)
"""Whole-answer tests (simulator/analysis/perspective.py): question kinds, the test, its ``off_topic_reason``, how
many of its phrases the explanation quotes, and the explanation."""


def analyze_rubric(tokens: list[Token], q: Question, min_relevance: float = 0.0, meaning: MeaningScorer | None = None,
                   meaning_margin: float = MEANING_MARGIN) -> RubricResult | None:
    """None when the question has no rubric. ``meaning`` (optional) adds credit for paraphrases the cues miss,
    only in an answer that already covers a point by its cues."""
    if not q.rubric:
        return None
    domain = question_domain(q)
    ans = _Answer.read(tokens, domain, about_self=q.kind == "general")
    said_all = plain(tokens)
    rel = relevance(tokens, q)
    off_topic = rel < min_relevance
    reason = "key_words" if off_topic else ""
    why_off = (f"Your answer does not seem to address the question (only {rel:.0%} of its key words relate "
               f"to it), so no point is credited.")
    for kinds, test, why, shown, message in _SET_ASIDE:  # the first whole-answer test that finds its phrases
        found = test(said_all) if q.kind in kinds and not off_topic else []
        if found:
            off_topic, reason = True, why
            why_off = message.format(said=", ".join(f'"{w}"' for w in found[:shown]))
    texts = [plain(s) for s in ans.sents]
    off = ans.offsets
    someone_else = [bool(domain) and sentence_actor(ans.flat, off[i], off[i + 1], domain, ans.names) is not None
                    for i in range(len(ans.sent_units))]
    if q.kind in ACTION_KINDS and not off_topic and not candidate_actions(texts, someone_else):
        off_topic, reason = True, "no_action"
        why_off = ("Your answer never says what you did or would do: it gives opinions, or tells what others did "
                   "while you watched, so no point is credited. Say what you would do, or what you did, in your "
                   "own words (\"I'd call her back...\", \"I sat down with the rep...\").")
    frame = meaning.off_topic(q.id, said_all, q.kind) if meaning is not None and not off_topic else None
    if frame is not None and frame[0] >= frame[1]:
        off_topic, reason = True, "other_setting"
        words = f' (words such as {", ".join(repr(w) for w in frame[2][:4])})' if frame[2] else ""
        why_off = (f"Your answer reads as being about something other than doing this job{words}, for example your "
                   f"own experience as a customer or another setting (off-topic score {frame[0]:.2f}, limit "
                   f"{frame[1]:.2f}), so no point is credited. Answer as the manager handling this situation.")
    items = [_check_point(point, ans) for point in q.rubric]
    if domain and sum(p.covered for p in items) >= ANCHOR_MIN:
        # anchored: one point already stands on evidence that is plainly about this job, so the rest of the answer
        # is read as being about it too, and a point needs only a person or a word of the job in its sentence
        items = [p if p.covered else _check_point(point, ans, anchored=True)
                 for p, point in zip(items, q.rubric, strict=True)]
    if meaning is not None and not off_topic and sum(p.covered for p in items) >= ANCHOR_MIN:
        items = [_meaning_credit(point, r, q, ans.sents, texts, tokens, meaning, meaning_margin, someone_else)
                 for point, r in zip(q.rubric, items, strict=True)]
    checked, items = items, []
    for point, r in zip(q.rubric, checked, strict=True):
        if off_topic and r.covered:
            r = PointResult(point.id, point.label, False, "", None, None, "", point.why,
                            "Not credited: the answer as a whole is not about this question.")
        items.append(r)
    covered = sum(p.covered for p in items)
    if off_topic:
        explanation = why_off
    else:
        missed = [p.label for p in items if not p.covered]
        explanation = f"You covered {covered} of {len(items)} points an interviewer listens for."
        if missed:
            explanation += " Missing: " + "; ".join(missed) + "."
    return RubricResult(covered / len(items), tuple(items), rel, off_topic, explanation, reason)
