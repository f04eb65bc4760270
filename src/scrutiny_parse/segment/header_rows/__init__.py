"""The older layout: one table, a header row naming the fields, one row per recommendation.

Updates from before about 2018 turn the usual layout 90 degrees: instead of a label
column ("Responsibility:", "Date:", ...) beside the values, a **header row** names each
column (``No. | Recommendation | Link Officer | Anticipated Completion Date | Progress
(September 2016) | Assessment of progress (Categories 1-4)``) and every following row is
one recommendation. The field names are matched by the same vocabulary as labels
(:func:`..labels.classify` with ``header=True``), so wording varies freely.

This package recognises such a header row and turns the rows under it into the same
drafts (:class:`..drafts.RecDraft`) the label-column path builds, so :mod:`..build` makes
the models, grades and records exactly as it does for the usual layout:

* a row whose number cell holds a number starts a recommendation;
* a row whose number cell is empty or merged down from the row above, and whose
  recommendation cell starts with a letter (``a)``, ``(b)``, ``c.``), is a lettered
  sub-item: a part labelled ``a)``, ``b)``, with one column. A lead-in line before the
  letters ("The Council should:") stays in the recommendation text, and so does each
  sub-item's text, so nothing written in the recommendation column is lost;
* a value cell merged down over several rows (one officer for both sub-items) gives its
  text to every row it covers, as a spanning cell gives its text to every column;
* each evidence column opens a progress round, its assessment column closes it; the
  round's period is the month named in either header (none named: period null);
* a row that repeats the header (a header typed again after a page break, or one the
  PDF joiner could not recognise) is skipped, never read as a recommendation.

There are no Agreed Action / Success Measure columns in this layout, so those stay
null in the model and the records.

Modules::

    header       find the header row, map its columns to fields, pair them into rounds;
                 tell the vertical legend apart
    reader       body rows -> recommendation, part and value drafts  (HeaderTableReader)
    cells        a row's number, sub-item letter and text; values re-based to one column
    page_breaks  a PDF row a page break joined to the next sub-item row, split again
"""

from __future__ import annotations

from .header import HeaderColumn, HeaderRow, find_header, looks_like_vertical_legend
from .reader import HeaderTableReader, Placed

__all__ = [
    "HeaderColumn",
    "HeaderRow",
    "HeaderTableReader",
    "Placed",
    "find_header",
    "looks_like_vertical_legend",
]
