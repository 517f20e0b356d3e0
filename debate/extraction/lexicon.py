"""Closed word classes the extractor relies on.

News attribution is written with a small, stable vocabulary (say, tell, add,
according to ...), so a hand-written lexicon generalises better across
articles than anything learnt from a handful of examples.
"""


def _forms(*groups: str) -> frozenset[str]:
    return frozenset(word for group in groups for word in group.split())


# Verbs that introduce reported speech.  Every form is listed explicitly
# because naive suffix stripping ("said" -> "sai") does more harm than good.
SPEECH_VERBS = _forms(
    "say says said saying",
    "tell tells told telling",
    "add adds added",
    "write writes wrote",
    "argue argues argued",
    "explain explains explained",
    "insist insists insisted",
    "warn warns warned",
    "suggest suggests suggested",
    "contend contends contended",
    "predict predicts predicted",
    "acknowledge acknowledges acknowledged",
    "admit admits admitted",
    "declare declares declared",
    "announce announces announced",
    "confirm confirms confirmed",
    "complain complains complained",
    "respond responds responded",
    "ask asks asked",
    "speaks spoke",
    # Forms that are also common nouns ("secretary of state", "news
    # reports", "no comment") are left out.
    "noted recalled replies replied observes observed claimed predicted",
    "promised remarked commented answered concluded concedes conceded",
    "emphasizes emphasized emphasises emphasised stressed urged joked quipped",
    "exclaimed shouted whispered recounted boasted denies denied tweeted",
    "testifies testified reported indicates indicated accuses accused",
    "asserts asserted stated mentioned cautioned quoted",
)

# Verbs that report speech only with "statement" as object ("issued the
# following statement:"); "issued a ruling" is not speech.
STATEMENT_VERBS = frozenset("issue issues issued release releases released".split())

# Verbs that attach a quotation to a subject only when the quotation follows
# in the same clause ("calls the idea 'folly'", "describing it as '...'");
# without a quotation they are ordinary verbs ("a group called Hamas").
LABEL_VERBS = _forms(
    "call calls called calling",
    "describe describes described describing",
    "dub dubs dubbed",
    "brand brands branded",
    "label labels labeled labelled",
)

# Forms that can come before their subject after a quotation
# ('"...," said Smith').  "told" cannot: '"...," told Smith' names the
# listener, not the speaker.
INVERTIBLE_VERBS = frozenset(
    v
    for v in SPEECH_VERBS
    if not v.startswith(("tell", "told"))
    and not v.endswith("ing")
    and v not in {"say", "add", "write", "argue", "ask", "quoted"}
)

# Objects kept as part of the cue because they are part of the idiom
# ("tells me", "told reporters").
CUE_OBJECTS = frozenset("me us reporters journalists".split())

# Nouns that only point back at a speaker already met ("the source", "the
# person"): they carry no role of their own, so "the CNN source" is whoever
# the article had speaking to CNN.
REFERENCE_NOUNS = frozenset("source person individual insider".split())

PRONOUNS = {"he": "m", "him": "m", "she": "f", "her": "f", "they": None, "them": None}
FIRST_PERSON = frozenset("i we".split())

DETERMINERS = frozenset(
    """a an the one another some several many most two three four five six seven
    eight nine ten this that these those his her their its our my your each
    every any no all both few half""".split()
)

PREPOSITIONS = frozenset(
    """in on at by for from to of after before during under over into through via
    about against among amid despite without within across behind until upon
    onto toward towards near beside between like than since per""".split()
)

# Plural nouns for groups of people; capitalised at the start of a sentence
# ("Officials said") they are still not names.
GROUP_NOUNS = frozenset(
    """officials authorities police witnesses residents experts critics analysts
    sources investigators prosecutors protesters doctors scientists researchers
    lawmakers leaders diplomats observers activists officers soldiers workers
    parents students teachers neighbors neighbours relatives friends""".split()
)

# Words that turn a following verb form into a noun ("his call", "the report").
NOUN_MARKERS = frozenset("a an the his her their its my our your this that these those no".split())

# Words that open a clause but are not part of the subject noun phrase.
CLAUSE_OPENERS = frozenset(
    """but and yet so while with as though although whereas meanwhile however
    also then still plus or nor""".split()
)

# Complementisers after which a new clause (and a new subject) starts.
SUBORDINATORS = frozenset(
    """that because if when whether unless although though once where after
    before since until while""".split()
)

RELATIVE_PRONOUNS = frozenset("who whom whose which that".split())

# Auxiliaries, modals and adverbs that sit between a subject and its verb
# ("Mexico has already said", "Katz then explicitly declared").
VERB_MODIFIERS = frozenset(
    """has have had was were is are been be will would could should may might
    must can did does do not never also then later earlier again further once
    still even just already first last often reportedly publicly privately
    repeatedly initially explicitly recently previously quickly simply finally
    angrily quietly flatly firmly bluntly openly separately subsequently
    immediately eventually frequently confidently emphatically tersely calmly
    sharply strongly clearly directly personally originally jokingly proudly
    sadly candidly frankly bitterly cautiously""".split()
)

# A noun phrase containing one of these (outside a relative clause) is a
# clause, not a description of a person.
FINITE_AUXILIARIES = frozenset(
    """is are was were be been being has have had will would could should may
    might must can did does do""".split()
)

# Capitalised words that are part of a role, not of the name that follows.
TITLE_WORDS = frozenset(
    """President Vice Prime Minister Secretary Senator Sen. Representative Rep.
    Congressman Congresswoman Governor Gov. Lt. Lieutenant Mayor Judge Justice
    Chief Director Commissioner Ambassador General Gen. Admiral Adm. Colonel
    Col. Major Maj. Captain Capt. Sergeant Sgt. Officer Detective Det.
    Inspector Superintendent Sheriff Deputy Attorney Chancellor Chairman
    Chairwoman Chair Speaker Leader Mr. Mrs. Ms. Miss Dr. Prof. Professor Rev.
    Reverend Father Sister Pope King Queen Prince Princess Sir Dame Lord Lady
    Sheikh Coach Spokesman Spokeswoman Spokesperson CEO Councilman
    Councilwoman Councillor Councilor Pastor Rabbi Imam Bishop Cardinal
    Archbishop Emir Crown Foreign Defense Defence Interior Treasury Homeland
    State Health Finance Police Assemblyman Assemblywoman Delegate Del.
    Premier Commander Cmdr. Sgt Lt Gov Sen Rep Dr Mr Mrs Ms Supervisor
    Councilmember Alderman Alderwoman Trustee""".split()
)

# Expansions so that "the senator" can find "Sen. Marco Rubio".
TITLE_NOUNS = {
    "sen.": "senator",
    "sen": "senator",
    "rep.": "representative",
    "rep": "representative",
    "gov.": "governor",
    "gov": "governor",
    "gen.": "general",
    "lt.": "lieutenant",
    "col.": "colonel",
    "sgt.": "sergeant",
    "capt.": "captain",
    "adm.": "admiral",
    "maj.": "major",
    "det.": "detective",
    "dr.": "doctor",
    "prof.": "professor",
    "rev.": "reverend",
    "cmdr.": "commander",
    "congressman": "representative",
    "congresswoman": "representative",
}

TITLE_GENDER = {
    "mr.": "m",
    "mr": "m",
    "sir": "m",
    "lord": "m",
    "king": "m",
    "prince": "m",
    "father": "m",
    "mrs.": "f",
    "mrs": "f",
    "ms.": "f",
    "ms": "f",
    "miss": "f",
    "dame": "f",
    "lady": "f",
    "queen": "f",
    "princess": "f",
    "sister": "f",
    "congressman": "m",
    "congresswoman": "f",
    "spokesman": "m",
    "spokeswoman": "f",
    "chairman": "m",
    "chairwoman": "f",
}

# Head words of organisation names ("the Gulf Cartel", "Cato Institute").
ORG_WORDS = frozenset(
    """Institute Institution University College Ministry Department Party Council
    Committee Agency Commission Cartel Company Corporation Corp. Inc. Ltd.
    Group Association Office Court Bank Army Navy Government Union League
    Foundation Center Centre Service Bureau Administration Organization
    Organisation Network Nations Pentagon Kremlin Police Embassy Authority
    Board Federation Alliance Coalition Movement Front Church Hospital Fund
    Forces Command Parliament Congress Senate Cabinet Tribunal Campaign""".split()
)

# Common nouns naming organisations; "the ministry said" is an organisation
# speaking, not an anonymous person.
ORG_NOUNS = frozenset(
    """ministry department party council committee agency commission cartel
    company corporation group association office court bank army navy
    government union league foundation center centre service bureau
    administration organization organisation network embassy authority board
    federation alliance coalition movement church hospital campaign police
    parliament congress senate cabinet tribunal statement family""".split()
)

# Words preceding a quotation that mark it as a label or name, not speech.
LABEL_MARKERS = (
    "so-called",
    "known as",
    "dubbed",
    "nicknamed",
    "titled",
    "entitled",
    "the word",
    "the term",
    "the phrase",
    "the slogan",
    "the hashtag",
    "labelled",
    "labeled",
    "branded",
    "identified as",
    "inscription",
    "headline",
    "caption",
)

# Abbreviations whose period does not end a sentence.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr sen rep gov gen lt col sgt capt adm maj prof st jr sr inc corp
    co ltd no vs etc ft mt rev hon pres supt det insp cmdr del jan feb mar apr
    aug sept sep oct nov dec univ dept approx dist ave blvd rd""".split()
)

# Lower-case particles inside a person's name ("Ludwig van Beethoven").
NAME_PARTICLES = frozenset("de da del della van von der den bin ibn al la le du dos y".split())

# Lower-case words inside an organisation's or a work's name.
NAME_CONNECTORS = NAME_PARTICLES | frozenset("of the and for &".split())

# Nouns for a person's relation or job, which may stand right before the
# name they describe ("his cousin Yensy Fuentes", "Lebanon's top diplomat
# Abdallah Bouhabib").
ROLE_NOUNS = frozenset(
    """cousin brother sister father mother son daughter wife husband friend
    uncle aunt nephew niece grandmother grandfather girlfriend boyfriend fiance
    fiancee widow widower neighbor neighbour colleague partner spokesman
    spokeswoman spokesperson lawyer attorney prosecutor officer official
    director minister diplomat president chief leader commander analyst expert
    professor researcher economist manager owner founder chairman chairwoman
    resident aide adviser advisor coach teammate senator representative
    governor mayor secretary ambassador envoy detective sheriff judge ceo
    executive editor reporter correspondent doctor nurse teacher student
    pastor priest rabbi imam boss head man woman member employee agent worker
    lawmaker candidate nominee player author supervisor councilmember
    alderman alderwoman trustee""".split()
)
