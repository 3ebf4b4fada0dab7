import json

import pytest

from carsales.models import SessionType
from carsales.training.roleplay.graph import CustomerGraph
from carsales.training.scenarios.library import BUILTIN_SCENARIOS, builtin_scenario
from carsales.training.speech.rubric import check_rubric, rubric_items_from_json
from tests.training.conftest import MakeWords

# Sessions store these keys: renaming one orphans every old session that used it.
KEYS = [
    "pitch-walkaround",
    "pitch-feature-benefit",
    "objection-price",
    "objection-trade-in",
    "objection-monthly-payment",
    "objection-think-about-it",
    "objection-spouse",
    "objection-just-looking",
    "objection-financing-rate",
    "closing-assumptive",
    "closing-alternative-choice",
    "closing-summary",
]

# What a good salesperson says to each scenario's first line.
GOOD_ANSWERS = {
    "pitch-walkaround": (
        "Hi, welcome in! My name is Sam, and I'd be glad to show you around. Before we start, "
        "what are you driving now, and who will be riding with you most days? Let's start at "
        "the front. Under the hood is Toyota's hybrid system with 219 horsepower and all-wheel "
        "drive, which means about 39 miles per gallon on your commute, so you spend a lot "
        "less on gas. Walk with me down the side: the rear doors open nearly ninety degrees, "
        "so buckling a car seat doesn't hurt your back, and both outboard seats have LATCH "
        "anchors. Around the back, the power liftgate opens with a button and the cargo area "
        "swallows a stroller and the groceries. Now have a seat in the driver's seat. The "
        "touchscreen has Apple CarPlay, so your maps and music are right there. How does that "
        "feel so far? Let me grab the keys and we'll take it for a test drive on your commute."
    ),
    "pitch-feature-benefit": (
        "Great question. The Carnival is a good van, and I'd want you to drive both. Here's "
        "where the Odyssey stands out for your family. You told me the kids fight in the back. "
        "The second-row Magic Slide seats slide apart, which means you can put space between "
        "the two older ones, and the little one's car seat stays in reach. Slide them over "
        "and there's a walkway to the third row, so nobody climbs over anybody at soccer "
        "pickup. CabinWatch puts a camera view of the back rows on the screen, so you can see "
        "who started it without turning around. And every Odyssey has Honda Sensing: "
        "collision mitigation braking, lane keeping and adaptive cruise, which gives you a "
        "second set of eyes on the carpool run. Can you see yourself doing the school run in "
        "this?"
    ),
    "objection-price": (
        "I completely understand, Mark, and I appreciate you being upfront with me. Can I ask "
        "which dealer that was, and do you have the listing handy? I want to make sure we're "
        "comparing apples to apples: same trim, same 2.7 EcoBoost, same 302A package, and the "
        "out-the-door price, not just the advertised number. A lot of internet prices leave "
        "out add-ons and dealer fees. Other than the price, is there anything else about this "
        "truck holding you back? Let me show you our numbers line by line. This one is in "
        "stock, and F-150s hold their value better than anything in the class. Does that make "
        "sense? If the out-the-door numbers line up, let's get the paperwork started so you "
        "can take it home today."
    ),
    "objection-trade-in": (
        "I hear you, Priya, and I'd ask the same question. Can I ask what condition you "
        "selected on Kelley Blue Book, and was eighteen the trade-in value or the private "
        "party value? Those can be thousands apart. Let me walk you through our appraisal. We "
        "look at what similar Accords with about 92,000 miles sold for at auction this month, "
        "then take out what it costs to recondition it: two wheels with curb rash, tires that "
        "are due and the rear bumper. Here's the market report so you can see every number. "
        "And in this state you only pay sales tax on the difference, which is worth about a "
        "thousand dollars to you. Other than the trade value, is there anything else holding "
        "you back on the CR-V? Is that fair? Then shall we get the paperwork started?"
    ),
    "objection-monthly-payment": (
        "I understand, Jasmine. Staying on budget matters, and I'm glad you told me. Just so I "
        "understand, is four fifty with insurance or just the car payment? And what are you "
        "paying now? There are a few ways we can get you closer. Your Civic has about six "
        "thousand in equity, and if we put that toward the down payment the payment drops a "
        "lot. We could also look at 72 months instead of 60, or a lease. If we can get you at "
        "or under four fifty on this same Tucson, would you be ready to move forward today? "
        "How does that sound?"
    ),
    "objection-think-about-it": (
        "That makes sense, Tom. It's a big decision and you should feel good about it. Can I "
        "ask what part you'd like to think over? Usually when someone tells me that, it's one "
        "of three things: the car itself, the numbers, or the timing. If it's the numbers, "
        "I can answer that now while you're here, and I'll put everything in writing so you "
        "can take it home. Other than the numbers, is there anything else holding you back? "
        "Does that help? If it does, we can put a refundable deposit on it tonight so nobody "
        "else buys your Outback while you sleep on it."
    ),
    "objection-spouse": (
        "Of course, and I appreciate that you want Dave to be part of it. It's a big decision "
        "for the whole family. Can I ask what's most important to him when you buy a car? The "
        "payment, the safety ratings, the third row? If it were just up to you, is this the "
        "Telluride you'd want? Why don't we give him a call right now, or FaceTime him so he "
        "can see it, and I'll send him the numbers in writing. If he likes what he sees, I can "
        "have it ready for both of you tonight when he gets off work. Does that sound fair? "
        "Shall we call him?"
    ),
    "objection-just-looking": (
        "That's perfectly fine, welcome! I'm Jordan. Take your time and look around; they're "
        "all unlocked. Can I ask what caught your eye about the CX-5? Out of curiosity, if you "
        "found the right car at the right payment, would you be looking to get into something "
        "soon, or is that months away? Here's my card. The window sticker has everything on "
        "it, and I'm happy to answer any questions. Does that sound good? Whenever you want, I "
        "can grab the keys and you can take it for a test drive, no pressure at all."
    ),
    "objection-financing-rate": (
        "That's a fair question, Marcus, and a credit union approval is worth having. Just so "
        "I'm clear, is that five point nine for 72 months, and how much were you approved "
        "for? We work with several lenders, including Toyota Financial Services, and this "
        "month certified pre-owned Highlanders have a special rate. Bring in your approval "
        "letter and let me see if we can beat that rate for the same term. If we can't, you "
        "use your credit union; it's your choice either way. Other than the rate, is there "
        "anything else holding you back on the Highlander? Does that sound fair? Great, let's "
        "get the paperwork started while I send it to the lenders."
    ),
    "closing-assumptive": (
        "Congratulations, Greg, you're going to love it, and it'll pull your boat to the lake "
        "without breaking a sweat: it's rated to tow 6,200 pounds. Here's what happens now. "
        "I'll have your new Grand Cherokee detailed and fill it up while we do the paperwork. "
        "I'll need your driver's license and your insurance card, and we'll put the title in "
        "your name. It'll be ready in about an hour. Would you like to pick it up this "
        "afternoon, or is tomorrow morning better for you and your wife?"
    ),
    "closing-alternative-choice": (
        "I understand, Naomi. It's a big decision, and you want to get it right. You told me "
        "you wanted something your clients would be comfortable in that's still fun to drive, "
        "and this one does both. We have two on the lot, so let me ask you: do you like the "
        "Rapid Red or the Star White better? And would you want to pick it up this afternoon "
        "or tomorrow morning?"
    ),
    "closing-summary": (
        "I think it's the right truck for you, Luis, and here's why. You told me you need to "
        "tow a five-thousand-pound camper, and this Tacoma tows up to 6,500 pounds. You wanted "
        "room for your gear, and the bed has deck rails and a power outlet for the campsite. "
        "You're going off road, and the TRD Off-Road has the locking rear differential and "
        "Crawl Control you tried on the loop. And you want to keep it ten years: Tacomas have "
        "the best resale in the class. Did I miss anything? Then let's get the paperwork "
        "started and get you into your new Tacoma."
    ),
}

# What a salesperson who has not been trained says: defensive, a spec sheet, or a yes/no.
POOR_ANSWERS = {
    "pitch-walkaround": (
        "Sure. This is the RAV4 Hybrid. It has 219 horsepower, an eight-inch screen and LED "
        "headlights. It's really popular and we sell a lot of them. That's pretty much it."
    ),
    "pitch-feature-benefit": (
        "Well, the Odyssey has a 280 horsepower V6, a ten-speed automatic and a lot of "
        "cupholders. Honestly the Kia is cheaper. It's up to you."
    ),
    "objection-price": (
        "Well, that's our price. It's a good truck and we don't really negotiate. The other "
        "place probably has hidden fees. It's up to you."
    ),
    "objection-trade-in": (
        "That's what our guy said it's worth. Those websites are always high. Nobody is going "
        "to give you eighteen for it."
    ),
    "objection-monthly-payment": (
        "The payment is the payment. That's what the bank gave us, I can't really change it."
    ),
    "objection-think-about-it": "Okay. Here's my card, call me whenever.",
    "objection-spouse": "Okay, just have him call me. Here's my card.",
    "objection-just-looking": "Okay, let me know if you need anything.",
    "objection-financing-rate": (
        "That's just what the bank approved. Rates are high right now, nothing I can do."
    ),
    "closing-assumptive": "So, do you want to buy it, or do you need some time?",
    "closing-alternative-choice": "So do you want it or not?",
    "closing-summary": "It's a good truck. Let me know what you decide.",
}


def test_the_keys_are_stable_and_in_order() -> None:
    assert list(BUILTIN_SCENARIOS) == KEYS
    assert builtin_scenario("objection-price") is BUILTIN_SCENARIOS["objection-price"]
    assert builtin_scenario("objection-unknown") is None
    assert list(GOOD_ANSWERS) == KEYS
    assert list(POOR_ANSWERS) == KEYS


@pytest.mark.parametrize("key", KEYS)
def test_every_scenario_is_complete(key: str) -> None:
    scenario = BUILTIN_SCENARIOS[key]
    assert scenario.id == key
    assert key.startswith(scenario.session_type.value)
    assert all(
        text.strip()
        for text in (scenario.title, scenario.persona, scenario.situation, scenario.vehicle)
    )
    assert "$" in scenario.vehicle  # a specific vehicle with its price
    assert 2 <= len(scenario.customer_lines) <= 4
    assert all(line.strip() for line in scenario.customer_lines)
    ids = [item.id for item in scenario.rubric]
    assert len(ids) == len(set(ids)) >= 4
    for item in scenario.rubric:
        assert len(item.phrases) == len(set(item.phrases)), f"{key}/{item.id} repeats a phrase"


@pytest.mark.parametrize("key", KEYS)
def test_the_snapshot_is_json_and_round_trips(key: str) -> None:
    scenario = BUILTIN_SCENARIOS[key]
    snapshot = json.loads(json.dumps(scenario.snapshot()))
    assert snapshot == {
        "id": key,
        "builtin": True,
        "sessionType": scenario.session_type.value,
        "title": scenario.title,
        "persona": scenario.persona,
        "situation": scenario.situation,
        "vehicle": scenario.vehicle,
        "customerLines": list(scenario.customer_lines),
        "rubric": snapshot["rubric"],
        "passMark": scenario.pass_mark,
        "customer": snapshot["customer"],
    }
    # the stored rubric passes the same validation as a manager's
    assert tuple(rubric_items_from_json(snapshot["rubric"])) == scenario.rubric
    # and so does the role-play customer
    assert CustomerGraph.model_validate(snapshot["customer"]) == scenario.customer


def test_the_library_covers_the_techniques() -> None:
    by_type = {
        t: [s for s in BUILTIN_SCENARIOS.values() if s.session_type is t] for t in SessionType
    }
    assert len(by_type[SessionType.pitch]) == 2
    assert len(by_type[SessionType.objection]) == 7
    assert len(by_type[SessionType.closing]) == 3
    steps = ["acknowledge", "clarify", "isolate", "respond", "confirm", "ask"]
    for scenario in by_type[SessionType.objection]:
        assert [item.id for item in scenario.rubric] == steps
    for scenario in by_type[SessionType.pitch]:
        [bridge] = [item for item in scenario.rubric if item.id == "feature-benefit"]
        assert {"which means", "so you", "that gives you"} <= set(bridge.phrases)
        assert "trial-close" in [item.id for item in scenario.rubric]


@pytest.mark.parametrize("key", KEYS)
def test_a_good_answer_passes_every_item(make_words: MakeWords, key: str) -> None:
    scenario = BUILTIN_SCENARIOS[key]
    results = check_rubric(scenario.rubric, make_words(GOOD_ANSWERS[key], start=3.0))
    assert [r.id for r in results if not r.passed] == []
    assert all(r.evidence and r.timestamp is not None and r.timestamp >= 3.0 for r in results)


@pytest.mark.parametrize("key", KEYS)
def test_a_poor_answer_misses_most_items(make_words: MakeWords, key: str) -> None:
    scenario = BUILTIN_SCENARIOS[key]
    results = check_rubric(scenario.rubric, make_words(POOR_ANSWERS[key]))
    passed = [r.id for r in results if r.passed]
    assert len(passed) <= len(results) // 3, passed
