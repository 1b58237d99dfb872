"""The words question answering works with: what frames a question, the everyday English that
says which kind of answer is wanted, and how people shorten the coalition's words. Data only,
kept apart from the engine so that a coordinator can read and extend it; nothing here is
fitted to one document."""

from __future__ import annotations

__all__ = [
    "ANAPHORA",
    "MONTHS",
    "NUMBER_WORDS",
    "ROLES",
    "SHORTHAND",
    "STOPWORDS",
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
    """ambassador ambassadors chairman chair chairwoman chairperson president minister ministers
    official officials rapporteur delegation delegate delegates participants leaders leader
    director secretary staff representative representatives members member coalition agency
    ministry committee commission government embassy council office group groups activists
    experts"""
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
people: participants
folks: participants
attendees: participants
mtg: meeting
mtgs: meeting
rec: recommendation
recs: recommendation
talks: dialogue
dialog: dialogue
conversation: dialogue
start: began
started: began
begin: began
kick off: began
travel: trip
travelled: trip
traveled: trip
visit: trip
dc: washington
lead: led
headed: led
signers: signed
signatories: signed
latest: recent
last: recent
newest: recent
cults: sects
cult: sects
unregistered: registration
wg: working group
change: changes
changing: changes
amend: changes
worries: concern
worry: concern
worried: concern
founded: formed
created: formed
came: attended
come: attended
propose: raised possibility
proposed: raised possibility
suggest: raised possibility
"""
SHORTHAND: dict[tuple[str, ...], tuple[str, ...]] = {
    tuple(typed.split()): tuple(meant.split())
    for typed, meant in (line.split(":") for line in _SHORTHAND.strip().splitlines())
}
