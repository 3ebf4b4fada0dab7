"""Phrase banks of the offline composer: data, not code.

A template names the facts it needs in braces ({model}, {price}, {phone}...); the composer only
picks a template whose facts are all known, so a missing fact drops a phrase instead of leaving a
hole. No template holds a digit: every number in the output comes from the inputs (a test holds
this). The keys a template may use are listed in `wording.Words`.

Tones: friendly, professional, urgent, playful. Emoji are written here and removed by the
channels that cannot carry them (SMS, print, video, e-mail, Google Business Profile).
"""

TONES = ("friendly", "professional", "urgent", "playful")
TONE_SYNONYMS = {
    "casual": "friendly",
    "warm": "friendly",
    "formal": "professional",
    "informative": "professional",
    "excited": "urgent",
    "exciting": "urgent",
    "bold": "urgent",
    "fun": "playful",
    "funny": "playful",
    "humorous": "playful",
    "witty": "playful",
}

# Free-text audiences are matched by these word stems, first match wins.
AUDIENCES = {
    "families": ("famil", "parent", "kid", "mom", "dad"),
    "first-time-buyers": ("first", "student", "graduate", "new driver", "budget"),
    "commuters": ("commut", "city", "daily", "work"),
    "off-road": ("off", "adventure", "outdoor", "trail", "camp"),
    "luxury": ("luxur", "premium", "executive", "upscale"),
}

OPENINGS = {
    "friendly": (
        "Say hello to the {name}!",
        "Meet your next ride: the {name}.",
        "Looking for {a_body} that checks every box? This {make_model} might be the one.",
        "Fresh on our lot: {a_color} {make_model}.",
        "Had your eye on {a_model}? We've got one ready for you.",
        "We think you're going to love this {make_model}.",
        "Here's one worth a closer look: the {ymm}.",
        "Good things come in {color}, like this {make_model}.",
    ),
    "professional": (
        "Now available: the {name}.",
        "Presenting the {ymm} in {color}.",
        "If {value} matters to you, the {make_model} deserves a closer look.",
        "The {name} is available for viewing at {dealer}.",
        "For drivers who expect more from {a_body}: the {make_model}.",
        "Available now: {a_color} {name}.",
        "A considered choice in the {body} segment: the {ymm}.",
    ),
    "urgent": (
        "Don't miss this {name}!",
        "Act fast: this {color} {make_model} is available now!",
        "Today's the day to drive home this {ymm}.",
        "If {a_model} is on your list, now is the time!",
        "Ready for {a_body}? This {name} won't wait around!",
        "Stop scrolling: this {make_model} is the one you've been waiting for!",
        "Heads up, {body} shoppers: the {ymm} is here!",
    ),
    "playful": (
        "Plot twist: your next {body} is {a_color} {make_model}. 🚗",
        "Warning: this {ymm} may cause spontaneous road trips. 😄",
        "Swipe right on this {make_model}! 💘",
        "Roses are red, this {model} is {color}, and it's ready to roll with you. 🌹",
        "Keys, please! The {name} is calling your name. 🔑",
        "Is it love at first sight? This {make_model} thinks so. 😍",
        "New crush alert: the {ymm}. 💫",
    ),
}

# Hooks about the buyer (never claims about the car), mixed into the openings of an audience.
AUDIENCE_OPENINGS = {
    "families": (
        "Shopping for the family {body}?",
        "Car seats, soccer gear and road-trip snacks: meet the {make_model}.",
        "School runs, weekend getaways and everything in between: the {ymm}.",
    ),
    "first-time-buyers": (
        "Buying your first car? Start with this {make_model}.",
        "Your first set of keys could be these: the {ymm}.",
        "First car, smart choice: the {name}.",
    ),
    "commuters": (
        "Make your daily drive the best part of your day with the {make_model}.",
        "Your commute just got an upgrade: the {ymm}.",
        "Traffic is better in {a_make_model}.",
    ),
    "off-road": (
        "Pavement optional: the {name}.",
        "Where the pavement ends, the {make_model} keeps going.",
        "Made for the weekend plans you keep talking about: the {ymm}.",
    ),
    "luxury": (
        "Treat yourself to the {name}.",
        "Refined, comfortable and ready for you: the {ymm}.",
        "Some drives deserve something special. This {make_model} is one of them.",
    ),
}

AUDIENCE_VALUES = {
    "families": "space and peace of mind",
    "first-time-buyers": "real value",
    "commuters": "an easy daily drive",
    "off-road": "capability",
    "luxury": "comfort and refinement",
}

FALLBACK_OPENINGS = (
    "Take a look at this one.",
    "Here's a vehicle worth a closer look.",
    "Ready for something new?",
)

# Feature topics: keyword stems found in a feature's text, and what the feature means to a buyer.
TOPICS = {
    "seating": (
        ("third row", "3rd row", "third-row", "3rd-row", "passenger", "captain", "bench"),
        "{feature}, so everyone gets a seat",
    ),
    "safety": (
        (
            "safety",
            "blind",
            "lane",
            "collision",
            "brak",
            "camera",
            "airbag",
            "sensor",
            "parking",
            "assist",
            "monitor",
            "alert",
        ),
        "{feature} for extra peace of mind",
    ),
    "cargo": (
        ("cargo", "liftgate", "tailgate", "roof rack", "rails", "bed", "fold", "storage", "trunk"),
        "{feature} for all the gear",
    ),
    "towing": (("tow", "hitch", "trailer"), "{feature} for the boat, the camper or the trailer"),
    "offroad": (
        (
            "4wd",
            "4x4",
            "awd",
            "all-wheel",
            "four-wheel",
            "skid",
            "lift",
            "all-terrain",
            "off-road",
            "locking",
            "hill descent",
            "crawl",
            "clearance",
            "mud",
        ),
        "{feature} for when the road gets rough",
    ),
    "comfort": (
        ("heated", "ventilated", "climate", "cruise", "lumbar", "remote start", "keyless", "power"),
        "{feature} for comfortable drives",
    ),
    "tech": (
        (
            "carplay",
            "android auto",
            "bluetooth",
            "navigation",
            "wireless",
            "touchscreen",
            "usb",
            "audio",
            "bose",
            "harman",
            "sirius",
            "wi-fi",
            "display",
        ),
        "{feature} to keep you connected",
    ),
    "luxury": (
        (
            "leather",
            "premium",
            "panoramic",
            "sunroof",
            "moonroof",
            "memory",
            "massage",
            "wood",
            "ambient",
            "heads-up",
        ),
        "{feature} for a touch of luxury",
    ),
    "efficiency": (
        ("hybrid", "electric", "eco", "start-stop", "plug-in"),
        "{feature} to save fuel",
    ),
}

# Which topics (and facts) an audience cares about, most important first.
AUDIENCE_TOPICS = {
    "families": ("seating", "safety", "cargo", "comfort", "tech"),
    "first-time-buyers": ("safety", "tech", "efficiency", "comfort"),
    "commuters": ("efficiency", "comfort", "tech", "safety"),
    "off-road": ("offroad", "towing", "cargo", "safety"),
    "luxury": ("luxury", "comfort", "tech", "safety"),
}
AUDIENCE_FACTS = {
    "families": ("mpg", "drivetrain", "miles"),
    "first-time-buyers": ("miles", "mpg", "condition", "price"),
    "commuters": ("mpg", "fuel", "miles", "transmission"),
    "off-road": ("drivetrain", "miles"),
    "luxury": ("condition", "miles", "mpg"),
    "": ("condition", "mpg", "drivetrain", "miles"),
}

# How facts read as highlights.
FACT_HIGHLIGHTS = {
    "mpg": "EPA-estimated {mpg}",
    "miles": "{miles} on the odometer",
    "drivetrain": "{drivetrain} for sure footing in any weather",
    "fuel": "{fuel} powertrain",
    "transmission": "smooth-shifting {transmission} transmission",
    "color": "{color} exterior",
    "interior": "{interior} interior",
    "condition": "{condition} and ready for you",
    "price": "priced at {price}",
}

FEATURE_SENTENCES = {
    "friendly": (
        "Features include {list}.",
        "You'll love the {list}.",
        "Highlights include {list}.",
    ),
    "professional": (
        "Equipment includes {list}.",
        "Notable features: {list}.",
        "Equipment on this example includes {list}.",
    ),
    "urgent": (
        "Loaded with {list}!",
        "You get the {list}. What are you waiting for?",
        "{list}. Yes, all of it!",
    ),
    "playful": (
        "The perks? {list}. 🙌",
        "Bonus points for the {list}. ✨",
        "Come for the looks, stay for the {list}. 😎",
    ),
}

# For a single feature, where "Loaded with" or "Yes, all of it!" would not read.
FEATURE_SENTENCES_ONE = {
    "friendly": ("You'll love the {list}.", "Bonus: it has the {list}."),
    "professional": ("It is equipped with the {list}.", "Notable feature: the {list}."),
    "urgent": ("Don't miss the {list}!", "Plus the {list}!"),
    "playful": ("Come for the looks, stay for the {list}. 😎", "Bonus points for the {list}. ✨"),
}

LIST_INTROS = {
    "friendly": ("What you'll love:", "The highlights:", "Why it stands out:"),
    "professional": ("Key features:", "Highlights:", "Specifications of note:"),
    "urgent": ("Here's what you get:", "Why you need to see it:", "Don't miss:"),
    "playful": ("The good stuff:", "Things to brag about:", "Fun facts:"),
}

STORIES = {
    "friendly": (
        "This {color} {model} has {miles} on it and is ready for new adventures.",
        "Finished in {color} with {a_interior} interior, it looks as good as it drives.",
        "With {drivetrain} and {mpg}, it's ready for whatever your week looks like.",
        "It's {a_condition} {body} with {miles}, and it's looking for a good home.",
    ),
    "professional": (
        "This {condition} example shows {miles}.",
        "It is finished in {color} over {a_interior} interior.",
        "It pairs {drivetrain} with {a_transmission} transmission.",
        "Fuel economy is rated at {mpg}.",
    ),
    "urgent": (
        "{color}, {miles}, and ready to go today!",
        "With {mpg}, it pays you back at every fill-up!",
        "{drivetrain}, {transmission} and ready for the road right now!",
    ),
    "playful": (
        "It's {color}, it's fabulous, and it has {miles} of stories to tell. 📖",
        "Gas stations will miss you: {mpg}. ⛽",
        "{drivetrain}? Check. Good looks? Double check. ✅",
    ),
}

PRICES = {
    "friendly": ("Priced at {price}.", "All yours for {price}.", "It can be yours for {price}."),
    "professional": ("Price: {price}.", "Offered at {price}.", "Priced at {price}."),
    "urgent": ("Only {price}!", "Just {price}!", "Yours today for {price}!"),
    "playful": (
        "The damage? Just {price}. 💸",
        "Price tag: {price}. 🏷️",
        "All this for {price}. 🤑",
    ),
}

SALE_PRICES = {
    "friendly": ("Sale price: {price}.", "On sale now for {price}."),
    "professional": ("Sale price: {price}.", "Now offered at a sale price of {price}."),
    "urgent": ("Sale price: {price}!", "On sale now: {price}!"),
    "playful": ("Sale price: {price}. 🎉", "Marked down to {price}. 🎉"),
}

# An offer stated without trigger terms (an APR alone is not one).
FINANCE_TEASER = "Financing available at {apr} APR."
GENERAL_FINANCE = "Ask us about financing options."
GENERAL_LEASE = "Ask us about lease options."

CTAS = {
    "friendly": (
        "Give us a call at {phone} to set up a test drive.",
        "Stop by {dealer} and take it for a spin!",
        "Come see it in person at {address}.",
        "Send us a message and we'll set up your test drive.",
        "Check it out at {website}.",
    ),
    "professional": (
        "Schedule your test drive at {dealer}.",
        "Contact us at {phone} to arrange a viewing.",
        "Visit {website} for details.",
        "Contact our sales team to arrange a test drive.",
        "Visit us at {address}.",
    ),
    "urgent": (
        "Call {phone} today!",
        "Come in today before it's gone!",
        "Message us now to book your test drive!",
        "Head to {dealer} today!",
        "Don't wait: visit {website} now!",
    ),
    "playful": (
        "Slide into our messages for a test drive. 😎",
        "Come say hi at {dealer}. It's waiting for you! 👋",
        "Ring ring: {phone}. 📞",
        "Your test drive awaits at {address}. 🗺️",
        "Peek at {website}, then come peek in person. 👀",
    ),
}
# CTAs that need none of the dealership's details, for when they are unknown.
PLAIN_CTAS = {
    "friendly": "Send us a message and we'll set up your test drive.",
    "professional": "Contact our sales team to arrange a test drive.",
    "urgent": "Message us now to book your test drive!",
    "playful": "Slide into our messages for a test drive. 😎",
}
SMS_CTAS = (
    "Call {phone}.",
    "Reply to book a test drive.",
    "See it at {website}",
    "Reply for details.",
    "Text us back to see it.",
)

HEADLINES = {
    "friendly": ("Meet the {name}", "Your next {body} is here", "Say hello to your {model}"),
    "professional": ("The {name}", "{ymm}: available now", "Presenting the {make_model}"),
    "urgent": ("Don't miss this {ymm}!", "Act fast: {make_model}", "{model}: available today!"),
    "playful": (
        "Hello, gorgeous {model}",
        "Road trip ready: {make_model}",
        "Your {body} crush awaits",
    ),
}
FALLBACK_HEADLINES = ("Available now", "Come take a look", "Worth a closer look")

SUBJECTS = {
    "friendly": (
        "Meet the {make_model} waiting for you",
        "{a_color} {model} you'll want to see",
        "Your next {body}? The {ymm}",
        "We saved you a look at this {model}",
    ),
    "professional": (
        "Now available: {ymm}",
        "The {name}: details inside",
        "{make_model} now in stock at {dealer}",
        "{ymm} for {price}",
    ),
    "urgent": (
        "Don't miss this {ymm}",
        "Act fast: {make_model} at {price}",
        "This {model} won't wait. Neither should you",
        "Have you seen this {make_model} yet?",
    ),
    "playful": (
        "Psst... this {model} has your name on it",
        "Road trip, anyone? Meet the {make_model}",
        "Swipe right on this {make_model}",
        "It's a match: you and the {model}",
    ),
}

GREETINGS = {
    "friendly": "Hi there,",
    "professional": "Hello,",
    "urgent": "Hi,",
    "playful": "Hey there!",
}
SIGN_OFFS = {
    "friendly": "See you soon,",
    "professional": "Kind regards,",
    "urgent": "Talk soon,",
    "playful": "Cheers,",
}

SMS_OPENERS = {
    "friendly": ("Hi! ", "Good news! ", ""),
    "professional": ("", "Now available: ", ""),
    "urgent": ("Hurry! ", "Act fast: ", "Don't wait: "),
    "playful": ("Psst! ", "Guess what? ", "Ooh! "),
}

SHOTS = {
    "hook": (
        "Slow push-in on the front corner",
        "Low-angle hero shot, camera rising over the hood",
        "Wide shot of the vehicle on the lot, camera tracking along the side",
    ),
    "exterior": (
        "Orbit around the vehicle, ending on the rear corner",
        "Tracking shot alongside the vehicle on the road",
        "Close-ups of the wheels, lights and badge",
    ),
    "feature": (
        "Close-up of the {feature}",
        "Interior detail: the {feature}",
        "Hands-on demo of the {feature}",
    ),
    "fact": (
        "Dashboard close-up",
        "Driving shot, open road",
        "Interior wide shot from the back seat",
    ),
    "price": ("Front view with price graphic", "Side profile with price graphic"),
    "cta": (
        "End card: dealership name and contact details",
        "Vehicle parked at the dealership, end card",
    ),
}

HASHTAGS_GENERAL = (
    "#CarsForSale",
    "#CarShopping",
    "#TestDrive",
    "#DreamCar",
    "#NewRide",
    "#CarLife",
)
HASHTAGS_AUDIENCE = {
    "families": ("#FamilyCar", "#FamilyTime", "#RoadTrip"),
    "first-time-buyers": ("#FirstCar", "#NewDriver", "#SmartBuy"),
    "commuters": ("#DailyDriver", "#Commute", "#FuelEfficient"),
    "off-road": ("#OffRoad", "#Adventure", "#TrailReady"),
    "luxury": ("#LuxuryCars", "#DriveInStyle", "#Luxury"),
}
HASHTAGS_CONDITION = {"new": "#NewCar", "used": "#UsedCars", "certified": "#CertifiedPreOwned"}

BODY_WORDS = {
    "suv": "SUV",
    "sport utility": "SUV",
    "crossover": "crossover",
    "minivan": "minivan",
    "van": "van",
    "pickup": "truck",
    "truck": "truck",
    "hatchback": "hatchback",
    "sedan": "sedan",
    "coupe": "coupe",
    "convertible": "convertible",
    "wagon": "wagon",
}

CONDITION_WORDS = {"new": "brand-new", "used": "pre-owned", "certified": "certified pre-owned"}

# Words in features that are names and keep their capital letter in a sentence.
PROPER_WORDS = frozenset(
    {
        "apple", "android", "bose", "harman", "sirius", "siriusxm", "bluetooth", "google",
        "amazon", "alexa", "sony", "burmester", "bang", "jbl", "wi-fi", "onstar", "uconnect",
        "sync", "homelink", "led",
    }
)  # fmt: skip
