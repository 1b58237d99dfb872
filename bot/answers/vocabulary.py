"""The words question answering works with: what frames a question, the everyday English that
says which kind of answer is wanted, and how people shorten the coalition's words. Data only,
kept apart from the engine so that a coordinator can read and extend it; nothing here is
fitted to one document."""

from __future__ import annotations

__all__ = [
    "ANAPHORA",
    "CITING",
    "EVERYDAY",
    "FAITHS",
    "FRAMING",
    "MONTHS",
    "NUMBER_WORDS",
    "OPPOSITE_PAIRS",
    "ORGANISATIONS",
    "PARTICLES",
    "ROLES",
    "SAYING",
    "SHORTHAND",
    "STOPWORDS",
    "SYNONYM_GROUPS",
    "WEEKDAYS",
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
    specifically briefly detail details regard regarding concerning role capacity part took take
    year years date day month time place city cities country located location number
    many current currently per else besides beside apart aren isn doesn don didn won wasn
    weren shouldn couldn wouldn hasn haven get gets getting put puts putting held hold holds
    run runs set sets sit sat late often always ever inside outside whoever whatever anywhere
    everywhere itself themselves himself herself bunch once idea ideas supposed try trying
    tried gently become becomes became contain contains containing full exact case cases
    behind plain terms overall generally basically onto pls plz"""
)
# Verbs any sentence of what was said, seen or thought answers, and light verbs that say little
# ("what did they say", "how do they feel", "did they get …").
SAYING = words(
    """say says said tell told mention mentioned describe described think call called mean
    stand happen happened do done suggest suggested propose proposed feel felt notice noticed
    observe observed see saw learn learned learnt find found know knew hear heard view consider
    use used make made get got go went come came take took give gave have had want wanted hope
    hoped ask asked believe believed expect expected recommend recommended urge urged warn
    warned claim claimed argue argued note noted state stated stress stressed press pressed
    raise raised admit admitted acknowledge acknowledged agree agreed face faced experience
    experienced conclude concluded characterise characterised characterize characterized
    portray portrayed depict depicted record recorded report reported"""
)
# Everyday words a question may be put in that the records need not use: never said there,
# they do not make the question one about something else ("did he agree to join …?").
EVERYDAY = SAYING | words(
    """join joined keep kept deal dealt fail fails failed shape deserve deserves goes nice
    argue argued cite cited tone together forward back seen push pushed roughly approximately
    approx nearly almost outright altogether entirely anytime actual real proper properly
    so-called footnote footnotes endnote endnotes deadline deadlines seem seems seemed
    seemingly focus"""
)
# Words a figure counts things in, which the word after "of" names ("1,200 copies of a
# hymnal", "12 boxes of leaflets"): the figure counts those things too.
MEASURES = words(
    """copies copy boxes box crates crate cartons carton parcels parcel packages package bags bag
    pieces piece items item volumes volume batches batch sacks sack"""
)
# The particles of phrasal verbs ("single out", "set up"): the verb before one means more than
# itself.
# The words that deny; "isn't" and "don't" are read as "isn t", "don t".
NEGATORS = words("not no never nor cannot t isn aren wasn weren don doesn didn won")
PARTICLES = words("out up off down over")
# What a citation says of a work without saying it: who wrote it, its title, where and when it
# was published.
CITING = words(
    """publish published publication title titled author authored wrote written write cited
    article essay paper book piece"""
)
# Words of substance that frame a question more than they ask ("what does the report say
# about …", "how does it describe …"): stems, weighed less than the words that ask.
FRAMING = words(
    """report document text quot cite accord think view describ descript call consid
    believ suggest word opinion kind type sort name titl"""
)
# Words that point back at the previous question's subject ("and who led it?").
ANAPHORA = words("""it they them he she him his her its those""")
# The words that may stand before a noun to say which one: "the", "their", "these".
DETERMINERS = words("the a an this that these those their its his her")
NUMBER_WORDS = words(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
    hundred thousand million dozen dozens several"""
)
MONTHS = words(
    """january february march april may june july august september october november december"""
)
WEEKDAYS = words("monday tuesday wednesday thursday friday saturday sunday")
# Nouns that name a person by office: an answer to "who" may be "the Ambassador".
ROLES = words(
    """ambassador ambassadors chairman chairmen chair chairwoman chairperson president presidents
    minister ministers official officials rapporteur rapporteurs delegate delegates participant
    participants leader leaders director directors secretary representative representatives
    member members spokesman spokeswoman spokesperson envoy envoys prosecutor prosecutors judge
    judges commissioner commissioners head deputy deputies advisor adviser ambassadors governor
    mayor senator congressman activist activists expert experts staff delegation pastor pastors
    priest priests imam imams rabbi rabbis bishop bishops mufti coordinator coordinators
    counsellor counsellors counselor counselors consul consuls attache officer officers"""
)
# Nouns that name a body: an answer to "who" may be "the Ministry of …".
ORGANISATIONS = words(
    """ministry ministries embassy embassies agency agencies committee committees commission
    commissions council councils office offices center centre association associations
    government governments department departments court courts parliament coalition
    organisation organisations organization organizations union institute foundation church
    churches community communities group groups roundtable service bureau authority
    authorities administration police enforcement"""
)
# The faiths and their followers, by the words that name them: an answer to "which faiths …?"
# names one.
FAITHS = words(
    """muslim muslims islam islamic sunni shia shiite christian christians christianity catholic
    catholics orthodox protestant protestants evangelical evangelicals baptist baptists lutheran
    lutherans methodist methodists pentecostal pentecostals adventist adventists presbyterian
    presbyterians anglican anglicans episcopal mennonite mennonites quaker quakers mormon mormons
    jehovah jewish jew jews judaism buddhist buddhists buddhism hindu hindus hinduism sikh sikhs
    sikhism bahai baha krishna zoroastrian zoroastrians"""
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
admin: administrative
govt: government
gvt: government
ppl: people persons participants members
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
sit-down: meeting
get-together: meeting
showed up: attended
show up: attended
turned up: attended
turn up: attended
say yes: agreed
said yes: agreed
says yes: agrees
say no: declined
said no: declined
set up: establish
charge of: responsible head lead
percent: per cent
worth: value amount set
rescheduled: moved postponed
reschedule: move postpone
write up: prepare
wrote up: prepared
take up: accept
come out: published
came out: published
took up: accepted
turn down: decline reject
turned down: declined rejected
push back: oppose resist
pushed back: opposed resisted
band together: joined united
banded together: joined united
hand in: submit
handed in: submitted
look into: examine investigate
looked into: examined investigated
carry out: conduct implement
carried out: conducted implemented
put off: postpone delay
call off: cancel
bring up: raise
brought up: raised
point out: note
pointed out: noted
crack down: restrict
cracked down: restricted
rule out: exclude
ruled out: excluded
step down: resign
stepped down: resigned
kick off: begin
kicked off: began
set off: trip travel journey
band together: coalition joint
banded together: coalition joint
look over: review
fact-check: assess accuracy
pub: publication
art: article
jan: january
feb: february
mar: march
apr: april
aug: august
sept: september
sep: september
oct: october
nov: november
dec: december
"""
SHORTHAND: dict[tuple[str, ...], tuple[str, ...]] = {
    tuple(typed.split()): tuple(meant.split())
    for typed, meant in (line.split(":") for line in _SHORTHAND.strip().splitlines())
}

# Verbs that say the opposite of one another: asked whether one was done ("Did the government
# accept it?"), a sentence that the other was ("Rejected") answers, with a no. Pairs, each with a
# semicolon.
_OPPOSITES = """
    accept reject; approve reject; adopt reject; agree refuse; grant deny; allow forbid;
    allow prohibit; permit forbid; pass fail; win lose; succeed fail; include exclude;
    support oppose; confirm deny; lift impose
"""
OPPOSITE_PAIRS: tuple[tuple[str, ...], ...] = tuple(
    tuple(pair.split()) for pair in _OPPOSITES.split(";") if pair.strip()
)

# Everyday English words that can stand for one another in a question and its answer; each group
# ends with a semicolon. A question's word is also found as any word of its group (by stem), so a
# word whose stem is another word's stays out ("opening" is "open", as in "an open dialogue").
_SYNONYMS = """
    begin began begun beginning start started starting commence commenced launch launched first
    initial kick 1st;
    end ended ending finish finished conclude concluded complete completed final;
    meet met meeting meetings discussion discussions talks session gathering dialogue;
    visit visited trip trips travel travelled traveled journey;
    lead led leader leaders head headed heads;
    chair chairs chaired chairman chairwoman chairperson;
    say said says stated statement tell told mention mentioned remark remarks claim claimed noted
    boast boasted brag bragged;
    change changes changing changed amend amended amending amendment amendments revise revising
    revision reform reforms modify touch touched;
    law laws legislation;
    fund funds funded funding finance finances financed financing sponsor sponsors sponsored;
    ban bans banned prohibit prohibits prohibited forbid forbids outlaw outlaws;
    worry worries worried concern concerns concerned fear fears afraid;
    people persons participants members member attendees individuals folks;
    goal goals aim aims objective objectives purpose purposes point;
    agree agreed agreeing accept accepted accepting;
    invite invited invitation;
    attend attended attending participate participated participating;
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
    envoy envoys ambassador ambassadors diplomat diplomats;
    rule rules regulation regulations law laws act acts legislation;
    jail jailed imprison imprisoned prison prisoner detain detained detention;
    pass passed adopt adopted enact enacted approve approved;
    title titled name named called nickname known;
    commitment commitments committed obligation obligations pledge;
    clash clashes conflict conflicts contravene contravenes contradict inconsistent violate
    violates;
    fit fits consistent compatible conform;
    literature books publications texts;
    affect affected affects impact impacts effect effects consequence consequences;
    part parts element elements component components;
    drop dropped decline declined decrease fall fell reduction;
    thank thanked thanks grateful gratitude appreciate appreciated;
    hope hoped hopeful optimistic expect expected;
    meal breakfast lunch dinner;
    danger dangers threat threats risk risks;
    support supported endorse endorsed validate validated back backed;
    research study studies evidence empirical;
    clamp clamping crack cracking crackdown suppress repress repression;
    warn warned warning caution cautioned;
    police enforcement law-enforcement;
    win wins success successes victory victories;
    harmless peaceful innocent;
    document documents instrument instruments text paper;
    offer offered invite invited invitation;
    allow allowed permit permitted free freely;
    review reviewing examine examining assess assessing evaluate;
    float floated raise raised suggest suggested;
    program programme curriculum course training;
    subject subjects topic topics issue issues area areas;
    approach model method policy;
    manage managing management govern governance regulate regulation;
    encouraging promising positive hopeful;
    notice noticed observe observed found;
    monitor monitors watch watched surveillance scrutiny;
    compulsory mandatory obligatory required requirement requirements;
    hamper hampers hinder hinders obstruct restrict restricts;
    approve approval approves welcome welcomed;
    problem problems trouble troubles difficulty difficulties issue;
    brand branded label labelled labeled;
    vague vaguely unclear ambiguous;
    submit submitted hand deliver delivered;
    representative representatives reps official officials;
    responsible responsibility accountable answerable;
    perfect ideal flawless;
    train trained training teach teaching taught educate;
    proud pride;
    harmful harm hurt damage damaging detrimental;
    honest honesty frank candid straight;
    admit admitted acknowledge acknowledged concede recognize recognized recognise recognised;
    global world worldwide;
    trample trampling infringe infringing violate;
    small smaller minor minority minorities;
    outlet news service;
    piece article;
    publish published publication released;
    cite cited quote quoted reference;
    hear heard learn learned learnt;
    group delegation team;
    story narrative account;
    reputation image standing;
    page p;
    paragraph para;
    matter matters important importance;
    fight fighting combat combating counter countering beat beating defeat defeated;
    justify justified justifying defend defended defending;
    apply applied applying enforce enforced enforcing;
    write wrote written writing author authored;
    ask asked asking request requested invite invited;
    edge verge brink threshold;
    worse worsen worsened exacerbate exacerbated aggravate aggravated;
    big bigger biggest large larger largest;
    street streets avenue road boulevard lane;
    minimum least;
    opt opted opting select selected selecting choose chose chosen;
    want wanted wish wished choose chose chosen;
    consider considers regard regards deem deems see sees;
    protect protects protected guarantee guarantees guaranteed safeguard safeguards;
    broaden broadened broadening widen widened widening expand expanded extend extended;
    abolish abolished abolishing scrap scrapped eliminate eliminated rid;
    stuck held impounded seized;
    rise rises rising increase increases increased increasing;
    reach reached marked;
    second 2nd; third 3rd; fourth 4th; fifth 5th; sixth 6th; seventh 7th; eighth 8th; ninth 9th;
    tenth 10th;
"""
# The forms of a word the stemmer cannot join ("spoke" and "speak", "women" and "woman"): a
# question may ask in one and the sources say the other. Forms that are also other words ("found",
# "left", "saw", "lay") stay out, and so do the light verbs ("come", "get", "take"), which say
# little of their own.
_IRREGULAR = """
    speak spoke spoken speaker speakers; bring brought; drive drove driven; tell told;
    buy bought; think thought;
    teach taught; seek sought; catch caught; fight fought; sell sold; hold held; keep kept;
    send sent; spend spent; build built; pay paid; win won; lose lost; write wrote written;
    choose chose chosen; begin began begun; break broke broken; grow grew grown; know knew known;
    throw threw thrown; draw drew drawn; fly flew flown; rise rose risen; run ran; sit sat;
    stand stood; understand understood; sing sang sung; drink drank;
    forbid forbade forbidden; forgive forgave forgiven; hide hid hidden; shake shook shaken;
    steal stole stolen; swear swore sworn; tear tore torn; wear wore worn; freeze froze frozen;
    eat ate eaten; fall fell fallen; forget forgot forgotten; arise arose arisen;
    woman women; man men; child children; person people; mouse mice; foot feet; tooth teeth;
    analysis analyses; crisis crises; thesis theses; criterion criteria; phenomenon phenomena;
    medium media; datum data;
"""
SYNONYM_GROUPS: tuple[frozenset[str], ...] = tuple(
    words(group) for group in (*_SYNONYMS.split(";"), *_IRREGULAR.split(";")) if group.strip()
)
