"""Tokens with times, sentences, stems and numbers: the shared text layer of the analysis (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..asr import Word, normalize_token

CONTRACTIONS = {
    "i'd": "i would", "i'll": "i will", "i'm": "i am", "i've": "i have", "we'd": "we would", "we'll": "we will",
    "we're": "we are", "we've": "we have", "you'd": "you would", "you'll": "you will", "you're": "you are",
    "they'd": "they would", "they'll": "they will", "they're": "they are", "she'd": "she would", "he'd": "he would",
    "she'll": "she will", "he'll": "he will", "it's": "it is", "that's": "that is", "there's": "there is",
    "what's": "what is", "let's": "let us", "won't": "will not", "can't": "can not", "don't": "do not",
    "doesn't": "does not", "didn't": "did not", "isn't": "is not", "wasn't": "was not", "weren't": "were not",
    "aren't": "are not", "wouldn't": "would not", "couldn't": "could not", "shouldn't": "should not",
    "haven't": "have not", "hasn't": "has not", "hadn't": "had not", "cannot": "can not", "gonna": "going to",
    "wanna": "want to",
}

NUMBER_WORDS = {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty",
    "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million", "half", "double", "doubled",
    "tripled", "triple", "quarter", "third", "dozen", "percent", "percentage",
}
NUMBER_RE = re.compile(r"^\$?\d+([.,]\d+)?(%|k|x|st|nd|rd|th|s)?$")


@dataclass(frozen=True)
class Token:
    """One spoken word: its original text, normal form, time, and punctuation after it."""

    i: int
    text: str
    norm: str
    start_s: float
    end_s: float
    punct_after: str = ""

    @property
    def ends_sentence(self) -> bool:
        return self.punct_after in (".", "?", "!")


def tokens_from_words(words: tuple[Word, ...] | list[Word]) -> list[Token]:
    out: list[Token] = []
    for w in words:
        text = w.text.strip()
        norm = normalize_token(text)
        if not norm:
            continue
        tail = text.rstrip()
        punct = tail[-1] if tail and tail[-1] in ".,?!;:" else ""
        out.append(Token(len(out), text, norm, w.start_s, w.end_s, punct))
    return out


def words_from_text(text: str) -> tuple[Word, ...]:
    """Typed answers have no timing: every word gets time 0."""
    return tuple(Word(t, 0.0, 0.0, 1.0) for t in text.split())


def sentences(tokens: list[Token]) -> list[list[Token]]:
    out: list[list[Token]] = []
    cur: list[Token] = []
    for t in tokens:
        cur.append(t)
        if t.ends_sentence or (len(cur) >= 40 and t.punct_after in (",", ";", ":")):
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def quote(tokens: list[Token], start: int, end: int, context: int = 3) -> str:
    """Original words from ``start`` to ``end`` (inclusive) with a little context either side."""
    a = max(0, start - context)
    b = min(len(tokens), end + 1 + context)
    text = " ".join(t.text for t in tokens[a:b])
    return ("..." if a > 0 else "") + text + ("..." if b < len(tokens) else "")


def stem(word: str) -> str:
    """A small English stemmer: enough that "followed up" matches "follow up"."""
    w = word.lower().strip("'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) <= 3:
        return w
    for suffix, repl, min_len in (("ies", "y", 5), ("ied", "y", 5), ("ing", "", 6), ("ed", "", 5), ("es", "", 5),
                                  ("s", "", 4), ("ly", "", 6)):
        if w.endswith(suffix) and len(w) >= min_len and not (suffix == "s" and w.endswith(("ss", "us", "is"))):
            w = w[: len(w) - len(suffix)] + repl
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
        w = w[:-1]
    if w.endswith("is") and len(w) > 5:  # apologise -> apologiz(e)
        w = w[:-2] + "iz"
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


@dataclass(frozen=True)
class Unit:
    """A matching unit: one stem, pointing back to the token it came from (contractions expand)."""

    stem: str
    norm: str
    token: int


def units(tokens: list[Token]) -> list[Unit]:
    out: list[Unit] = []
    for t in tokens:
        for part in CONTRACTIONS.get(t.norm, t.norm).split():
            out.append(Unit(stem(part), part, t.i))
    return out


def is_number(norm: str) -> bool:
    return bool(NUMBER_RE.match(norm)) or norm in NUMBER_WORDS or norm.endswith("percent")


def content_words(norms: list[str]) -> list[str]:
    return [n for n in norms if n not in STOPWORDS and len(n) > 2]


STOPWORDS = frozenset("""a an the and or but so if then than that this these those there here of to in on at by for
with from as into onto about over under up down out off again is are was were be been being am do does did have has
had having i me my mine we us our ours you your yours he him his she her hers they them their theirs it its what
which who whom whose when where why how all any both each few more most other some such no nor not only own same
too very can will just would could should may might must shall also um uh er ah hmm hm like yeah okay ok well really
get got go going make made let lets one would i'd i'll i'm we'd we'll it's that's don't didn't""".split())
