"""The words question answering works with: what frames a question, the everyday English that
says which kind of answer is wanted, and how people shorten the coalition's words. Data only,
kept apart from the engine so that a coordinator can read and extend it; nothing here is
fitted to one document."""

from __future__ import annotations

__all__ = [
    "ANAPHORA",
    "MONTHS",
    "NUMBER_WORDS",
    "ORGANISATIONS",
    "ROLES",
    "SHORTHAND",
    "STOPWORDS",
    "SYNONYM_GROUPS",
    "words",
]


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that frame a question without saying what it is about.
STOPWORDS = words(
    """after before during until while within among between against toward towards upon
    a an the of to in on at for with about and or but if so as by from into over under than is
    am are was were be been being do does did done doing has have had having can could would
    should will shall may might must i me my we us our you your he him his she her it its they
    them their there then this that these those what when where who whom whose which why how
    whats whos wheres whens hows any anything something some much many tell know let please hey
    hi hello thanks thank bot ok okay just also really very again yet still up out happen
    happened happening say said says saying get got go going went thing things stuff exactly
    anyone someone not no yes all give gave given make made exist exists mention mentioned
    actually kind sort like lot lots more most other another each course back now anymore ever
    whether according describe described explain explained mean means meant exactly
    specifically briefly detail details regard regarding concerning role part took take
    year years date day month time place city cities country located location number
    many current currently"""
)
# Words that point back at the previous question's subject ("and who led it?").
ANAPHORA = words("""it they them he she him his her its those""")
NUMBER_WORDS = words(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
    hundred thousand million dozen dozens several"""
)
MONTHS = words(
    """january february march april may june july august september october november december"""
)
# Nouns that name a person by office: an answer to "who" may be "the Ambassador".
ROLES = words(
    """ambassador ambassadors chairman chairmen chair chairwoman chairperson president presidents
    minister ministers official officials rapporteur rapporteurs delegate delegates participant
    participants leader leaders director directors secretary representative representatives
    member members spokesman spokeswoman spokesperson envoy envoys prosecutor prosecutors judge
    judges commissioner commissioners head deputy deputies advisor adviser ambassadors governor
    mayor senator congressman activist activists expert experts staff delegation"""
)
# Nouns that name a body: an answer to "who" may be "the Ministry of …".
ORGANISATIONS = words(
    """ministry ministries embassy embassies agency agencies committee committees commission
    commissions council councils office offices center centre association associations
    government governments department departments court courts parliament coalition
    organisation organisations organization organizations union institute foundation church
    churches community communities group groups roundtable service bureau authority
    authorities administration"""
)

# How people shorten what the sources say: one "what people type: what the sources say" a line.
# Added to a question's words (the typed word stays), never to the sources.
_SHORTHAND = """
u n: un
united nations: un
un guy: special rapporteur
un expert: special rapporteur
un envoy: special rapporteur
un official: special rapporteur
sr: special rapporteur
irf: international religious freedom
kz: kazakhstan
kaz: kazakhstan
amb: ambassador
ambo: ambassador
gov: government
govt: government
gvt: government
ppl: participants
mtg: meeting
mtgs: meeting
rec: recommendation
recs: recommendation
dc: washington
wg: working group
propose: raised possibility
proposed: raised possibility
proposal: raised possibility
near future: soon
"""
SHORTHAND: dict[tuple[str, ...], tuple[str, ...]] = {
    tuple(typed.split()): tuple(meant.split())
    for typed, meant in (line.split(":") for line in _SHORTHAND.strip().splitlines())
}

# Everyday English words that can stand for one another in a question and its answer; each group
# ends with a semicolon. A question's word is also found as any word of its group (by stem).
_SYNONYMS = """
    begin began begun beginning start started starting commence commenced launch launched first
    initial opening kick;
    end ended ending finish finished conclude concluded complete completed final;
    meet met meeting meetings discussion discussions talks session gathering;
    visit visited trip trips travel travelled traveled journey;
    lead led leader leaders head headed heads;
    chair chairs chaired chairman chairwoman chairperson;
    say said says stated statement tell told mention mentioned remark remarks claim claimed noted;
    change changes changing changed amend amended amending amendment amendments revise revising
    revision reform reforms modify;
    law laws legislation;
    ban bans banned prohibit prohibits prohibited forbid forbids outlaw outlaws;
    worry worries worried concern concerns concerned fear fears afraid;
    people persons participants members member attendees individuals folks;
    goal goals aim aims objective objectives purpose purposes;
    agree agreed agreeing accept accepted accepting;
    invite invited invitation;
    founded form formed create created establish established;
    recent latest last newest;
    soon shortly;
    government officials authorities;
    view views opinion opinions position stance think thinks believe believes;
    penalty penalties penalize penalized punish punished punishment sanction sanctions fine fines
    fined;
    register registered registration registrations unregistered;
    religion religions religious faith faiths;
    cult cults sect sects;
    observe observed observer observers;
    host hosted hosts;
    attend attended attendance came;
    close closed shut;
    extremism extremist extremists radical radicalism;
    terrorism terrorist terrorists terror;
    detain detained detention detentions arrest arrested;
    talk talked talking discuss discussed dialogue dialog conversation;
    country countries nation nations;
    city cities town towns;
    stability stable;
    recommend recommended recommendation recommendations;
"""
SYNONYM_GROUPS: tuple[frozenset[str], ...] = tuple(
    words(group) for group in _SYNONYMS.split(";") if group.strip()
)
