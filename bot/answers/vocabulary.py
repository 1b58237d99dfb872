"""The words question answering works with: what frames a question, what the coalition calls
things and how people type them, and what every record says. Kept apart from the engine so that
a coordinator can read and extend them."""

from __future__ import annotations

__all__ = [
    "ANAPHORA",
    "GENERIC",
    "INTENT_WORDS",
    "MONTHS",
    "NUMBER_WORDS",
    "STOPWORDS",
    "SYNONYMS",
    "UBIQUITOUS",
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
    happened happening say said says saying talk talked talking get got go going went thing
    things stuff exactly anyone someone one ones not no yes all give gave given make made exist
    exists mention mentioned actually kind sort like lot lots does more most other another each
    course back now currently current anymore ever whether"""
)
# Everyday words that may be missing from the records without making a question unanswerable.
GENERIC = words(
    """join joined single singled point pointed according accord mention mentioned conclude
    concluded conclusion write wrote written explain explained describe described discuss
    discussed agree agreed held hold holding mean means meant think thought believe find found
    want wanted decide decided propose note noted regard regarding concerning example examples
    purpose reason call involve involved involvement role part took take
    exactly specifically briefly summary details detail put placed"""
)
# Words that steer which kind of answer is wanted, rather than what it is about.
INTENT_WORDS = words(
    """status stand stands standing progress implemented implementation implement accepted accept
    adopted declined rejected refused response respond responded outcome update open openness
    timeline chronology overview history summary summarize summarise recap next upcoming
    scheduled schedule soon date day year month place city cities where located location
    happened first recent number count total partially partly partial underway pending outstanding
    acknowledged done completed fulfilled unanswered"""
)
# Words common to nearly every record: they carry no evidence that a record answers a question.
UBIQUITOUS = words(
    """kazakhstan kazakh roundtable irf dialogue religion religious law participants government
    freedom international"""
)
# Words that point back at the previous question's subject ("and who led it?").
ANAPHORA = words("""it that this there they them then he she him his her its those""")
NUMBER_WORDS = words(
    """one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty
    approximately"""
)
MONTHS = words(
    """january february march april may june july august september october november december"""
)

# What the coalition says, and how people type it, mapped to the words the sources use: one
# "what people type: what the sources say" a line. Applied to questions and records alike.
_SYNONYMS = """
ara: agency religious affairs
u n: un
united nations: un
propose: raised possibility
proposed: raised possibility
suggest: raised possibility
suggested: raised possibility
optional: offer
observers: observe
observer: observe
observed: observe
visit: trip
visits: trip
voluntary: offer
irf: international religious freedom
irfr: international religious freedom roundtable
un guy: special rapporteur
un expert: special rapporteur
un envoy: special rapporteur
un official: special rapporteur
sr: special rapporteur
unsr: special rapporteur
religion law: religion law
religious law: religion law
law on religion: religion law
kz: kazakhstan
kaz: kazakhstan
kazakh government: kazakh government
amb: ambassador
ambo: ambassador
ambassadors: ambassador
gov: government
govt: government
gvt: government
officials: officials
ppl: participants
people: participants
folks: participants
persons: participants
members: participants
member: participants
attendees: participants
mtg: meeting
mtgs: meeting
meetings: meeting
met: meeting
meet: meeting
rec: recommendation
recs: recommendation
recommended: recommend
recommends: recommend
talks: dialogue
dialog: dialogue
conversation: dialogue
conversations: dialogue
engagement: dialogue
start: began
started: began
starts: began
begin: began
beginning: began
kick: began
kicked: began
commence: began
commenced: began
trip: trip
travel: trip
travelled: trip
traveled: trip
journey: trip
visited: trip
dc: washington
lead: led
leader: led
headed: led
signers: signed
signatories: signed
signatures: signed
sign: signed
signing: signed
latest: recent
last: recent
newest: recent
cults: sects
cult: sects
unregistered: registration
register: registration
registered: registration
registering: registration
mandate: mandated
host: hosted
hosts: hosted
attend: attended
came: attended
come: attended
working grp: working group
wg: working group
amend: changes
amended: changes
change: changes
changed: changes
changing: changes
reform: reforms
concerned: concern
worried: concern
worry: concern
worries: concern
constitutional: constitution
extremists: extremism
extremist: extremism
terrorism: terrorist
rank: tier
ranked: tier
rating: tier
list: list
founded: formed
form: formed
created: formed
invite: invited
invitation: invited
report: report
"""
SYNONYMS: dict[tuple[str, ...], tuple[str, ...]] = {
    tuple(typed.split()): tuple(meant.split())
    for typed, meant in (line.split(":") for line in _SYNONYMS.strip().splitlines())
}
