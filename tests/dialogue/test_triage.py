"""Triage answers the person, not the keywords: every row of the issue's "what a person meets today", and
what comes first when a message could mean two things.

These sentences were read while the code was written, so passing them says the journeys work, not how well
triage generalises: that is tests/test_triage_heldout.py, on sets written before any tuning.
"""

from __future__ import annotations

import pytest

from bot.dialogue import World
from bot.dialogue.effects import SaveReflection
from tests.dialogue.support import asking, decide, stored, texts, values

SEXUAL_SCRIPTS = ("patient-sexual-harassment", "colleague-sexual-harassment")


def titles(out) -> list[str]:
    return [reply.title for reply in out.replies if reply.title]


def script_titles(world: World) -> dict[str, str]:
    return {s.title: sid for sid, s in world.content.scripts.items()}


def test_harm_at_home_gets_routes_for_that_and_never_advice_to_confront(world: World) -> None:
    out = decide(
        world,
        text="my partner goes through my phone every night and yesterday he pushed me into the wardrobe",
    )
    said = texts(out)
    assert titles(out) == ["You deserve to be safe"]
    assert "0808 2000 247" in said and "55" in said  # the national helpline, and 999 then 55 when you can't speak
    assert "Men's Advice Line" in said and "Galop" in said
    assert "this device" in said  # a word on chat safety
    assert not set(titles(out)) & set(script_titles(world))  # no bystander script at all
    assert "If it's safe" not in said and "speak to them" not in said
    assert all(reply.private for reply in out.replies)


def test_groping_is_named_as_sexual_assault_and_spoken_to_the_person_it_happened_to(world: World) -> None:
    out = decide(world, text="a patient grabbed my bum while I was doing his obs and I'm still shaking")
    said = texts(out)
    assert titles(out) == [world.content.scripts["patient-sexual-harassment"].title]
    assert "sexual assault" in said and "isn't your fault" in said
    assert "0808 500 2222" in said  # Rape Crisis
    assert "your colleague" not in said.lower()
    assert "flag:cat:patient-sexual-harassment" in values(out)


@pytest.mark.parametrize(
    "text",
    [
        "relatives keep asking our Filipino nurse if she's the cleaner",
        "patient keeps calling our trans HCA 'it'",
    ],
)
def test_discriminatory_abuse_never_lands_on_a_sexual_harassment_script(world: World, text: str) -> None:
    out = decide(world, text=text)
    shown = [script_titles(world).get(t) for t in titles(out)]
    assert shown and shown[0] is not None
    assert shown[0] not in SEXUAL_SCRIPTS


def test_a_trans_colleague_called_it_gets_the_discriminatory_abuse_script(world: World) -> None:
    out = decide(world, text="patient keeps calling our trans HCA 'it'")
    assert titles(out) == [world.content.scripts["patient-discriminatory-abuse"].title]


@pytest.mark.parametrize(
    "text",
    [
        "I don't feel anything anymore when patients die and I dread going back in",
        "we lost a baby on shift today and I can't do this anymore",
    ],
)
def test_someone_who_may_be_at_risk_gets_support_and_only_support(world: World, text: str) -> None:
    out = decide(world, text=text)
    assert titles(out) == ["Support is here"]
    assert len(out.replies) == 1
    said = texts(out)
    assert "Samaritans" in said and "Were you asking" not in said and "colleague" not in said
    assert "help" in values(out)  # carrying on afterwards is one press away


@pytest.mark.parametrize(
    "text",
    [
        "he hit me again last night and i just want to end it all",
        "i can't go home to him again, i'd rather die",
    ],
)
def test_someone_at_risk_who_may_be_harmed_at_home_also_gets_the_routes_for_that(world: World, text: str) -> None:
    out = decide(world, text=text)
    assert titles(out) == ["Support is here"]
    said = texts(out)
    assert "Samaritans" in said and "someone at home is hurting" in said
    assert "0808 2000 247" in said and "press 55" in said  # the demo organisation is in England
    assert "Staying safe with this chat" in said  # whoever shares the device may read it
    assert "Try to avoid" not in said and "confront" not in said


def test_someone_at_risk_with_no_sign_of_home_gets_no_domestic_abuse_lines(world: World) -> None:
    said = texts(decide(world, text="we lost a baby on shift today and I can't do this anymore"))
    assert "someone at home" not in said and "0808 2000 247" not in said


def test_a_clinical_question_is_not_a_script(world: World) -> None:
    out = decide(world, text="what's the NAC regime for a paracetamol overdose in bed 12?")
    assert "can't advise on clinical care" in texts(out)
    assert not set(titles(out)) & set(script_titles(world))
    assert "Support is here" not in titles(out)


def test_hyperbole_is_not_risk_and_not_a_situation(world: World) -> None:
    out = decide(world, text="this e-rostering system is going to be the death of me haha")
    assert "Support is here" not in titles(out)
    assert not set(titles(out)) & set(script_titles(world))


def test_thanks_for_a_colleague_is_thanks(world: World) -> None:
    out = decide(world, text="I want to say thanks to Priya for covering my break")
    assert "says thank you for covering my break" in texts(out)  # a thank-you to pass on (flows/thanks.py)
    assert not set(titles(out)) & set(script_titles(world))


def test_what_the_content_answers_gets_that_content_with_its_source(world: World) -> None:
    out = decide(world, text="what is the virtuous circle?")
    said = texts(out)
    assert "virtuous circle" in said.lower() and "Source:" in said
    out = decide(world, text="who wrote Intelligent Kindness?")
    assert "Ballatt" in texts(out)


@pytest.mark.parametrize("how", ["script {}", "/kinship script {}"])
def test_a_script_request_is_not_swallowed_by_a_waiting_reflection(world: World, how: str) -> None:
    text = how.format("a patient just made a racist comment to my colleague").removeprefix("/kinship ")
    out = decide(world, text=text, state=asking("reflect", prompt="starter-1"))
    assert titles(out) == [world.content.scripts["patient-racist-abuse"].title]
    assert not any(isinstance(e, SaveReflection) for e in out.effects)
    assert stored(out) == {}


def test_risk_in_a_reflection_answer_gets_support_first_and_the_answer_is_kept(world: World) -> None:
    out = decide(
        world,
        text="honestly I keep thinking everyone would be better off without me",
        state=asking("reflect", prompt="starter-1"),
    )
    assert titles(out)[0] == "Support is here"
    assert any(isinstance(e, SaveReflection) for e in out.effects)  # nothing they wrote is lost


def test_a_command_word_works_while_a_flag_waits_for_its_words(world: World) -> None:
    out = decide(world, text="stop", state=asking("flag", step="description", draft={"category": "exclusion"}))
    assert out.person_changes.get("subscribed") is False
    assert "Support is here" not in titles(out)


def test_the_who_question_carries_the_scripts_so_nothing_is_stored(world: World) -> None:
    me = decide(world, action="triage:me:patient-sexual-harassment,patient-aggression")
    assert "isn't your fault" in texts(me)
    saw = decide(world, action="triage:saw:patient-sexual-harassment,patient-aggression")
    assert "Check in with them" in texts(saw)
    assert stored(me) == stored(saw) == {}


@pytest.mark.parametrize(
    ("action", "says"),
    [
        ("triage:struggling", "Samaritans"),
        ("triage:ok", "I'm glad"),
        ("triage:work", "What happened?"),
    ],
)
def test_the_feeling_question_answers(world: World, action: str, says: str) -> None:
    assert says in texts(decide(world, action=action))


def test_first_person_words_are_offered_only_where_a_script_has_them(world: World) -> None:
    out = decide(world, action="triage:me:unsafe-care-concern")
    assert titles(out) == [world.content.scripts["unsafe-care-concern"].title]
    assert "Check in with them" in texts(out) or "Record and escalate" in texts(out)


def test_a_submitted_flag_forms_words_are_triaged_and_the_flag_is_kept(world: World) -> None:
    form = {
        "category": "bullying-pattern",
        "unit": "ward-7",
        "occurred": "this-week",
        "danger": "no",
        "description": "the bullying on this ward has made me want to end my life",
    }
    out = decide(world, action="flag:form", values=form)
    assert titles(out)[0] == "Support is here"
    assert stored(out)["step"] == "preview"  # the flag goes on: nothing they wrote is lost


def test_words_a_message_shortcut_prefills_are_someone_elses_and_not_triaged(world: World) -> None:
    out = decide(world, action="flag", values={"description": "I want to end my life"})
    assert "Support is here" not in titles(out)


@pytest.mark.parametrize("text", ["thanks", "Thanks!! x", "cheers kinship", "thank you x", "thx"])
def test_thanks_to_kinship_gets_you_are_welcome_not_an_answer_about_kinship(world: World, text: str) -> None:
    assert texts(decide(world, text=text)) == "You're welcome. I'm here whenever you need me."


def test_asking_how_to_report_harm_at_home_gets_the_routes_for_harm_at_home(world: World) -> None:
    said = texts(decide(world, text="how do I report my husband, he hit me last night"))
    assert "0808 2000 247" in said and "press 55" in said and "Staying safe with this chat" in said
    assert "incident reporting system" not in said
