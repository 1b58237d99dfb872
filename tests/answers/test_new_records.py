"""The reader on a record a coordinator adds, in words the seed report never uses: who leads or
is in charge of what, how many a thing has. Made-up records, beside the seeded store."""

from __future__ import annotations

import pytest

from bot.answers.engine import answer_question
from storage.db import Store
from storage.documents import ingest

VISIT = (
    "Visit to the valley\n\nOn the third day the group met four teachers from the Riverside"
    " Literacy Circle (RLC), led by Tomasz Wielgosz. In the evening it visited the Lantern"
    " fellowship in Orlova, which has 17 adult members and meets in a barn. The old church of"
    " Orlova is closed.\n\nThe group\n\n"
    "Hedda Lindqvist, a nurse and the group's secretary, responsible for the tickets and the"
    " travel money."
)


def test_a_person_by_whom_a_body_is_led_answers_who_leads_it(seeded_store: Store) -> None:
    seeded_store.call(ingest, "valley", "Valley visit", VISIT)

    answer = seeded_store.call(answer_question, "Who leads the Riverside Literacy Circle?")

    assert answer.found, answer.text
    assert "Tomasz Wielgosz" in answer.text[:400]


def test_what_a_thing_has_is_counted_whatever_the_question_calls_it(seeded_store: Store) -> None:
    seeded_store.call(ingest, "valley", "Valley visit", VISIT)

    answer = seeded_store.call(
        answer_question, "How many members does the Lantern church in Orlova have?"
    )

    assert answer.found, answer.text
    assert "17 adult members" in answer.text[:400]


def test_in_charge_of_is_responsible_for(seeded_store: Store) -> None:
    seeded_store.call(ingest, "valley", "Valley visit", VISIT)

    answer = seeded_store.call(answer_question, "Who was in charge of the tickets on the visit?")

    assert answer.found, answer.text
    assert "Hedda Lindqvist" in answer.text[:400]


def test_a_body_asked_by_its_long_name_is_found_by_its_abbreviation(seeded_store: Store) -> None:
    text = (
        "Abbreviations\n\nEach district has an Office for Water Rights (OWR).\n\nContacts\n\n"
        "Riverside: Maren Holt (head of OWR); Piet Vos (clerk). Hillside: Ola Berg (head of OWR)."
    )
    seeded_store.call(ingest, "water", "Water notes", text)

    answer = seeded_store.call(answer_question, "Who runs the water rights office in Riverside?")

    assert answer.found, answer.text
    assert "Maren Holt" in answer.text[:400]


FIGURES = (
    "| Indicator | North Region | South Region |\n|---|---|---|\n"
    "| Open cases, 2029 | 12 | 30 |\n| Open cases, 2027 | 19 | 41 |\n"
    "| Closed cases, 2029 | 4 | 9 |\n\n"
    "| Meeting | Date | Place |\n|---|---|---|\n"
    "| Hearing on the permit | 2031-02-11 | Town hall |\n"
    "| Walk along the river | 2031-02-12 | Riverside |\n"
)


def test_a_table_is_asked_of_its_row_and_column(seeded_store: Store) -> None:
    seeded_store.call(ingest, "figures", "Figures", "Figures\n\n" + FIGURES)

    asked = "How many open cases were there in South Region in 2029?"
    cell = seeded_store.call(answer_question, asked)
    day = seeded_store.call(answer_question, "When was the hearing on the permit?")

    # The cell, with its row and column, and not the other cells of the row.
    assert cell.found, cell.text
    assert cell.text.startswith("Indicator: Open cases, 2029 … South Region: 30."), cell.text
    assert "12" not in cell.text
    assert "41" not in cell.text
    assert day.found, day.text
    # The Date column's "2031-02-11", read as a date and said as people say one.
    assert day.text.startswith("11 February 2031: "), day.text


HEARING = (
    "Hearing in the valley\n\nWe met Ilse Brandt, head of the valley's Office for Water Rights"
    " (OWR). Ms. Brandt gave a long talk on the river and its banks. She described the office's"
    ' work as patient. "In the valley we never hurry," she said. "Most quarrels with neighbours'
    ' are about fences, not about water."'
)


def test_a_quotation_is_theirs_who_were_named_sentences_before(seeded_store: Store) -> None:
    seeded_store.call(ingest, "hearing", "Hearing notes", HEARING)

    quarrels = seeded_store.call(
        answer_question,
        "According to the head of the OWR, what are most quarrels with neighbours about?",
    )

    # Ms. Brandt, head of the OWR, is named three sentences before her words, in another passage.
    assert quarrels.found, quarrels.text
    assert "fences" in quarrels.text[:400]


TOWN = (
    "In Orlova\n\nOn 3 May we met Ada Stein, head of the Orlova library, and the deputy mayor"
    " responsible for roads, Karl Wendt. We also visited Orlova's old chapel, where the pastor,"
    " Mira Kos, said that the roof was sound."
)


COUNCIL = (
    "The council\n\nThe bakery has been fined four times since 2028. The most recent fine, of"
    " 900 crowns, was imposed on 2 March 2031. Two schools and the town band sent singers to"
    " the fair. The council has undertaken to repair the bridge by 1 June 2031. On 4 May the"
    " council met 12 farmers, among them 3 women."
)


@pytest.mark.parametrize(
    "question",
    [
        "How much was the bakery's first fine?",  # only the most recent is given
        "Which two schools sent singers to the fair?",  # counted, never named
        "Did the council actually repair the bridge by June?",  # only promised
        "How many women attended the council meeting on 5 May?",  # another day's
    ],
)
def test_another_one_of_what_was_asked_is_no_answer(seeded_store: Store, question: str) -> None:
    seeded_store.call(ingest, "council", "Council notes", COUNCIL)

    answer = seeded_store.call(answer_question, question)

    assert not answer.found, answer.text


def test_the_one_asked_is_still_answered(seeded_store: Store) -> None:
    seeded_store.call(ingest, "council", "Council notes", COUNCIL)

    recent = seeded_store.call(answer_question, "How much was the bakery's most recent fine?")
    promised = seeded_store.call(answer_question, "By when will the council repair the bridge?")
    women = seeded_store.call(answer_question, "How many women did the council meet on 4 May?")

    assert "900 crowns" in recent.text[:400]
    assert "1 June 2031" in promised.text[:400]
    assert "3 women" in women.text[:400]


FAIR = (
    "The fair\n\nVisitors to the fair fell by 12 per cent between 2029 and 2031. The concert,"
    " first planned for Friday, was moved to Sunday. The council rejects the proposal to close"
    " the market. The report was prepared by the fair's secretary, Nils Aune."
)


@pytest.mark.parametrize(
    ("text", "question", "holds"),
    [
        (FAIR, "By how much did visitors to the fair drop, in percent?", "12 per cent"),
        (FAIR, "Which event at the fair was rescheduled?", "moved to Sunday"),
        (FAIR, "Which proposal did the council reject outright?", "close the market"),
        (FAIR, "Who wrote up the report on the fair?", "Nils Aune"),
        # A person asked by office: "we met in Orlova" tells which deputy mayor, not what the
        # office is of; "where the pastor": the pastor of the place named before "where".
        (TOWN, "Who was the deputy mayor we met in Orlova?", "Karl Wendt"),
        (TOWN, "Who is the pastor of the old chapel in Orlova that we visited?", "Mira Kos"),
    ],
)
def test_everyday_words_for_what_the_records_say(
    seeded_store: Store, text: str, question: str, holds: str
) -> None:
    seeded_store.call(ingest, "notes", "Notes", text)

    answer = seeded_store.call(answer_question, question)

    assert answer.found, answer.text
    assert holds in answer.text[:400]


def test_what_an_office_said_is_what_its_holder_said(seeded_store: Store) -> None:
    text = (
        "Abbreviations\n\nEach district has an Office for Water Rights (OWR).\n\nHearing\n\n"
        'The hearing was held at the mill. Ms. Holt stressed the age of the river. "The river is'
        ' the spine of the valley," she said.\n\nContacts\n\nRiverside: Maren Holt (head of OWR);'
        " Piet Vos (clerk). Hillside: Ola Berg (head of OWR)."
    )
    seeded_store.call(ingest, "river", "River notes", text)

    answer = seeded_store.call(
        answer_question, "How did the Riverside OWR head describe the river?"
    )

    # Her words, not the list of contacts that only names her.
    assert answer.found, answer.text
    assert "spine of the valley" in answer.text[:400]


def test_what_is_asked_of_a_thing_is_said_by_the_sentence_it_labels(seeded_store: Store) -> None:
    text = (
        "Requests and their status\n\nThe council was sent four requests in March. Close the"
        " market on Sundays. Status: Rejected. Repair the footbridge over the mill stream."
        " Status: Partly done. Open a lending library for seeds in the old granary by the mill"
        " stream. Status: Accepted in principle."
    )
    seeded_store.call(ingest, "requests", "Requests", text)

    answer = seeded_store.call(
        answer_question, "What is the status of the request to open a lending library for seeds?"
    )

    assert answer.found, answer.text
    assert "Status: Accepted in principle." in answer.text[:400]


REGIONAL_HEARING = (
    "The hearing\n\nAfter two visits to the capital, the board agreed to a first regional hearing"
    " outside the capital. It was held in Dornfeld, the main town of the Lower Vale, on 3–4 May"
    " 2030, at the old mill. A second regional hearing would be held in the autumn of 2030, in"
    " a town to be decided.\n\nPanel\n\n"
    "The hearing was chaired by Mayor Ivo Brandt and by Pastor Lena Sorvik of the Valley Schools"
    " Union, who is the current rotating chair of the Water Forum. Dr. Mira Okafor, UN Special"
    " Rapporteur on the right to water, gave the closing talk."
)


def test_it_stands_for_the_thing_the_sentence_before_spoke_of(seeded_store: Store) -> None:
    seeded_store.call(ingest, "hearing", "Hearing notes", REGIONAL_HEARING)

    answer = seeded_store.call(answer_question, "Where was the 2030 regional hearing held?")

    assert answer.found, answer.text
    assert "Dornfeld" in answer.text[:400]


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("Who is the current rotating chair of the water forum?", "Lena Sorvik"),
        ("Who is the UN special rapporteur on the right to water?", "Mira Okafor"),
    ],
)
def test_a_name_beside_its_office_in_title_words_or_a_who_clause(
    seeded_store: Store, question: str, name: str
) -> None:
    seeded_store.call(ingest, "hearing", "Hearing notes", REGIONAL_HEARING)

    answer = seeded_store.call(answer_question, question)

    assert answer.found, answer.text
    assert name in answer.text[:400]


REPLY = (
    "The town's reply\n\nDeputy Mayor Ivo Brandt thanked the board for its letter.\n\n"
    "His points\n\nThe plan was being drawn up by a working group under the Ministry of Works."
    " On fees, he said there was “no appetite in the town” for lowering the permit fee, and he"
    " made no promise."
)


def test_he_said_anywhere_in_a_sentence_gives_the_words_of_whom_was_asked(
    seeded_store: Store,
) -> None:
    seeded_store.call(ingest, "reply", "Reply notes", REPLY)

    answer = seeded_store.call(
        answer_question, "What did the deputy mayor say about lowering the permit fee?"
    )

    assert answer.found, answer.text
    assert "no appetite in the town" in answer.text[:400]


LIST = (
    "The joint list\n\nThe board sent the joint list of complaints on 2 May 2030. It contained 37"
    " cases, of which 19 concerned permits. The town answered 40 days after the joint list was"
    " sent, within the sixty-day period promised."
)


def test_it_with_any_verb_stands_for_the_thing_named_before(seeded_store: Store) -> None:
    seeded_store.call(ingest, "list", "List notes", LIST)

    answer = seeded_store.call(answer_question, "How many cases were in the joint list?")

    assert answer.found, answer.text
    assert "37 cases" in answer.text[:400]


def test_a_sentence_that_says_this_was_comes_with_what_this_was(seeded_store: Store) -> None:
    text = (
        "The visit\n\nThe officials were courteous and answered every question in detail. The"
        " delegation asked the mayor whether the bridge tolls would be lifted, and he changed the"
        " subject. This was the only question during the visit that an official declined to"
        " answer directly."
    )
    seeded_store.call(ingest, "visit", "Visit notes", text)

    answer = seeded_store.call(
        answer_question,
        "Was there any question an official refused to answer on the visit? what was it about?",
    )

    assert answer.found, answer.text
    assert "bridge tolls" in answer.text[:400]


PASTOR = (
    "Speakers\n\nMayor Ivo Brandt, who opened the meeting. Pastor Lena Sorvik, pastor of a small"
    " Lutheran congregation in Dornfeld.\n\nPresentations\n\nPastor Sorvik described being fined"
    " three times in two years. She explained that her congregation of 38 adult members could"
    " not reach the founder threshold even if it wished to register."
)


def test_a_place_asked_before_a_noun_is_said_by_the_name_it_stands_beside(
    seeded_store: Store,
) -> None:
    seeded_store.call(ingest, "pastor", "Meeting notes", PASTOR)

    answer = seeded_store.call(
        answer_question, "How many adult members does the Dornfeld pastor's congregation have?"
    )

    assert answer.found, answer.text
    assert "38 adult members" in answer.text[:400]


def test_a_reference_number_is_a_code_not_a_count(seeded_store: Store) -> None:
    text = (
        "The town's reply\n\nThe town's reply is three pages long and is addressed to the board's"
        " chair. The town's reply, letter No. TW/2031/0042, is dated 2 June 2031 and was signed"
        " by the deputy mayor. The town agrees to a second hearing in the spring."
    )
    seeded_store.call(ingest, "reply", "Reply notes", text)

    answer = seeded_store.call(answer_question, "What's the reference number of the town's reply?")

    assert answer.found, answer.text
    assert "TW/2031/0042" in answer.text[:400]


def test_a_place_named_by_its_kind_answers_which_one_whatever_stands_before_it(
    seeded_store: Store,
) -> None:
    text = (
        "The board's letter\n\nThe first hearing took place in Dornfeld in May 2031. The board"
        " agrees to a second hearing and suggests Lower Vale Province, but proposes that it be"
        " held in 2032 instead of 2031."
    )
    seeded_store.call(ingest, "letter", "Letter notes", text)

    answer = seeded_store.call(
        answer_question, "Which province did the board suggest for the next hearing?"
    )

    assert answer.found, answer.text
    assert "Lower Vale Province" in answer.text[:400]


COMPLAINTS = (
    "Complaints\n\nThe mayor's office kept a count of complaints about the river in 2030."
    " The 2030 increase was concentrated in the Dornfeld and Orlova districts, which together"
    " accounted for 40 of the 90 complaints."
)


def test_names_before_the_noun_they_are_of_answer_which_two(seeded_store: Store) -> None:
    text = COMPLAINTS
    seeded_store.call(ingest, "complaints", "Complaint notes", text)

    answer = seeded_store.call(
        answer_question, "Which two districts drove the 2030 rise in complaints?"
    )

    assert answer.found, answer.text
    assert "Dornfeld and Orlova districts" in answer.text[:400]


def test_a_rise_is_said_as_an_increase(seeded_store: Store) -> None:
    seeded_store.call(ingest, "complaints", "Complaint notes", COMPLAINTS)

    answer = seeded_store.call(answer_question, "Which districts had the rise in 2030?")

    assert answer.found, answer.text
    assert "Dornfeld and Orlova districts" in answer.text[:400]


def test_figures_after_from_count_the_number_the_sentence_speaks_of(seeded_store: Store) -> None:
    text = (
        "The board's requests\n\nThat the town support raising the number of seats on the"
        " council under Article 4 of the Town Charter from seven to nine."
    )
    seeded_store.call(ingest, "requests", "Request notes", text)

    answer = seeded_store.call(
        answer_question, "What number of seats did the board propose for the council?"
    )

    assert answer.found, answer.text
    assert "from seven to nine" in answer.text[:400]


def test_the_number_of_a_thing_asked_is_what_the_figures_count(seeded_store: Store) -> None:
    text = (
        "Figures\n\nThe town shared its own data, which the board could not check: 40 formal"
        " cases were opened in 2030 under the river bylaw, up from 25 in 2029."
    )
    seeded_store.call(ingest, "figures", "Figure notes", text)

    answer = seeded_store.call(answer_question, "what was the comparable number of cases in 2029?")

    assert answer.found, answer.text
    assert "up from 25 in 2029" in answer.text[:400]


def test_the_name_asked_of_a_thing_stands_beside_the_thing(seeded_store: Store) -> None:
    text = (
        "Requests\n\nThat a delegation of no more than six people be allowed to visit North Vale"
        " and meet congregations that have been fined.\n\n"
        "Key facts of the case\n\nThe court fined the church and its pastor.\n"
        "Congregation: Riverside Gospel Church, Dornfeld\nDate of raid: 2 May 2030\n"
    )
    seeded_store.call(ingest, "case", "Case notes", text)

    answer = seeded_store.call(
        answer_question, "What's the name of the congregation that got fined?"
    )

    # The name first, not a sentence that speaks of congregations and names a region beside them.
    assert answer.found, answer.text
    assert answer.text.startswith("Congregation: Riverside Gospel Church"), answer.text


def test_the_records_title_says_where_the_people_it_counts_were(seeded_store: Store) -> None:
    text = (
        "Participation\n\nIn total 71 people registered and 64 attended on the first day. Most"
        " came by bus from the villages upstream."
    )
    seeded_store.call(ingest, "forum-2029", "Notes of the 2029 Harbour Forum", text)

    answer = seeded_store.call(answer_question, "How many people registered for the forum?")
    other_year = seeded_store.call(
        answer_question, "How many people registered for the 2028 harbour forum?"
    )

    assert answer.found, answer.text
    assert "71 people registered" in answer.text[:400]
    assert not other_year.found, other_year.text
