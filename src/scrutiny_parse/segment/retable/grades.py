"""Rebuilding tables from text: the assessment row's grades and explanations to columns.

Extraction writes the first lines of side-by-side cells on one line, so the seed's
"1 3" under recommendation 1 is two cells' grades, and the explanation after it belongs
to the second; the third cell's "3" and explanation follow. A grade amended inside one
cell survives as two digits without a space ("23": 2, then 3).
"""

from __future__ import annotations

import itertools

import regex

from scrutiny_parse.layout import TextLine
from scrutiny_parse.segment.retable.cells import BlockCtx, Chunk, GridRow, Piece, synthetic
from scrutiny_parse.vocabulary import AMENDED_FROM, GRADES_ONLY

# "2 Target met", and "1 2 Numbers are below target" (two cells' grades, the second's
# explanation beside them on the baseline they share).
# "1 3 – one provider still to sign": after a dash the explanation may start in lower
# case.
_GRADE_THEN_TEXT = regex.compile(
    r"^([1-4](?:\s+[1-4])*)(?:\s*[.:)\-–]?\s+|\s+[-–]\s+(?=\p{Ll}))"
    r"(?!(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\p{L}*\s+\d)(\p{L}.*)$",
    regex.I,
)


def grade_line(text: str, chunk_start: bool) -> tuple[list[str], str] | None:
    """Grade tokens at the start of a line ("1 3", "23", "2 Target met") and the rest."""
    if GRADES_ONLY.match(text):
        return text.split(), ""
    if chunk_start:
        m = _GRADE_THEN_TEXT.match(text)
        if m and (m.group(2)[:1].isupper() or regex.match(r"[1-4\s]+[-–]\s", text)):
            return m.group(1).split(), m.group(2)
    return None


def grade_count(chunks: list[Chunk]) -> int:
    """How many grade cells the assessment row's lines show (a vote for the columns).

    A line's last two digits are one amended cell where the explanation after them names
    the first as the grade before: "1 2 3" / "Revised from 2: ..." is two cells, 1 and
    2 struck to 3, not three."""
    n = 0
    lines = [(ln.text, idx == 0) for c in chunks for idx, ln in enumerate(c.texts)]
    for at, (text, first) in enumerate(lines):
        g = grade_line(text, first)
        if g is None:
            continue
        tokens, rest = g
        n += len(tokens)
        after = rest or (lines[at + 1][0] if at + 1 < len(lines) else "")
        said = AMENDED_FROM.match(after)
        if said and len(tokens) >= 2 and tokens[-2] == said["grade"] != tokens[-1]:
            n -= 1
    return n


def row_grades(chunks: list[Chunk]) -> list[str]:
    """The assessment row's grade tokens in reading order ("1 3" / ... / "2": 1, 3, 2)."""
    out: list[str] = []
    for c in chunks:
        for idx, ln in enumerate(c.texts):
            g = grade_line(ln.text, idx == 0)
            if g is not None:
                out.extend(g[0])
    return out


def may_be_amended(tokens: list[str], before: list[str]) -> bool:
    """Whether two different digits side by side in a row's grades may be one amended
    cell ("2" then "2 3": 2 struck to 3). Only after a round whose grades were read:
    the table's first round amends no grade this update gave."""
    return bool(before) and any(
        len(a) == len(b) == 1 and a != b for a, b in itertools.pairwise(tokens)
    )


def assessment_cells(chunks: list[Chunk], ctx: BlockCtx) -> list[GridRow]:
    """Grades to columns in order; explanation text after a line of grades goes to the
    last columns of that line ("1 3" then text: the text is the second cell's)."""
    k = ctx.k
    cols: list[list[Piece]] = [[] for _ in range(k)]
    joined = _amended_pairs(chunks, k, ctx.previous_grades)
    nxt = 0
    seen = 0  # grade tokens read so far
    group: list[int] = []
    pending: list[list[TextLine]] = []
    for c in chunks:
        buf: list[TextLine] = []
        first_text = True
        for ln in c.lines:
            if ln.kind != "text":
                if buf:
                    buf.append(ln)
                continue
            g = grade_line(ln.text, first_text)
            first_text = False
            if g is None:
                buf.append(ln)
                continue
            if buf:
                pending.append(buf)
                buf = []
            if pending:
                _flush(cols, group, pending)
                pending, group = [], []
            tokens, rest = g
            for tok in tokens:
                spaced = " ".join(tok)  # "23": an amended grade, 2 then 3, in one cell
                seen += 1
                if seen - 1 in joined and 0 < nxt <= k:
                    # The digit before it was struck in the same cell (_amended_pairs).
                    cell = cols[nxt - 1]
                    old = cell[0].lines[0].text if cell else ""
                    merged = f"{old} {spaced}".strip()
                    cell[:1] = [Piece([synthetic(merged, ln)])]
                    ctx.note("assessment", f"{merged!r} read as one cell's amended grade")
                    continue
                if nxt < k:
                    cols[nxt].append(Piece([synthetic(spaced, ln)]))
                    group.append(nxt)
                else:
                    last = cols[k - 1]
                    old = last[0].lines[0].text if last else ""
                    merged = f"{old} {spaced}".strip()
                    cols[k - 1][:1] = [Piece([synthetic(merged, ln)])]
                    ctx.note("assessment", f"more grades than columns; {merged!r} read as amended")
                nxt += 1
            if rest:
                buf = [synthetic(rest, ln)]
        if buf:
            pending.append(buf)
    if pending:
        _flush(cols, group, pending)
    if 0 < nxt < k:
        ctx.note("assessment", f"{nxt} grade(s) for {k} columns")
    return [[(j, 1, cols[j]) for j in range(k)]]


def _amended_pairs(chunks: list[Chunk], k: int, previous: list[int | None]) -> set[int]:
    """Which grade tokens (counted in reading order) are the new digit of an amended
    grade, the token before them the struck one, where the row holds more than ``k``.

    A struck grade and its replacement are two different digits side by side on one
    line; of the places that allows, the end of a line that an explanation follows
    comes first: the amended cell is the line's last ("1 2 3" / "Amended from 2: ..." /
    "1 1" for four cells is 1, 2 then 3, 1, 1), as an amendment is explained. Where
    one cell is amended, the round before is known and that place's struck digit is
    not the grade its column had then, the place that agrees with the round before in
    most columns comes first ("1 3 1 2" after "1 3 2" is 1, then 3 amended to 1, then 2).
    """
    lines: list[tuple[list[str], bool]] = []  # tokens, and whether text follows
    for c in chunks:
        for idx, ln in enumerate(c.texts):
            g = grade_line(ln.text, idx == 0)
            if g is None:
                if lines:
                    lines[-1] = (lines[-1][0], True)
                continue
            tokens, rest = g
            lines.append((tokens, bool(rest)))
    total = sum(len(t) for t, _ in lines)
    extra = total - k
    if extra <= 0:
        return set()
    places: list[tuple[int, int]] = []  # (preference, index of the new digit)
    at = 0
    for tokens, explained in lines:
        for n in range(1, len(tokens)):
            if len(tokens[n - 1]) == len(tokens[n]) == 1 and tokens[n - 1] != tokens[n]:
                end = n == len(tokens) - 1
                places.append((0 if end and explained else 1 if end else 2, at + n))
        at += len(tokens)
    digits = [int(t) if t.isdigit() else None for line, _ in lines for t in line]
    if not places and extra == 1 and previous:
        return _amended_across_lines(lines, digits, k, previous)
    chosen: set[int] = set()
    for _, index in sorted(places, key=lambda p: (p[0], -p[1])):
        if len(chosen) == extra:
            break
        if index - 1 not in chosen and index + 1 not in chosen:
            chosen.add(index)
    if extra == 1 and len(chosen) == 1 and previous:
        # One amended cell whose struck digit is not the grade its column had last
        # time: the reading that agrees best with the round before wins, if one does
        # clearly.
        (index,) = chosen
        if digits[index - 1] != _at(previous, index - 1):
            # Ties go to the place whose struck digit is its column's grade last time
            # ("2 1 2" after "2 3 1": 2 struck to 1, not 1 struck to 2).
            scored = sorted(
                (
                    (_agreement(digits, i, previous), digits[i - 1] == _at(previous, i - 1), i)
                    for _, i in places
                ),
                reverse=True,
            )
            # ... and agrees in all its columns but one at least.
            if len(scored) > 1 and scored[0][:2] > scored[1][:2] and scored[0][0] >= k - 1:
                return {scored[0][2]}
    return chosen


def _amended_across_lines(
    lines: list[tuple[list[str], bool]],
    digits: list[int | None],
    k: int,
    previous: list[int | None],
) -> set[int]:
    """One amended cell whose two digits the dump wrote on lines of their own ("3" /
    "1" / "1" for two cells after "3 1"): the place between two lines that agrees with
    the round before in every column but one at least, where one place does best."""
    starts: set[int] = set()
    at = 0
    for tokens, _ in lines:
        starts.add(at)
        at += len(tokens)
    places = [i for i in starts if 0 < i < len(digits) and digits[i - 1] != digits[i]]
    scored = sorted(((_agreement(digits, i, previous), i) for i in places), reverse=True)
    if scored and scored[0][0] >= k - 1 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return {scored[0][1]}
    return set()


def _at(values: list[int | None], index: int) -> int | None:
    return values[index] if 0 <= index < len(values) else None


def _agreement(tokens: list[int | None], new: int, previous: list[int | None]) -> int:
    """How many columns read with the token at ``new`` as an amended cell's new digit
    agree with ``previous``: the struck digit, or an unamended grade, equal to it."""
    cells = [*tokens[:new], *tokens[new + 1 :]]  # the new digit out, the struck one in
    pairs = zip(cells, previous, strict=False)
    return sum(1 for t, before in pairs if t is not None and t == before)


def current_grades(grid: list[GridRow], k: int) -> list[int | None]:
    """Each column's current grade in an assessment row built by
    :func:`assessment_cells` (the last digit of its first line's grades)."""
    out: list[int | None] = [None] * k
    for start, _, pieces in grid[0] if grid else []:
        texts = [ln.text for p in pieces for ln in p.lines if ln.kind == "text"]
        found = grade_line(texts[0], True) if texts else None
        if found and found[0] and 0 <= start < k:
            out[start] = int(found[0][-1][-1])
    return out


def _flush(cols: list[list[Piece]], group: list[int], pending: list[list[TextLine]]) -> None:
    k = len(cols)
    if not group:
        targets = [min(j, k - 1) for j in range(len(pending))]
    elif len(pending) <= len(group):
        targets = group[-len(pending) :]
    else:
        targets = group + [group[-1]] * (len(pending) - len(group))
    for t, lines in zip(targets, pending, strict=True):
        cols[t].append(Piece(lines))


def grades_only(text: str) -> bool:
    """A line that holds grades and nothing else ("2", "1 3", "23")."""
    return bool(GRADES_ONLY.match(text))
