"""Focused tests of the rubric matcher's mechanisms: cue syntax, synonyms, negation, hedges, veto cues, domain
context (people, question groups, pronoun antecedents), self-description and generic claims."""

from dataclasses import replace

import pytest

from simulator.analysis import rubric as R
from simulator.analysis.text import stem, tokens_from_words, units, words_from_text
from simulator.bank import Question, RubricPoint, load_bank

BANK = load_bank(None)
GROUPS = (("customers", ("customer*", "refund*", "order*")), ("team", ("rep|reps", "team", "shift|shifts")),
          ("shared", ("call|calls", "ticket*")))


def question(*cues, pid="point", text="A customer wants a refund. How would you handle the call?", groups=GROUPS):
    return Question("q", "scenario", text, rubric=(RubricPoint(pid, "A point", tuple(cues)),), domain_terms=groups)


def check(answer, *cues, **kw):
    r = R.analyze_rubric(tokens_from_words(words_from_text(answer)), question(*cues, **kw))
    return r.items[0]


def covered(answer, qid):
    r = R.analyze_rubric(tokens_from_words(words_from_text(answer)), BANK.question(qid))
    return {p.id for p in r.items if p.covered}


# cue syntax and text layer

def test_alternatives_prefix_and_optional_articles():
    assert check("I'd pull up the ticket for her.", "pull up ticket|case|notes").covered
    assert check("I'd pull up the case for her.", "pull up ticket|case|notes").covered
    assert check("I apologised to her straight away.", "apolog*").covered
    assert not check("I'd pull up the weather for her.", "pull up ticket|case|notes").covered


def test_word_classes_time_and_number():
    assert check("I'd ring her Tuesday afternoon.", "call|ring #time").covered
    assert not check("I'd ring her again soon.", "call|ring #time").covered
    assert check("Her score went from 61 to 78 for the team.", "from #num to").covered


def test_hyphenated_words_and_contractions_split():
    seq = units(tokens_from_words(words_from_text("She's booked one-to-ones; they've rung.")))
    assert [u.stem for u in seq][:6] == ["she", "is", "book", "one", "to", "one"]
    assert "have" in [u.norm for u in seq]
    assert check("I did one-to-ones with each rep.", "one on one", text="A rep is struggling.").covered


def test_stemmer_keeps_words_apart():
    assert stem("notes") == stem("note") != stem("not")
    assert stem("cases") == stem("case")
    assert stem("apologise") == stem("apologised") == stem("apologize")
    assert stem("rang") == stem("ring") and stem("told") == stem("tell")
    assert stem("weekly") != stem("week")


# synonyms

def test_single_word_synonym_groups_apply_inside_phrases():
    assert check("I'd phone the customer back.", "call customer back").covered  # call ~ phone
    assert check("I'd ring the passenger back.", "call customer back").covered


def test_multi_word_synonyms():
    assert check("She wanted her money back on the order.", "refund").covered  # refund ~ money back
    assert check("I'd send them a direct message about the order.", "privately").covered


def test_one_word_cue_does_not_spread_to_its_synonyms():
    # "praise" must not match "recognised" (which can mean "realised"): one-word cues match themselves only
    assert not check("I recognised that the customer was right.", "praise").covered
    assert check("I'd praise the rep in front of the team.", "praise", text="A rep on your team is struggling.").covered


# negation and hedges

def test_negation_cancels_a_cue():
    p = check("I wouldn't apologise to the customer.", "apolog*")
    assert not p.covered and "would not happen" in p.explanation
    assert not check("You can't make exceptions for a customer.", "exception*").covered
    assert check("I'd apologise to the customer.", "apolog*").covered


def test_negation_stays_in_its_clause_and_not_just_is_not_negation():
    assert check("I didn't wait, so I apologised to the customer.", "apolog*").covered
    assert check("Not just a refund, I'd apologise to the customer too.", "apolog*").covered


def test_negative_cues_expect_a_negator():
    assert check("I'd let her finish and I wouldn't interrupt her.", "not interrupt*").covered
    assert check("I'm not transferring you again.", "not transfer*").covered


def test_hedge_but_is_a_token_not_the_real_thing():
    assert not check('I\'d say "I understand, but it\'s company policy" to the customer.', "i understand").covered
    assert check("I'd tell the customer I understand why they're upset.", "i understand").covered


def test_veto_cue_is_the_opposite_of_the_point():
    p = check("I'd say sorry to the customer and transfer them to the right department.", "sorry",
              "!transfer them right department")
    assert not p.covered and "opposite" in p.explanation and "right department" in p.evidence
    # a negated veto does not fire
    assert check("I'd say sorry and I wouldn't transfer them to the right department.", "sorry",
                 "!transfer them right department").covered


# domain context

def test_person_nearby_is_context():
    p = check("I'd let her explain.", "let them explain")
    assert p.covered and "let her explain" in p.evidence


def test_no_person_or_domain_word_means_no_credit():
    p = check("I personally own a small bakery.", "own|personally")
    assert not p.covered and "not about the customer" in p.explanation


def test_domain_word_in_the_same_clause_counts():
    assert check("I track every refund weekly.", "track* weekly").covered
    assert check("Then I dug into it and looked at the refund history.", "dig into").covered


def test_one_word_cue_does_not_vouch_for_itself():
    assert not check("I'd get a coach for some sessions.", "coach*",
                     groups=(("team", ("coach*",)),)).covered


def test_domain_word_from_another_clause_far_away_does_not_count():
    text = "I moved between teams, billing, then the call centre, and each time I took ownership of learning systems."
    assert not check(text, "take ownership").covered


def test_question_groups_decide_which_words_count():
    # a refund question is about customers: shift and team words are not its world
    assert not check("We swapped shifts for the team.", "swap*").covered
    assert check("We swapped the order for the customer.", "swap*").covered
    team_q = dict(text="A rep on your team is struggling. What would you do?")
    assert check("We swapped shifts for the team.", "swap*", **team_q).covered


def test_pronoun_pointing_back_to_an_outsider_is_not_context():
    text = "Our outsourcing vendor kept falling short. I told them the consequences."
    assert not check(text, "consequences", text="Tell me about a rep who fell short.").covered
    text = "A rep on my team kept falling short. I told him the consequences."
    assert check(text, "consequences", text="Tell me about a rep who fell short.").covered


def test_pronoun_pointing_back_to_a_person_of_another_group_is_not_context():
    text = "I had a rep who wanted an exception, he'd missed shifts."
    assert not check(text, "exception*").covered  # the refund question is about a customer


def test_speakers_own_numbers_are_not_context():
    assert not check("I tracked my numbers weekly.", "track* weekly",
                     groups=(("team", ("number|numbers",)),)).covered
    assert check("I tracked the team's numbers weekly.", "track* weekly",
                 groups=(("team", ("number|numbers", "team")),)).covered


def test_self_description_earns_nothing():
    p = check("I'm a people person, I'm empathetic with every customer.", "empath*")
    assert not p.covered and "describes you" in p.explanation
    assert check("I'm sorry, I'd be empathetic with the customer.", "empath*").covered


def test_generic_should_claim_earns_nothing():
    assert not check("Every brand should respond to customer reviews publicly.", "respond publicly").covered
    assert check("I'd respond publicly to the customer's review.", "respond publicly").covered


def test_without_domain_terms_context_is_not_required():
    q = question("own|personally", groups=())
    r = R.analyze_rubric(tokens_from_words(words_from_text("I personally own a bakery.")), q)
    assert r.items[0].covered


# the real bank

def test_bank_loads_domain_groups_onto_every_question():
    q = BANK.question("refund-policy")
    assert dict(q.domain_terms).keys() >= {"customers", "team", "shared"}
    assert R.question_domain(q).has(units(tokens_from_words(words_from_text("customer")))[0])
    assert not R.question_domain(q).has(units(tokens_from_words(words_from_text("reps")))[0])
    assert R.question_domain(BANK.question("underperforming-rep")).has(
        units(tokens_from_words(words_from_text("reps")))[0])


def test_domain_terms_list_form_is_one_group(tmp_path):
    from simulator.bank import load_bank_file

    p = tmp_path / "b.yaml"
    p.write_text("id: b\ntitle: B\ndomain_terms: [customer*, ticket]\nquestions:\n"
                 "  - {id: q, kind: general, text: 'Hi?', rubric: [{id: a, label: A, cues: [sorry]}],"
                 " follow_ups: [{if_missing: a, ask: 'And?'}]}\n")
    b = load_bank_file(p)
    assert b.domain_terms == (("job", ("customer*", "ticket")),)
    assert b.questions[0].domain_terms == b.domain_terms


@pytest.mark.parametrize("answer,qid,point", [
    ("I'd tell them I'm their person until it's fixed, and give them my direct line.", "transferred-caller",
     "ownership"),
    ("I'd promise to call her Thursday before noon with an update.", "transferred-caller", "next_step"),
    ("I'd ask them to DM us their order number so we can sort it privately.", "negative-review", "take_offline"),
    ("I'd tell them it's normal to struggle with something new and nobody's in trouble for it.", "training-rollout",
     "supportive_tone"),
])
def test_paraphrases_are_credited_with_evidence(answer, qid, point):
    r = R.analyze_rubric(tokens_from_words(words_from_text(answer)), BANK.question(qid))
    item = next(p for p in r.items if p.id == point)
    assert item.covered and item.evidence and item.cue


@pytest.mark.parametrize("answer,qid", [
    ("I'd figure out which department handles it and transfer them to the right department.", "transferred-caller"),
    ("Someone will follow up with them and I'll look into it.", "transferred-caller"),
    ("I'd say sorry for how they feel about it.", "negative-review"),
    ("You can't make exceptions, policy is policy, I'm sorry there's nothing I can do.", "refund-policy"),
])
def test_near_misses_are_not_credited(answer, qid):
    assert covered(answer, qid) <= {"acknowledge"} if qid == "transferred-caller" else covered(answer, qid) == set()


def test_off_topic_answers_sharing_words_get_nothing():
    assert covered("I was transferred several times between teams and each time I took ownership of learning the "
                   "new systems. I'm the kind of person who listens and finds the root cause of things.",
                   "transferred-caller") == set()
    assert covered("When I trained for a marathon I tracked my progress in an app and got a coach for some "
                   "sessions.", "training-rollout") == set()
    assert covered("I had a rep who wanted an exception to our attendance policy. I explained the policy and "
                   "offered alternatives like swapping shifts.", "refund-policy") == set()


def test_question_without_domain_terms_still_works():
    q = replace(BANK.question("transferred-caller"), domain_terms=())
    r = R.analyze_rubric(tokens_from_words(words_from_text("I'd apologise and own the case.")), q)
    assert {p.id for p in r.items if p.covered} >= {"acknowledge", "ownership"}
