"""Readable, varied generated text for `generate_debate`: motions, claims, rebuttals, articles and quotes.

Everything is drawn from a ``random.Random`` the caller seeds, so a seed always gives the same text.
The vocabulary is about local public policy in general; each debate picks one theme for its motion
and positions, and the sentences are assembled from small pools so ten thousand arguments rarely repeat.
"""

from dataclasses import dataclass

THEMES = [
    {
        "motion": "The city should make public transit free for every rider.",
        "measure": ["free transit", "fare-free buses", "scrapping fares", "a zero-fare network"],
        "positions": [
            ("Make every bus and train free, paid for by the city budget", "Abolish fares outright."),
            ("Keep fares but make them free for students and low-income riders", "Target the subsidy."),
            ("Spend the money on more frequent service instead of lower fares", "Frequency over price."),
        ],
    },
    {
        "motion": "Schools should ban phones for the whole school day.",
        "measure": ["a phone ban", "locked phone pouches", "phone-free classrooms", "a bell-to-bell ban"],
        "positions": [
            ("Ban phones from first bell to last bell", "Phones stay locked away all day."),
            ("Ban phones in class but allow them at lunch", "A middle way for older students."),
            ("Teach responsible use instead of banning", "Rules written with students."),
        ],
    },
    {
        "motion": "The region should build homes on its downtown parking lots.",
        "measure": ["parking-lot housing", "rezoning the lots", "mid-rise homes downtown", "infill housing"],
        "positions": [
            ("Rezone every public lot for housing", "Homes first, parking second."),
            ("Build housing but keep a share of the parking", "Mixed lots with shared garages."),
            ("Leave the lots and build near the rail stations", "Growth along transit lines."),
        ],
    },
    {
        "motion": "The state should pay for universal school meals.",
        "measure": ["universal meals", "free lunch for all", "the meals program", "breakfast in the classroom"],
        "positions": [
            ("Feed every student breakfast and lunch for free", "No forms, no stigma."),
            ("Keep means testing but automate enrolment", "Aid for those who need it."),
            ("Let each district decide and fund its own program", "Local control of meals."),
        ],
    },
]

ACTORS = [
    "working families",
    "small businesses",
    "teachers",
    "students",
    "older residents",
    "commuters",
    "the city council",
    "local taxpayers",
    "neighbourhood groups",
    "shift workers",
    "school principals",
    "landlords",
    "people with disabilities",
    "young parents",
    "the state budget office",
]
OUTCOMES = [
    "attendance",
    "household budgets",
    "air quality",
    "public trust",
    "test scores",
    "road safety",
    "local spending",
    "waiting times",
    "rents",
    "community health",
    "job access",
    "traffic congestion",
]
EFFECTS = ["improve", "protect", "undermine", "strain", "transform", "stabilise", "raise", "erode"]
PLACES = [
    "Tallinn",
    "Kansas City",
    "Dunkirk",
    "Olympia",
    "Lowell",
    "Albuquerque",
    "Montpellier",
    "Duluth",
    "the pilot district",
    "the neighbouring county",
]
COSTS = [
    "a larger payroll",
    "deferred maintenance",
    "a widening budget gap",
    "longer construction delays",
    "higher property taxes",
    "crowded buildings",
    "new enforcement costs",
    "lost revenue",
]
REASONS = [
    "the savings arrive years before the costs",
    "the people who gain most are the ones who spend the least today",
    "every comparable program has needed a second round of funding",
    "behaviour changes slowly once habits are set",
    "the administration already exists and would simply expand",
    "the pilot numbers were collected during an unusual year",
    "demand rises as soon as a service becomes easier to use",
    "the federal match covers only the first three years",
    "enforcement falls on the staff who are already overstretched",
    "the same money spent elsewhere would reach more people",
]
FIGURES = ["12 percent", "a third", "most", "nearly half", "18 percent", "a quarter", "over half", "9 percent"]
PERIODS = ["in its first year", "within two years", "over the pilot", "since the change", "by the third term"]

CLAIMS = [
    "{Measure} would {effect} {outcome} for {actor}, because {reason}.",
    "The experience of {place} shows that {measure} can {effect} {outcome}.",
    "Without {measure}, {actor} will keep paying for {cost}.",
    "{Actor} would feel {measure} first: it would {effect} {outcome} within months.",
    "{Measure} is the cheapest way to {effect} {outcome}, since {reason}.",
    "If {place} could manage {measure} with {cost}, so can we.",
    "Roughly {figure} of {actor} say {measure} would {effect} {outcome}.",
    "The case for {measure} rests on {outcome}: {reason}.",
]
REBUTTALS = [
    "That ignores {cost}, and {actor} would bear it first.",
    "The {place} figures do not carry over here, because {reason}.",
    "Even granting that, {measure} would {effect} {outcome} more slowly than promised.",
    "{Actor} were never asked, and {figure} of them oppose the change.",
    "The same argument was made in {place}, where {outcome} got worse {period}.",
    "This counts the benefits but not {cost}.",
    "Correlation is not cause: {outcome} improved in {place} for other reasons.",
    "It assumes {reason}, which the evidence does not show.",
]
SUPPORTS = [
    "And {place} confirms it: {outcome} improved {period}.",
    "More than that, {actor} would gain as well, since {reason}.",
    "The numbers back this up: {figure} of {actor} report better {outcome}.",
    "Exactly, and it would also spare {actor} {cost}.",
    "The objection misreads the data; {reason}.",
]
QUOTES = [
    "We saw {outcome} {effect_past} {period}, and nobody expected it",
    "I have watched {actor} struggle with {cost} for years",
    "If you want to {effect} {outcome}, you start with {measure}",
    "Nobody here is against {measure}; we are against {cost}",
    "The numbers from {place} are real, but they are not the whole story",
    "We were told {measure} would {effect} {outcome}, and it did",
    "Ask {actor} what {cost} means for them",
    "This is about {outcome}, not politics",
]
PARAPHRASES = [
    "{measure} {effect_past} {outcome} in {place} {period}",
    "{actor} in {place} saw {outcome} change {period}",
    "{cost} was the main worry of {actor}",
]
FACTS = [
    "{Place} adopted {measure} {period}, and {figure} of {actor} took part.",
    "Officials estimate that {measure} would mean {cost} for the city.",
    "About {figure} of {actor} in {place} reported better {outcome} {period}.",
]
NARRATION = [
    "The debate over {measure} has divided {actor} and {actor2} for most of the year.",
    "At a packed hearing, {actor} asked how the plan would affect {outcome}.",
    "Supporters point to {place}; critics point to {cost}.",
    "The council is expected to vote before the budget is finalised.",
    "Few questions have drawn as many letters to the editor as this one.",
    "In {place}, the same argument played out {period}.",
    "For {actor}, the question is less about principle than about {outcome}.",
    "The budget office has not yet said how it would cover {cost}.",
    "Opinion among {actor} has shifted, though not in one direction.",
    "Much depends on what happens to {outcome}.",
]
HEADLINES = [
    "What {measure} would mean for {actor}",
    "{Place} tried {measure}. Here is what happened",
    "The fight over {measure} comes down to {outcome}",
    "Why {actor} are split on {measure}",
    "Inside the numbers on {measure}",
]
PUBLICATIONS = ["The Civic Ledger", "Riverside Courier", "Metro Weekly", "The Council Record", "Harbor Times"]

FIRST_NAMES = [
    "Ana", "Marcus", "Priya", "Jonas", "Leila", "Tomás", "Grace", "Kwame", "Ingrid", "Rafael", "Mei", "Daniel",
    "Fatima", "Oskar", "Naomi", "Hiro", "Claire", "Samuel", "Amara", "Lukas", "Sofia", "Idris", "Hannah", "Diego",
]  # fmt: skip
LAST_NAMES = [
    "Okafor", "Lindqvist", "Ramírez", "Chen", "Novak", "Haddad", "Whitfield", "Sato", "Moreau", "Brennan",
    "Kowalski", "Mensah", "Duarte", "Fischer", "Nakamura", "Osei", "Petrov", "Quinn", "Rahman", "Silva",
]  # fmt: skip
ROLES = [
    "city planner",
    "transit economist",
    "high-school teacher",
    "council member",
    "bus driver",
    "school nurse",
    "budget analyst",
    "parent organiser",
    "public-health researcher",
    "housing advocate",
]
AFFILIATIONS = [
    "State University",
    "the Urban Policy Institute",
    "the Teachers' Federation",
    "the Chamber of Commerce",
    "the Riders' Alliance",
    "the county health department",
    "",
]
PAST = {
    "improve": "improved",
    "protect": "protected",
    "undermine": "undermined",
    "strain": "strained",
    "transform": "transformed",
    "stabilise": "stabilised",
    "raise": "raised",
    "erode": "eroded",
}


@dataclass
class SpeakerSpec:
    name: str
    role: str
    affiliation: str
    is_anonymous: bool
    short_name: str


@dataclass
class Excerpt:
    """A passage of a generated article that becomes evidence: offsets are code points into the text."""

    start: int
    end: int
    quote: str
    kind: str
    speaker_index: int | None


class Prose:
    def __init__(self, rng, theme):
        self.rng = rng
        self.theme = theme

    def _words(self):
        pick = self.rng.choice
        effect = pick(EFFECTS)
        actor, actor2 = self.rng.sample(ACTORS, 2)
        words = {
            "measure": pick(self.theme["measure"]),
            "effect": effect,
            "effect_past": PAST[effect],
            "outcome": pick(OUTCOMES),
            "actor": actor,
            "actor2": actor2,
            "place": pick(PLACES),
            "cost": pick(COSTS),
            "reason": pick(REASONS),
            "figure": pick(FIGURES),
            "period": pick(PERIODS),
        }
        words.update({key.capitalize(): capitalise(value) for key, value in words.items()})
        return words

    def fill(self, templates):
        return self.rng.choice(templates).format(**self._words())

    def claim(self):
        return self.fill(CLAIMS)

    def reply(self, stance):
        return self.fill(REBUTTALS if stance == "against" else SUPPORTS)

    def speaker(self):
        role = self.rng.choice(ROLES)
        if self.rng.random() < 0.15:
            name = f"a {role} who asked not to be named"
            return SpeakerSpec(name, capitalise(role), "", True, f"the {role}")
        first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
        return SpeakerSpec(f"{first} {last}", capitalise(role), self.rng.choice(AFFILIATIONS), False, last)

    def headline(self):
        return self.fill(HEADLINES)

    def publication(self):
        return self.rng.choice(PUBLICATIONS)

    def article(self, speakers, excerpt_count):
        """An article of paragraphs quoting ``speakers``, with at least ``excerpt_count`` excerpts marked in it."""
        text, excerpts, introduced = [], [], set()
        length = 0

        def add(piece, kind=None, speaker_index=None, inner=None):
            nonlocal length
            if inner is not None:
                offset = piece.index(inner)
                excerpts.append(Excerpt(length + offset, length + offset + len(inner), inner, kind, speaker_index))
            text.append(piece)
            length += len(piece)

        while len(excerpts) < excerpt_count:
            if text:
                add("\n")
            add(self.fill(NARRATION))
            for _ in range(self.rng.randint(1, 3)):
                if len(excerpts) >= excerpt_count:
                    break
                index = self.rng.randrange(len(speakers))
                roll = self.rng.random()
                if roll < 0.85:
                    label = self._label(speakers[index], index in introduced)
                    introduced.add(index)
                add(" ")
                if roll < 0.6:
                    quote = self.fill(QUOTES)
                    if self.rng.random() < 0.5:
                        add(f"“{quote},” said {label}.", "quote", index, f"{quote},")
                    else:
                        add(f"{capitalise(label)} put it plainly: “{quote}.”", "quote", index, f"{quote}.")
                elif roll < 0.85:
                    paraphrase = self.fill(PARAPHRASES)
                    add(f"According to {label}, {paraphrase}.", "paraphrase", index, paraphrase)
                else:
                    fact = self.fill(FACTS)
                    add(fact, "fact", None, fact)
        return "".join(text), excerpts

    @staticmethod
    def _label(who, introduced):
        """A speaker's full description the first time an article names them, their short name after."""
        if introduced:
            return who.short_name
        if who.is_anonymous:
            return who.name
        return f"{who.name}, {who.role.lower()}" + (f" at {who.affiliation}" if who.affiliation else "")


def capitalise(text):
    return text[:1].upper() + text[1:]
