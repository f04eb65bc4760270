"""Splitting responsibility / link-officer cells into people and groups."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from scrutiny_parse.normalise import names
from scrutiny_parse.normalise.names import split_people


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Seed cells.
        ("Lorraine Dixon", ["Lorraine Dixon"]),
        ("Lorraine Dixon / Liz Purdy", ["Lorraine Dixon", "Liz Purdy"]),
        ("Ian Coxon / Lorraine Dixon", ["Ian Coxon", "Lorraine Dixon"]),
        ("Digital Services Group", ["Digital Services Group"]),
        ("Carly Dixon / Andrew Mearns", ["Carly Dixon", "Andrew Mearns"]),
        ("Andrew Mearns", ["Andrew Mearns"]),
        # Separators.
        ("Ian Coxon and Lorraine Dixon", ["Ian Coxon", "Lorraine Dixon"]),
        ("Ian Coxon & Lorraine Dixon", ["Ian Coxon", "Lorraine Dixon"]),
        ("Ian Coxon, Lorraine Dixon; Liz Purdy", ["Ian Coxon", "Lorraine Dixon", "Liz Purdy"]),
        ("Craig Taylor\nMark Freeman", ["Craig Taylor", "Mark Freeman"]),
        ("Ian Coxon, Liz Purdy and Lorraine Dixon", ["Ian Coxon", "Liz Purdy", "Lorraine Dixon"]),
        ("Lorraine Dixon\nDigital Services Group", ["Lorraine Dixon", "Digital Services Group"]),
        # Groups stay whole.
        (
            "Digital Transformation and Customer Services",
            ["Digital Transformation and Customer Services"],
        ),
        ("Adults and Children's Services", ["Adults and Children's Services"]),
        ("Adults & Children's Services", ["Adults & Children's Services"]),
        ("Head of Finance and Lorraine Dixon", ["Head of Finance and Lorraine Dixon"]),
        ("Finance and HR", ["Finance and HR"]),
        # Kept as written, trimmed, de-duplicated.
        ("Lorraine Dixon (lead), Ian Coxon", ["Lorraine Dixon (lead)", "Ian Coxon"]),
        # Separators inside brackets belong to the role, not the list.
        (
            "Ruth Galloway (Carers Lead, Adult Social Care)",
            ["Ruth Galloway (Carers Lead, Adult Social Care)"],
        ),
        (
            "Karen Holt (Workforce Development) and Ian Coxon",
            ["Karen Holt (Workforce Development)", "Ian Coxon"],
        ),
        ("Daniel Ross / Adult Learning Service", ["Daniel Ross", "Adult Learning Service"]),
        # A job title after a name's comma is the name's, a team is not.
        (
            "Helen Okafor, Senior Democratic Services Officer",
            ["Helen Okafor, Senior Democratic Services Officer"],
        ),
        ("Omar Reid, Head of Parks / Ann Lee", ["Omar Reid, Head of Parks", "Ann Lee"]),
        ("Lorraine Dixon, Digital Services Group", ["Lorraine Dixon", "Digital Services Group"]),
        ("Head of Property Services", ["Head of Property Services"]),
        ("Cllr Jim Beall and Mrs Ann McCoy", ["Cllr Jim Beall", "Mrs Ann McCoy"]),
        ("  Lorraine   Dixon  /  ", ["Lorraine Dixon"]),
        ("Lorraine Dixon / Lorraine Dixon", ["Lorraine Dixon"]),
        ("Ian Coxon and", ["Ian Coxon"]),
        ("", []),
        (" / , ; ", []),
    ],
)
def test_split_people(text: str, expected: list[str]) -> None:
    assert split_people(text) == expected


@given(st.text())
def test_split_people_never_raises(text: str) -> None:
    people = split_people(text)
    assert all(p and p == p.strip() for p in people)
    assert len(people) == len(set(people))


name_word = st.from_regex(r"[A-Z][a-z]{2,9}", fullmatch=True).filter(
    lambda w: w.casefold() not in names._NON_PERSON_WORDS | names._PARTICLES
)
person = st.lists(name_word, min_size=1, max_size=3).map(" ".join)
separators = st.sampled_from(["/", " / ", ",", ", ", " and ", " & ", "&", ";", "\n"])


@given(st.lists(person, min_size=1, max_size=5, unique=True), st.data())
def test_joined_names_are_recovered(people: list[str], data: st.DataObject) -> None:
    text = people[0]
    for p in people[1:]:
        text += data.draw(separators) + p
    assert split_people(text) == people


@given(st.lists(person, min_size=1, max_size=3, unique=True))
def test_groups_are_not_split_on_and(people: list[str]) -> None:
    group = "Digital Transformation and Customer Services"
    assume(group not in people)
    assert split_people(" / ".join([*people, group])) == [*people, group]
