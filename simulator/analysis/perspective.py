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

``candidate_actions`` asks a plainer question of answers about what you did or would do (``ACTION_KINDS``): does
the candidate act at all? An opinion about the industry ("most companies just scream at people"), a story watched
from the side ("my colleague Jamal took him to one side... I was on reception, I saw it all") or a course attended
has the words of good answers and no clause in which the speaker does anything. A clause counts when its subject
is the speaker ("I'd call her back", "we rewrote the script", "I got the agents in a room") with a verb of doing,
not of being, thinking, seeing or feeling ("I think", "I was on reception", "I saw", "I read about it", "I'd say");
or when a sentence opens with a verb, as terse answers do ("Ask them where it goes wrong. Rewrite the handout."),
unless it carries on someone else's story.

Three more whole-answer tests for the same kinds: ``spectator`` (someone else's story told as one of the team, "I
was one of the reps on the floor", the speaker doing at most two things and nothing in charge), ``other_setting``
(a story set in the club the speaker chairs, the team they captain, their family, with no word of the job) and
``borrowed_story`` (a lead-in that reaches for a story from elsewhere, "the closest thing I've got is...", with no
word of the job after it; also on operational questions).
Each pattern here was found on development answers (rubric_dev*.yaml, and heldout8-13 after their one blind
score) and checked on every labelled set for points it takes from on-topic answers (two on rubric_labels.yaml:
a story whose speaker never says what they did); docs/performance.md has the figures.
"""

from __future__ import annotations

import re

KINDS = frozenset({"scenario", "behavioral", "operational", "experience"})
"""Question kinds whose answers must be the candidate acting in the job."""
ACTION_KINDS = frozenset({"scenario", "behavioral", "experience"})
"""Question kinds whose answers must say what the candidate did or would do (an operational question such as
"which metrics matter?" can be answered with a list)."""

_SUPERIOR = (r"(team leader|team lead|manager|boss|supervisor|line manager|trainer|coach|regional manager"
             r"|area manager|store manager|director)")
_DONE_TO = r"(coached|trained|calmed|refunded|sat|pulled|took|disciplined|warned|mentored|retrained|put|moved|gave)"
RECEIVING = tuple(re.compile(p) for p in (
    r"\bas (a|the) (customer|client|passenger|caller|patient|guest|shopper|consumer|tenant)\b",
    r"\b(i was|i've been|i have been) (the|that|an?) (\w+ )?(customer|caller|client)\b",
    r"\bbeing the (customer|caller|client) on the other end\b",
    r"\bi know (exactly )?how (\w+ )?(that|the|a) (customer|caller|client) feels\b",
    r"\b(happened|done) to me\b",
    r"\bi (bought|ordered)\b",
    r"\bi (tried to|wanted to) (get|claim) (a|my) refund\b",
    r"\bi asked (them )?for (a|my) refund\b",
    r"\b(refunded|compensated|reimbursed) me\b",
    r"\b(my|our) " + _SUPERIOR + r"\b( \w+){0,4}? " + _DONE_TO + r" me\b",
    r"\b(she|he|they|she'd|he'd|they'd) (\w+ ){0,2}" + _DONE_TO + r" me\b",
    r"\b(had|have) (a|the) (word|chat|conversation|talk) with me\b",
    r"\bi was (usually|always|often) (near|at) the bottom\b",
    r"\bput me on (a|an) (plan|pip|improvement)\b",
    r"\b(been|was|i'm|am) on the (receiving end|other side)\b",
))
"""The speaker as the customer, or on the receiving end of a manager, trainer or agent."""
ACTING = tuple(re.compile(p) for p in (
    r"(?<!said )(?<!says )(?<!saying )\bi('d| would|'ll| will|'m going to| am going to)\b(?! (been|had|have|got|paid"
    r"|bought|say|love|never|want|like|prefer|hope|imagine|think|guess)\b)",  # not quoting someone: "she said, I'll..."
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


def _flat(text: str, word: re.Pattern[str] = _WORD_RE) -> str:
    """The answer as lower-case words with single spaces, for the whole-answer patterns."""
    return " ".join(word.findall(text.lower().replace("\u2019", "'")))


def _phrases(patterns: tuple[re.Pattern[str], ...], flat: str) -> list[str]:
    """Every phrase the patterns match, once each, in pattern order."""
    return list(dict.fromkeys(m.group(0) for p in patterns for m in p.finditer(flat)))


def receiving_end(text: str) -> list[str]:
    """The receiving-end phrases of an answer told entirely from the receiving end (empty otherwise)."""
    flat = _flat(text)
    if any(p.search(flat) for p in ACTING):
        return []
    return _phrases(RECEIVING, flat)


_SUBJECTS = frozenset("i we i'd we'd i'll we'll i've we've i'm we're you you'd you'll you've".split())
_SKIP = frozenset("""then also just actually immediately personally always first really still quickly straight probably
definitely instantly usually normally and so even literally basically simply finally eventually again only sometimes
often already genuinely honestly right away ever all both""".split())
_MODALS = frozenset("gonna would will could should must might can may".split())
_BEFORE_TO = frozenset("had have has need needed want wanted try tried make made got".split())
"""Before the verb that says what is done: "I would call", "I had to call", "I'd want to sit down", "we made sure
to"."""
_NOT_ACTING = frozenset("""am 'm was were been be is are being think thought believe believed feel felt guess suppose
supposed reckon know knew known remember remembered recall read saw see seen watched watch watching heard hear love loved
like liked hate hated mean meant wonder wondered hope hoped wish wished say imagine argue find got get getting gotten
learned learnt learn worked work working came come gone joined join realised realized understood understand enjoy
enjoyed prefer preferred admit admire admired agree agreed never struggle struggled struggling""".split())
"""Verbs of being, thinking, perceiving and feeling: "I think", "I was on reception", "I saw the whole thing", "I read
about it", "I'd say". ("I got angry" is here too; "I got the agents in a room" is acting, see below.)"""
_ATTENDED = frozenset("finished completed attended took did passed".split())
_COURSE = frozenset("course courses training workshop seminar class classes programme program module degree".split())
_THROUGH = frozenset("started start begin began keep kept".split())
"""Look through to the next verb: "I started looking at the data"."""
_GOT_SOMEONE = frozenset("""agents team reps staff everyone them her him finance leads managers people testers supervisor
manager boss""".split())
_HAD_WHOM = frozenset("the my our them her him everyone each both all two three".split())
"""Before the people in "I had the reps pick it apart", "I had them shadow": not "I had a team leader who..."."""
_LESSON = frozenset("copy bring take want like love hope aim".split())
"""After "I'd": what the speaker takes from a story ("that's the style I'd copy", "patience, that's what I'd
bring"), not what they would do in charge."""
_SAID_TO = frozenset("""sorry thank thanks to something hello hi goodbye i'm we're we i you you're look listen okay ok
right please""".split())
"""After "say": words said to someone ("I'd say sorry", "I said, look, ..."), not an opinion ("I'd say the key is")."""
_TALK = frozenset("""word chat conversation conversations talk meeting meetings look session sit-down one-to-one
catch-up huddle call calls""".split())
"""After "had": a thing done ("I had a word with him", "we had a huddle"), not a thing owned."""
_GOT_DONE = frozenset("sorted fixed resolved done sorting fixing replaced refunded back working".split())
"""After "got it": a thing the speaker got done ("we got it sorted in the end")."""
_GOT_STATE = frozenset("""transferred angry really so upset annoyed frustrated told shouted moved put stuck lost bored tired
sick married promoted paid fired sacked hired back home there on""".split())
"""After "get": a state or a thing happening to the speaker ("I got transferred", "I'd get angry"), not a thing done."""
_PAST_PERFECT = re.compile(r"\w+[^e]ed|spoken|done|been|had|gone|seen|taken|given|got|made|said|told")
OPENING_VERBS = frozenset("""ask answer apologise apologize acknowledge agree add address arrange assign book bring build
call change chase check clarify coach collect compare confirm contact cover create cut deal decide dig do document draft
email escalate explain find fix flag follow gather give go help hire hold identify introduce investigate keep learn let
listen log look make map measure meet message monitor move name note offer open organise organize own pair pick plan
post pull push put raise rebuild recognise recognize record reduce refund reply report respond review rewrite ring roll
run say schedule see send set share show simplify sit sort speak start stay stop survey take talk tell test thank track
train try update use validate verify visit walk watch work write treat get celebrate praise reward shadow spot question
reassure prioritise prioritize rotate tweak adjust switch involve invite consult took got gave made found rang sent told
said did kept ran built wrote dug sat went came brought paid held spent met led taught caught began chose drew showed
heard left stood put set let cut redid rewrote""".split())
"""Verbs a terse answer opens a sentence with ("Ask them...", "Rang him back...")."""
_LEAD_IN = frozenset("""so and then um uh er erm okay ok well also but first next after that yeah oh basically honestly
just literally second third finally""".split())
_SENTENCE_RE = re.compile(r"[.!?;:]+|,? and then |, then ")


def _first_person_actions(words: list[str]) -> list[str]:
    found: list[str] = []
    i, n = 0, len(words)
    while i < n:
        subj = words[i]
        if subj not in _SUBJECTS or (i > 0 and words[i - 1] in ("says", "saying", "if", "unless")):
            i += 1  # not "a recording that says we apologise", nor a wish: "if I could change one thing, it'd be..."
            continue
        j = i + 1
        while j < n:  # adverbs and auxiliaries: "would then", "had to", "am going to"
            if words[j] in _SKIP:
                j += 1
            elif words[j] in _MODALS or (subj in ("i'm", "we're") and words[j] == "going"):
                j += 2 if j + 1 < n and words[j + 1] == "to" else 1
            elif words[j] in _BEFORE_TO and words[j + 1:j + 2] in (["to"], ["sure"]):
                j += 2
            else:
                break
        if j >= n:
            break
        if subj in ("you", "you've") and (j == i + 1 or words[j - 1] in _SKIP) and not (
                subj == "you" and words[j] in OPENING_VERBS and words[j] not in _NOT_ACTING
                and words[j + 1:j + 2] != ["transferred"]):
            i = j  # "you" acts in advice with an auxiliary ("you have to sit down with them", "you'd call", "you've
            #        got to go and sit next to them") or a verb of doing ("so you go through it shift by shift")
            continue
        v = words[j]
        if v in _THROUGH and j + 1 < n and words[j + 1].endswith("ing"):
            v = words[j + 1]
        if v in ("went", "go") and j + 2 < n and words[j + 1] == "and":
            v = words[j + 2]  # "I went and spoke to the sales manager"
        if v == "get" and j + 1 < n and words[j + 1] not in _GOT_STATE:
            v = "get something done"  # "I'd get a plan going with the leads"
        if subj in ("i'd", "we'd", "i'll", "we'll") and v == "be" and j + 1 < n and words[j + 1].endswith("ing"):
            v = words[j + 1]  # "I'd be coaching, sitting with people"
        if v in ("got", "get", "getting") and ((words[j + 1:j + 2] in (["it"], ["this"], ["that"], ["everything"])
                                               and _GOT_DONE.intersection(words[j + 2:j + 4]))
                                              or (j + 1 < n and not _PAST_PERFECT.fullmatch(words[j + 1])
                                                  and any(_PAST_PERFECT.fullmatch(x) for x in words[j + 2:j + 5]))):
            v = "got it done"  # "we got it sorted", "I got the block removed"; not "I got transferred"
        if v in ("got", "getting") and words[j + 1:j + 2] != ["transferred"] and _GOT_SOMEONE.intersection(words[j + 1:j + 6]):
            v = "got someone"  # "I got the agents in a room", "got a few of the agents to test it"
        if v in ("keep", "kept", "stay", "stayed") and words[j + 1:j + 3] == ["in", "touch"]:
            v = "was"
        if v == "have" and j + 1 < n and (_PAST_PERFECT.fullmatch(words[j + 1]) or words[j + 1].endswith("en")):
            v = "was"  # "I'd have panicked"
        if v in ("tell", "give", "talk") and words[j + 1:j + 3] in (["you", "about"], ["an", "example"], ["about", "a"],
                                                                  ["you", "an"], ["about", "something"]):
            v = "was"  # "I can tell you about...", "I can give an example": about the answer, not the job
        if v in ("say", "said") and words[j + 1:j + 2] and words[j + 1] in _SAID_TO:
            v = "say sorry"  # "I'd say sorry to the caller", "I said I'm sorry"; not "I'd say the key is..."
        if v in ("worked", "work", "working") and (words[j + 1:j + 2] in (["on"], ["through"], ["out"]) or (
                words[j + 1:j + 2] == ["with"] and words[j + 2:j + 3] in (["the"], ["my"], ["our"], ["them"], ["her"],
                                                                         ["him"], ["each"], ["every"]))):
            v = "worked on"  # "we worked on that together", "I worked with the team"; not "I worked at a bank",
            #                  nor "a woman I worked with at the garden centre"
        if v in ("had", "have", "has") and not (_TALK.intersection(words[j + 1:j + 5])
                                                  or (words[j + 1:j + 2] and words[j + 1] in _HAD_WHOM
                                                      and _GOT_SOMEONE.intersection(words[j + 1:j + 3]))
                                                  or (j + 1 < n and _PAST_PERFECT.fullmatch(words[j + 1]))):
            v = "was"  # "we had a KPI", "the best trainers I've ever had"; not "I had a word with him"
        if v in _ATTENDED and _COURSE.intersection(words[j + 1:j + 6]):
            v = "was"  # "I just finished a train-the-trainer course": attending, not doing the job
        acting = not ((subj in ("i'm", "we're") and not v.endswith("ing"))
                      or (subj in ("i'd", "we'd") and _PAST_PERFECT.fullmatch(v))  # "I'd spoken to her"
                      or v in _NOT_ACTING or v.endswith("n't"))
        if acting:
            found.append(" ".join(words[i:j + 1]))
        i = j + 1 if acting else j
    return found


GENERIC_YOU_MIN = 3
"""A procedure told in the second person ("you go through it shift by shift, you ask whether the target is right,
you sit with the ones who struggle") counts as acting from this many such clauses; one or two are as often a
customer's rant ("you call them, you wait an hour")."""


def candidate_actions(sentences: list[str], someone_else: list[bool] | None = None) -> list[str]:
    """The phrases in which the candidate does something ("I'd call", "we rewrote", a sentence opening "Ask them"),
    empty for an answer in which the speaker never acts. ``someone_else[i]``: sentence i carries on someone
    else's story, so its opening verb is theirs ("my colleague Jamal... Took him to one side")."""
    found: list[str] = []
    for i, sent in enumerate(sentences):
        low = sent.lower().replace("\u2019", "'")
        found += _first_person_actions(_WORD_RE.findall(low))
        if someone_else and someone_else[i]:
            continue
        for part in _SENTENCE_RE.split(low):
            words = _WORD_RE.findall(part)
            k = 0
            while k < len(words) and words[k] in _LEAD_IN:
                k += 1
            if k < len(words) and (words[k] in OPENING_VERBS or (words[k].endswith("ed") and len(words[k]) > 4)):
                found.append(" ".join(words[k:k + 3]))
    generic = [f for f in found if f.split()[0] == "you" and _SKIP.issuperset(f.split()[1:-1])]  # no auxiliary
    if len(generic) < GENERIC_YOU_MIN:
        found = [f for f in found if f not in generic]  # "you call them and you get passed around" is a rant
    return found


SPECTATOR = tuple(re.compile(p) for p in (
    r"\bi was (just )?one of the (\w+ )?(reps|agents|advisors|advisers|team|juniors|trainees|new starters)\b",
    r"\bi was (at|on) (the )?(next desk|reception|floor|desk next|till|tills|counter)\b",
    r"\b(next to|beside) (her|him|them) watching\b",
    r"\bfrom watching (her|him|them)\b",
    r"\bi (wasn't|was not) (involved|part of it|part of that|on that|in charge)\b",
    r"\bwatched the whole thing\b",
    r"\bi (watched|was watching|was just watching) (her|him|them)\b",
    r"\bfrom the next desk\b",
    r"\bi (just |mostly |only )+watched\b",
    r"\bi saw (it all|all of it)\b",
    r"\bso i saw (the whole thing|everything)\b",
    r"\bwhen i was (an?|the) (rep|agent|advisor|adviser|trainee|new starter|junior|team member)\b",
))
"""The speaker placing themselves beside the action: one of the team while someone else led it."""
_IN_CHARGE = re.compile(r"(i|we)('d|'ll| would| will)\b|i'm going to|we're going to")
"""What the speaker would do: "I'd sit down with each of them"."""
_MY_PEOPLE = re.compile(r"\bmy (\w+ ){0,2}(reps|agents|staff|servers|advisors|advisers|team members|new starters"
                        r"|trainees|juniors|direct reports|cashiers|clerks|people)\b")
"""The speaker's own people: whoever says "my reps" is in charge of them, not one of them."""
SPECTATOR_MAX_ACTIONS = 2
"""A spectator's story may have the speaker do a little ("I helped test it", "I lent him my notes"); one in which
the speaker does three things or more is their own."""


def spectator(text: str) -> list[str]:
    """The phrases of an answer told as a spectator of someone else's story ("I was one of the reps on the floor",
    "I was at the next desk") in which the speaker does at most ``SPECTATOR_MAX_ACTIONS`` things; empty otherwise.
    ("When I was a rep I saw this done badly, so I'd sit down with them..." is the speaker's own.)"""
    flat = _flat(text)
    found = _phrases(SPECTATOR, flat)
    if not found or _MY_PEOPLE.search(flat):
        return []  # "a couple of my older servers struggled, I watched them": a manager watching their own people
    acts = _first_person_actions(flat.split())
    if len(acts) > SPECTATOR_MAX_ACTIONS or any(_IN_CHARGE.match(a) and a.split()[-1] not in _LESSON for a in acts):
        return []
    return found


OTHER_SETTING = tuple(re.compile(p) for p in (
    r"\bi'm (actually |also )?(the )?(captain|chair|chairman|chairwoman|chairperson|secretary|treasurer|president) of\b",
    r"\bmy (\w+-year-old|toddler|teenage (son|daughter)|(son|daughter|kids|children)('s)? (school|class|team|club))\b",
    r"\bin my house\b",
    r"\b(our (new |rescue |family |little )?|(we|i) (got|adopted|rescued|took in) an? (new |rescue |little )?)(dog|puppy"
    r"|cat|kitten|horse|pony|rabbit|hamster|parrot)\b",
    r"\b(we|i) (got|adopted|took in) an? rescue\b",
    r"\bmy (band|choir|orchestra|drama group|theatre group|book club|running club|allotment)\b",
    r"\b(my|i run a|i have a|i've got a) (small |little )?([\w'-]+ ){0,2}(channel|blog|podcast|vlog)\b",
    r"\bi (volunteer|volunteered) (at|with|for|in)\b",
    r"\bin my (spare|free) time\b",
    r"\bmy (daily )?(step count|steps|weight|fitness|diet|personal best)\b",
    r"\b(at|in|from) (my )?(university|uni|college|high school|secondary school)\b",
    r"\bmy (master's|masters|degree|university|uni|college|school) (course|programme|program|project|class)\b",
    r"\bi (coach|run|manage|captain) (a|an|our|my|the) ([\w'-]+ ){0,3}(team|side|club|squad|league)\b",
    r"\bmy (cousin|sister|brother|friend|mum|mom|dad|uncle|aunt|neighbour|neighbor|partner|husband|wife)('s)? "
    r"(runs|owns|has|had|opened|started) (a|an|her|his|their) (little |small |tiny )?[\w'-]+ (\w+ )?"
    r"(shop|cafe|caf\u00e9|bakery|restaurant|pub|bar|salon|business|firm)\b",
    r"\bsunday league\b",
    r"\b(with|for|helping|help) my (dad|mum|mom|mother|father|gran|grandad|grandma|grandmother|grandfather|parents"
    r"|kids|son|daughter|husband|wife|partner|neighbour|neighbor)\b",
))
"""The story's setting is another part of the speaker's life, by family of setting: the club they chair, the team
they captain or coach, their children or parents, their school or university, their pets, their band or choir, their
own fitness, their channel or blog, their volunteering or spare time."""
_JOB = re.compile(r"\b(customers?|callers?|clients?|agents?|reps?|advis[oe]rs?|staff|colleagues?|the branch|the store"
                  r"|the shop|call centre|contact centre|tickets?|complaints?|at work|my job|my last job|our team)\b")
"""Words of the job: one of them anywhere in the answer and the story may well be about work."""
_SETTING_WORD_RE = re.compile(r"[a-z0-9'-]+")
"""Words with digits and hyphens kept: "my two-year-old"."""


BRIDGES = tuple(re.compile(p) for p in (
    r"\b(the )?closest (thing|experience|example|i've come|i have come|i've got|i have|i've had|i came)\b",
    r"\b(reminds|reminded) me of\b",
    r"\b(makes|made) me think of\b",
    r"\bfunnily enough,? (i|i'm|i've|my)\b",
    r"\b(it's|it is|that's|this is) (a bit |kind of |sort of |just |a lot |quite )?like (being|when)\b",
    r"\bthe first thing i think of( is)?\b",
    r"\bi (actually |just )?(went|go|am going|was going) through (this|that|the same)( myself)?\b",
    r"\b(that's |it's |oh,? |ha,? )?funny,? (because |you ask,? )?(i|i'm|i've)\b",
    r"\b(customer|caller|client)s?( [\w'-]+){0,5} (is|was) (probably |definitely |actually |honestly |easily )?(me|myself"
    r"|my (\w+-year-old|toddler|son|daughter|kids?|children|husband|wife|partner|mum|mom|dad|mother|father|brother"
    r"|sister|cat|dog))\b",
    r"\b(this is|this one is|this one's|it's|it is|that's|mine is|mine's) (a bit|a little|slightly|quite|totally"
    r"|completely) different\b",
    r"\b(this is|this one is|this one's|it's|it is|that's|mine is|mine's) not (quite |exactly )?the same\b",
    r"\b(no|not any|never any|never had any|didn't have any) customers\b",
    r"\b(not|rather than|instead of) (with )?(a|the|an actual) (customer|caller|client)\b",
    r"\bbut with a (colleague|co-worker|coworker|friend|neighbour|neighbor)\b",
    r"\bnot customer[- ]facing\b",
    r"\bbut from the customer'?s? side\b",
    r"\b(know|seen|seen it|seen it done \w+) from the customer'?s? side\b",
))
"""Lead-ins by which a speaker reaches for a story from elsewhere when they have none from the job: "the closest
thing I've got is...", "this reminds me of my dad", "it's a bit like being a restaurant owner", "funny, I went through
this myself", "the most irate customer I deal with is my three-year-old". Found only in off-topic answers over the
labelled sets (tests/data/rubric_*.yaml), with the words that follow naming no part of the job."""
BRIDGE_OPENING = 30
"""A lead-in frames the answer, so it must start within its first words (counting sentence ends)."""
BRIDGE_WINDOW = 8
"""How many words after a lead-in may name the job ("this reminds me of a caller I had") for the story to count."""
_WORD_OR_STOP_RE = re.compile(r"[a-z0-9'-]+|[.!?](?=\s|$)")
_ANCHOR = re.compile(_JOB.pattern + r"|\b(job|work|worked|working|company|employer|office|role|manager|supervisor"
                     r"|boss|team leader|shift|service desk|helpdesk|help desk)\b")
"""Words that tie what follows a lead-in to work."""


def borrowed_story(text: str) -> list[str]:
    """The lead-ins (with the words after them) by which the speaker reaches for a story from somewhere other than the
    job: "the closest thing I've got is the allotment society", "this reminds me of my dad". Empty when none, or
    when the words right after each lead-in name the job ("this reminds me of a customer at the bank")."""
    flat = re.sub(r" [.!?]", " .", _flat(text, _WORD_OR_STOP_RE))  # sentence ends kept as "." words
    found = []
    for p in BRIDGES:
        for m in p.finditer(flat):
            if flat[:m.start()].count(" ") > BRIDGE_OPENING:
                continue  # past the opening it is a turn in the story: "the caller reminded me of my gran, so I..."
            after = flat[m.end():].split()
            if not _ANCHOR.search(" ".join([w for w in after if w != "."][:BRIDGE_WINDOW])):
                quoted = after[:after.index(".")] if "." in after else after  # quoted up to the end of its sentence
                found.append(" ".join([m.group(0), *quoted[:6]]))
    return list(dict.fromkeys(found))


def other_setting(text: str) -> list[str]:
    """The phrases that set an answer in another part of the speaker's life ("I'm captain of a five-a-side team",
    "my teenage son") when no word of the job appears anywhere in it; empty otherwise. Such an answer can show the
    right instincts, but it is not evidence of doing this job."""
    flat = _flat(text, _SETTING_WORD_RE)
    found = _phrases(OTHER_SETTING, flat)
    return found if found and not _JOB.search(flat) else []
