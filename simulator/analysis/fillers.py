"""Filler words on the raw transcript, with context rules (pure).

Bands (per minute of speaking): Laske & DiGennaro Reed (2024), "Um, so, like, do speech
disfluencies matter? A parametric evaluation of filler sounds and words", Journal of Applied
Behavior Analysis, doi:10.1002/jaba.1093: listeners rated speeches with 0, 2, 5 and 12 fillers a
minute; 5 a minute did not lower perceived effectiveness, 12 a minute (filler sounds above all) did.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..asr import Word
from ..evaluation import HESITATIONS
from .text import Token, tokens_from_words

HESITATION_NORMS = HESITATIONS
FILLERS_FILE = Path(__file__).resolve().parent.parent.parent / "data" / "fillers" / "en.yaml"

BAND_OK_PER_MIN = 5.0
BAND_HIGH_PER_MIN = 12.0
BAND_SOURCE = ("Laske & DiGennaro Reed (2024), J. Applied Behavior Analysis, doi:10.1002/jaba.1093: "
               "5 fillers a minute did not lower listeners' ratings; 12 a minute did")


@dataclass(frozen=True)
class FillerItem:
    text: str
    kind: str  # "hesitation" | "lexical"
    start_s: float
    end_s: float
    token: int

    def to_dict(self) -> dict[str, object]:
        return {"text": self.text, "kind": self.kind, "start_s": round(self.start_s, 2), "end_s": round(self.end_s, 2)}


@dataclass(frozen=True)
class FillerSpec:
    hesitations: frozenset[str] = HESITATIONS
    lexical: tuple[tuple[tuple[str, ...], str], ...] = (
        (("you", "know"), "you_know"), (("i", "mean"), "i_mean"), (("like",), "like"), (("so",), "so"),
        (("basically",), "always"), (("actually",), "always"), (("literally",), "always"),
        (("kind", "of"), "kind_of"), (("sort", "of"), "kind_of"),
    )


@dataclass(frozen=True)
class Fillers:
    count: int
    per_minute: float | None
    per_100_words: float
    items: tuple[FillerItem, ...]
    band: str
    explanation: str
    counts: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {"count": self.count, "per_minute": None if self.per_minute is None else round(self.per_minute, 2),
                "per_100_words": round(self.per_100_words, 2), "band": self.band, "explanation": self.explanation,
                "counts": self.counts, "items": [i.to_dict() for i in self.items]}


def load_spec(path: Path | None = None) -> FillerSpec:
    """Read the editable filler list; unknown rules are an error naming the line."""
    from ..yamlfile import Problems, line_of, load_yaml

    path = path or FILLERS_FILE
    data = load_yaml(path, "filler list")
    p = Problems(path)
    hes = data.get("hesitations", []) if isinstance(data, dict) else []
    lex_raw = data.get("lexical", []) if isinstance(data, dict) else []
    lexical = []
    for item in lex_raw if isinstance(lex_raw, list) else []:
        if not isinstance(item, dict) or not isinstance(item.get("phrase"), str):
            p.add(line_of(data, "lexical"), "each lexical filler needs a phrase; write: {phrase: you know, rule: you_know}")
            continue
        rule = item.get("rule", "always")
        if rule not in RULES:
            p.add(line_of(item), f"unknown rule '{rule}'; use one of {', '.join(RULES)}")
            continue
        lexical.append((tuple(item["phrase"].lower().split()), rule))
    if not isinstance(hes, list) or not all(isinstance(h, str) for h in hes):
        p.add(line_of(data, "hesitations"), "hesitations must be a list of words")
        hes = []
    p.raise_if_any("filler list")
    return FillerSpec(frozenset(h.lower() for h in hes), tuple(lexical))


# --- context rules: (tokens, index of the phrase's first token, phrase length) -> is it a filler?

def _prev(toks: list[Token], i: int) -> Token | None:
    return toks[i - 1] if i > 0 else None


def _next(toks: list[Token], i: int) -> Token | None:
    return toks[i] if i < len(toks) else None


def _clause_start(toks: list[Token], i: int) -> bool:
    p = _prev(toks, i)
    return p is None or p.punct_after != "" or p.norm in HESITATIONS or p.norm in ("and", "but")


def _rule_always(toks: list[Token], i: int, n: int) -> bool:
    return True


def _rule_sentence_start(toks: list[Token], i: int, n: int) -> bool:
    return _clause_start(toks, i) or toks[i + n - 1].punct_after == ","


def _rule_you_know(toks: list[Token], i: int, n: int) -> bool:
    p, nx = _prev(toks, i), _next(toks, i + n)
    if p is not None and p.norm in ("do", "did", "don't", "didn't", "if", "as", "would", "could", "will", "let",
                                    "does", "whether", "that", "what", "how", "might", "to"):
        return False
    if toks[i + n - 1].punct_after:  # "..., you know, ..." / "you know."
        return True
    return nx is None or nx.norm not in ("what", "how", "that", "the", "a", "an", "who", "where", "when", "why",
                                         "whether", "if", "about", "him", "her", "them", "it", "this", "those",
                                         "these", "your", "my", "our", "their", "more", "so", "exactly")


def _rule_i_mean(toks: list[Token], i: int, n: int) -> bool:
    nx, p = _next(toks, i + n), _prev(toks, i)
    if p is not None and p.norm in ("what", "that", "which", "if", "do"):
        return False  # "you know what I mean?" is the verb
    if toks[i + n - 1].punct_after:
        return True
    return _clause_start(toks, i) and (nx is None or nx.norm not in ("it", "that", "to", "what", "this", "you"))


_LIKE_VERB_BEFORE = {"i", "you", "we", "they", "he", "she", "would", "i'd", "we'd", "you'd", "they'd", "don't", "didn't",
                     "do", "does", "did", "really", "also", "not", "to", "who", "people", "customers", "doesn't",
                     "always", "might", "will", "'d", "should", "could"}
_LIKE_PREP_BEFORE = {"look", "looks", "looked", "looking", "feel", "feels", "felt", "seem", "seems", "seemed", "sound",
                     "sounds", "sounded", "something", "things", "anything", "nothing", "more", "just", "much",
                     "exactly", "tools", "systems", "metrics", "channels", "areas", "ones", "stuff", "issues", "is",
                     "was", "be", "are", "were", "treat", "treated", "act", "acted", "someone", "somebody"}


def _rule_like(toks: list[Token], i: int, n: int) -> bool:
    p, nx = _prev(toks, i), _next(toks, i + 1)
    if toks[i].punct_after == "," or (p is not None and p.punct_after == ","):
        return True  # ", like," / "like, ..."
    if p is None or p.punct_after in (".", "?", "!"):
        return True  # sentence-initial "Like ..."
    if p.norm in HESITATIONS or (nx is not None and nx.norm in HESITATIONS):
        return True
    if p.norm in ("was", "is", "were", "it's", "there's") and nx is not None and (nx.norm[:1].isdigit() or nx.norm in (
            "two", "three", "four", "five", "ten", "twenty", "fifty", "a", "half")):
        return True  # "it was like twenty calls" (approximator)
    if p.norm in _LIKE_VERB_BEFORE or p.norm in _LIKE_PREP_BEFORE:
        return False
    return nx is None or nx.norm in ("i", "we", "you", "they", "he", "she", "so", "and", "the", "um", "uh")


def _rule_so(toks: list[Token], i: int, n: int) -> bool:
    nx = _next(toks, i + 1)
    if nx is not None and nx.norm in ("that", "many", "much", "far", "long", "well", "quickly", "often", "much",
                                      "important", "good", "bad", "yes", "no", "to"):
        return False
    if toks[i].punct_after == ",":
        return True
    p = _prev(toks, i)
    return p is None or p.punct_after in (".", "?", "!")


def _rule_kind_of(toks: list[Token], i: int, n: int) -> bool:
    p = _prev(toks, i)
    return p is None or p.norm not in ("what", "this", "that", "the", "a", "any", "every", "some", "one", "same",
                                       "which", "these", "those", "that's", "different", "right", "other", "each",
                                       "new", "this", "first", "last")


RULES: dict[str, Callable[[list[Token], int, int], bool]] = {
    "always": _rule_always, "sentence_start": _rule_sentence_start, "you_know": _rule_you_know,
    "i_mean": _rule_i_mean, "like": _rule_like, "so": _rule_so, "kind_of": _rule_kind_of,
}


def find_fillers(tokens: list[Token], spec: FillerSpec | None = None) -> list[FillerItem]:
    spec = spec or FillerSpec()
    out: list[FillerItem] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.norm in spec.hesitations:
            out.append(FillerItem(t.text.strip(".,?!;:"), "hesitation", t.start_s, t.end_s, t.i))
            i += 1
            continue
        matched = False
        for phrase, rule in spec.lexical:
            n = len(phrase)
            if tuple(x.norm for x in tokens[i:i + n]) == phrase and RULES[rule](tokens, i, n):
                text = " ".join(x.text for x in tokens[i:i + n]).strip(".,?!;:")
                out.append(FillerItem(text, "lexical", t.start_s, tokens[i + n - 1].end_s, t.i))
                i += n
                matched = True
                break
        if not matched:
            i += 1
    return out


def count_hesitation_words(words: tuple[Word, ...] | list[Word]) -> int:
    return sum(1 for w in words if w.norm in HESITATIONS)


def band_for(per_minute: float | None) -> str:
    if per_minute is None:
        return "n/a"
    return "ok" if per_minute <= BAND_OK_PER_MIN else "high" if per_minute >= BAND_HIGH_PER_MIN else "noticeable"


def analyze_fillers(words: tuple[Word, ...], speaking_s: float | None, spec: FillerSpec | None = None) -> Fillers:
    tokens = tokens_from_words(words)
    items = find_fillers(tokens, spec)
    content_words = max(1, sum(1 for t in tokens if t.norm not in HESITATIONS))
    per_min = len(items) / speaking_s * 60.0 if speaking_s and speaking_s > 0 else None
    band = band_for(per_min)
    counts: dict[str, int] = {}
    for it in items:
        key = it.text.lower()
        counts[key] = counts.get(key, 0) + 1
    top = ", ".join(f'"{k}" x{v}' for k, v in sorted(counts.items(), key=lambda kv: -kv[1])[:4])
    if per_min is None:
        explanation = f"{len(items)} filler(s) in a typed answer (no timing, so no per-minute rate)."
    elif band == "ok":
        explanation = (f"{per_min:.1f} fillers a minute: at or under {BAND_OK_PER_MIN:.0f} a minute listeners "
                       f"do not mark you down. {top}".strip())
    elif band == "noticeable":
        explanation = (f"{per_min:.1f} fillers a minute ({top}): above {BAND_OK_PER_MIN:.0f} a minute they start to be "
                       f"noticed; at {BAND_HIGH_PER_MIN:.0f} listeners rate speakers lower. Try a silent pause instead.")
    else:
        explanation = (f"{per_min:.1f} fillers a minute ({top}): at {BAND_HIGH_PER_MIN:.0f} a minute or more listeners "
                       f"rate speakers as less effective. Replace them with a short silent pause.")
    return Fillers(len(items), per_min, len(items) / content_words * 100.0, tuple(items), band, explanation, counts)
