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
COMPOUND_NUMBER_RE = re.compile(r"^(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(one|two|three|four|five|six|seven|eight|nine)$")
"""A hyphenated number word ("fifty-eight") as its normal form, which drops the hyphen."""


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


def plain(tokens: list[Token]) -> str:
    """The words as said, with their punctuation: how a sentence or an answer is quoted and embedded."""
    return " ".join(t.text for t in tokens)


def quote(tokens: list[Token], start: int, end: int, context: int = 3) -> str:
    """Original words from ``start`` to ``end`` (inclusive) with a little context either side."""
    a = max(0, start - context)
    b = min(len(tokens), end + 1 + context)
    text = plain(tokens[a:b])
    return ("..." if a > 0 else "") + text + ("..." if b < len(tokens) else "")


IRREGULAR = {
    "rang": "ring", "rung": "ring", "dug": "dig", "spoke": "speak", "spoken": "speak", "sat": "sit", "told": "tell",
    "gave": "give", "given": "give", "took": "take", "taken": "take", "met": "meet", "found": "find",
    "went": "go", "gone": "go", "brought": "bring", "kept": "keep", "heard": "hear", "said": "say",
    "says": "say", "wrote": "write", "written": "write", "rewrote": "rewrite", "rewritten": "rewrite", "ran": "run",
    "sent": "send", "paid": "pay", "thought": "think", "bought": "buy", "sold": "sell", "knew": "know",
    "known": "know", "led": "lead", "felt": "feel", "left": "leave", "lost": "lose", "saw": "see", "seen": "see",
    "did": "do", "done": "do", "does": "do", "goes": "go", "made": "make", "got": "get", "gotten": "get", "chose": "choose",
    "chosen": "choose", "began": "begin", "begun": "begin", "came": "come", "became": "become", "fell": "fall",
    "fallen": "fall", "rose": "rise", "risen": "rise", "grew": "grow", "grown": "grow", "drove": "drive",
    "built": "build", "rebuilt": "rebuild", "caught": "catch", "taught": "teach", "sought": "seek", "understood":
    "understand", "stood": "stand", "held": "hold", "spent": "spend", "let": "let", "put": "put", "set": "set",
    "cut": "cut", "shut": "shut", "hit": "hit", "read": "read", "dealt": "deal", "meant": "mean", "drew": "draw",
    "drawn": "draw", "showed": "show", "shown": "show", "woke": "wake", "broke": "break", "broken": "break",
    "forgot": "forget", "forgotten": "forget", "redid": "redo", "redone": "redo", "undertook": "undertake", "overtook": "overtake",
    "children": "child", "people": "people", "men": "man", "women": "woman",
}


KEEP_AS_IS = frozenset({"weekly", "monthly", "daily", "hourly", "yearly", "quarterly", "nobody", "early", "only"})
"""Words whose ending carries meaning ("weekly" is not "week")."""


def stem(word: str) -> str:
    """A small English stemmer: enough that "followed up" matches "follow up" and "rang" matches "ring"."""
    w = word.lower().strip("'")
    if w.endswith("'s"):
        w = w[:-2]
    if w in IRREGULAR:
        w = IRREGULAR[w]
    if len(w) <= 3:
        return w
    if w in KEEP_AS_IS:
        return w
    for suffix, repl, min_len in (("ies", "y", 5), ("ied", "y", 5), ("ing", "", 6), ("ed", "", 5), ("es", "", 5),
                                  ("s", "", 4), ("ly", "", 6)):
        if suffix == "es" and not w[:-2].endswith(("ss", "x", "z", "ch", "sh")):
            continue  # notes -> note (not "not"), issues -> issue; boxes -> box
        if w.endswith(suffix) and len(w) >= min_len and not (suffix == "s" and w.endswith(("ss", "us", "is"))):
            w = w[: len(w) - len(suffix)] + repl
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
        w = w[:-1]
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    if w.endswith("is") and len(w) > 5:  # apologise, apologised -> apologiz
        w = w[:-2] + "iz"
    return w


@dataclass(frozen=True)
class Unit:
    """A matching unit: one stem, pointing back to the token it came from (contractions expand)."""

    stem: str
    norm: str
    token: int
    punct: str = ""
    """Punctuation after the token this unit comes from (the same for every unit of that token)."""


_IS_BEFORE_S = frozenset({"he", "she", "who", "nobody", "everybody", "everyone", "someone", "somebody", "here", "how",
                          "where", "this", "no one", "noone", "nothing", "everything", "something"})
_SUFFIXES = (("n't", " not"), ("'ve", " have"), ("'re", " are"), ("'ll", " will"), ("'d", " would"))


def expand_contraction(word: str) -> str:
    """ "I'd" -> "i would", "they've" -> "they have", "shouldn't" -> "should not"; other words unchanged."""
    if word in CONTRACTIONS:
        return CONTRACTIONS[word]
    if word.endswith("'s") and word[:-2] in _IS_BEFORE_S:
        return word[:-2] + " is"
    if "'" in word:
        for suffix, repl in _SUFFIXES:
            if word.endswith(suffix) and len(word) > len(suffix):
                return word[: -len(suffix)] + repl
    return word


_WORD_SPLIT_RE = re.compile(r"[-\u2010-\u2014/]+")


def units(tokens: list[Token]) -> list[Unit]:
    """Matching units of ``tokens``: contractions expand ("I'd" -> i would) and hyphenated or slashed words
    split ("one-to-one" -> one to one), every unit pointing back to its token."""
    out: list[Unit] = []
    for t in tokens:
        pieces = [normalize_token(p) for p in _WORD_SPLIT_RE.split(t.text)] if _WORD_SPLIT_RE.search(t.text) else [t.norm]
        for piece in pieces:
            for part in expand_contraction(piece).split():
                if part:
                    out.append(Unit(stem(part), part, t.i, t.punct_after))
    return out


def is_number(norm: str) -> bool:
    return (bool(NUMBER_RE.match(norm)) or norm in NUMBER_WORDS or norm.endswith("percent")
            or bool(COMPOUND_NUMBER_RE.match(norm)))


def content_words(norms: list[str]) -> list[str]:
    return [n for n in norms if n not in STOPWORDS and len(n) > 2]


STOPWORDS = frozenset("""a an the and or but so if then than that this these those there here of to in on at by for
with from as into onto about over under up down out off again is are was were be been being am do does did have has
had having i me my mine we us our ours you your yours he him his she her hers they them their theirs it its what
which who whom whose when where why how all any both each few more most other some such no nor not only own same
too very can will just would could should may might must shall also um uh er ah hmm hm like yeah okay ok well really
get got go going make made let lets one would i'd i'll i'm we'd we'll it's that's don't didn't""".split())
