"""Words a dump split with a stray space, joined where the document writes them whole."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from scrutiny_parse.layout import Cell, Paragraph, Row, Run, Table
from scrutiny_parse.segment.retable.split_words import glue_split_words


def _glued(*texts: str) -> list[str]:
    paras = [Paragraph([Run(t)]) for t in texts]
    glue_split_words(list(paras))
    return [p.runs[0].text for p in paras]


def test_a_word_written_whole_elsewhere_is_joined_again() -> None:
    assert _glued(
        "Every apprenticeship is paid.",
        "An apprenticesh ip advert; the pre-apprenticesh ip tasters.",
        "Maint enanc e of parks: maintenance is due.",
        "The Communicati\nons team.",
        "Communications lead",
    ) == [
        "Every apprenticeship is paid.",
        "An apprenticeship advert; the pre-apprenticeship tasters.",
        "Maintenance of parks: maintenance is due.",
        "The Communications team.",
        "Communications lead",
    ]


def test_pieces_that_are_words_of_their_own_stay_apart() -> None:
    # "into" is a word of the document, but "to" stands alone in it too.
    assert _glued("We went in to town.", "They went into town to shop.") == [
        "We went in to town.",
        "They went into town to shop.",
    ]
    # Nothing writes "septembe r" whole: left as it is.
    assert _glued("Due in Septembe r.") == ["Due in Septembe r."]


def test_cells_of_tables_are_joined_with_the_paragraphs() -> None:
    cell = Cell(1, 1, [Paragraph([Run("Hold an apprenticesh ip fair.")])])
    table = Table([Row([cell], 0)], 2, 0)
    glue_split_words([Paragraph([Run("One apprenticeship each year.")]), table])
    assert cell.paragraphs[0].runs[0].text == "Hold an apprenticeship fair."


@given(st.lists(st.text(alphabet="ab ei-\n.", max_size=30), max_size=6))
def test_only_white_space_is_ever_taken_out(texts: list[str]) -> None:
    for before, after in zip(texts, _glued(*texts), strict=True):
        assert "".join(before.split()) == "".join(after.split())
