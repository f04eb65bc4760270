"""The package (OPC) level of a .docx, read straight from its zip.

python-docx's ``Package`` inflated every member (thumbnails, fonts, the 400 KB
``stylesWithEffects.xml`` Word writes and nothing reads) and built its part and
relationship objects on the way; that was a third of reading a .docx. Here the same
package is read the way python-docx reads it, with its rules and its errors, but only
what the Word reader uses is inflated:

- ``[Content_Types].xml`` and the relationship graph (every ``_rels/*.rels`` reachable
  from the package's), walked depth-first as python-docx walks it; a part named by a
  relationship must exist and have a content type, as there;
- the parts python-docx parses as XML (main document, styles, numbering, headers,
  footers, settings, comments, core properties) are parsed at open with the parser
  python-docx uses (blank text removed, entities not resolved) and their depth checked;
  styles.xml, checked whole, without the insides of its table styles (:mod:`.lean`);
- any other part (images, themes, ``docProps/app.xml``, a .docm main part) is
  inflated only when asked for (:meth:`WordPackage.blob`).

The zip is the caller's, opened once; its directory has already passed the limits of
:func:`~scrutiny_parse.readers.docx.package.check_package`.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import NAMESPACE as NS
from docx.opc.constants import RELATIONSHIP_TARGET_MODE as RTM
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI, PackURI
from lxml import etree

from scrutiny_parse.readers.docx.lean import lean_tree
from scrutiny_parse.readers.docx.wml import Element

__all__ = ["Part", "WordPackage"]

# The content types python-docx reads as XML parts (docx/__init__.py registers them).
_XML_PART_TYPES = frozenset(
    {
        CT.OPC_CORE_PROPERTIES,
        CT.WML_COMMENTS,
        CT.WML_DOCUMENT_MAIN,
        CT.WML_FOOTER,
        CT.WML_HEADER,
        CT.WML_NUMBERING,
        CT.WML_SETTINGS,
        CT.WML_STYLES,
    }
)
_TYPES = f"{{{NS.OPC_CONTENT_TYPES}}}Types"
_OVERRIDE = f"{{{NS.OPC_CONTENT_TYPES}}}Override"
_DEFAULT = f"{{{NS.OPC_CONTENT_TYPES}}}Default"
_RELATIONSHIPS = f"{{{NS.OPC_RELATIONSHIPS}}}Relationships"
_RELATIONSHIP = f"{{{NS.OPC_RELATIONSHIPS}}}Relationship"
# python-docx's part parser: the trees the reader walks are the ones it always walked.
_PART_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)


@dataclass
class Rel:
    """One relationship: its type, and its target (a part, or an external reference)."""

    reltype: str | None
    target_ref: str | None
    external: bool
    partname: PackURI | None = None  # internal targets
    part: Part | None = None  # set once every part is known


@dataclass(eq=False)
class Part:
    """A package part: its name, content type and relationships; ``element`` is its
    parsed XML when it is a part python-docx parses (None for the others)."""

    partname: PackURI
    content_type: str | None
    reltype: str | None  # of the relationship that first reached it
    rels: dict[str | None, Rel] = field(default_factory=dict)
    element: Element | None = None
    # The part's text when ``element`` is a lean tree (table styles cut to stubs).
    lean_of: bytes | None = None

    def whole(self) -> Element | None:
        """The part's whole tree: ``element``, or, for a lean tree, the part parsed
        whole now (it was checked well-formed when the lean tree was made)."""
        if self.lean_of is None:
            return self.element
        return etree.fromstring(self.lean_of, _PART_PARSER)

    @property
    def is_xml(self) -> bool:
        """Whether python-docx would have parsed this part as XML."""
        return self.content_type in _XML_PART_TYPES and self.reltype != RT.IMAGE

    @property
    def related_parts(self) -> dict[str | None, Part]:
        """rId -> part, for the internal relationships."""
        return {rid: rel.part for rid, rel in self.rels.items() if rel.part is not None}

    def part_related_by(self, reltype: str) -> Part:
        """The part this one relates to by ``reltype``: KeyError when none, ValueError
        when several (or an external one), as python-docx."""
        return related_by(self.rels, reltype)


def related_by(rels: dict[str | None, Rel], reltype: str) -> Part:
    """The target part of the one relationship of ``reltype`` in ``rels``."""
    matching = [rel for rel in rels.values() if rel.reltype == reltype]
    if not matching:
        raise KeyError(f"no relationship of type '{reltype}' in collection")
    if len(matching) > 1:
        raise ValueError(f"multiple relationships of type '{reltype}' in collection")
    if matching[0].part is None:
        raise ValueError(
            "target_part property on _Relationship is undefined when target mode is External"
        )
    return matching[0].part


class WordPackage:
    """A .docx's parts and relationships, read from an open zip (see the module doc).

    Raises what python-docx raised for the same damage: KeyError for a missing part or
    content type, lxml errors for malformed XML, AttributeError / TypeError for a
    content-types or relationships part of the wrong shape. With ``lean_styles``
    styles.xml is read as a lean tree where it can be (:mod:`.lean`; the caller turns it
    off when a depth limit must be checked on whole trees).
    """

    def __init__(self, zf: zipfile.ZipFile, *, lean_styles: bool = True) -> None:
        self._zf = zf
        self._overrides: dict[str, str | None] = {}
        self._defaults: dict[str, str | None] = {}
        self._content_types(zf.read(CONTENT_TYPES_URI.membername))
        self.rels = self._rels_for(PACKAGE_URI)
        self.parts: dict[str, Part] = {}
        self._walk()
        for part in self.parts.values():
            for rel in part.rels.values():
                self._link(rel)
        for rel in self.rels.values():
            self._link(rel)
        for part in self.parts.values():
            if part.is_xml:
                blob = self.blob(part)
                if lean_styles and part.content_type == CT.WML_STYLES:
                    part.element = lean_tree(blob, _PART_PARSER)
                    if part.element is not None:
                        part.lean_of = blob
                        continue
                part.element = etree.fromstring(blob, _PART_PARSER)

    def part_related_by(self, reltype: str) -> Part:
        """The part the package relates to by ``reltype`` (KeyError / ValueError)."""
        return related_by(self.rels, reltype)

    def blob(self, part: Part) -> bytes:
        """The part's bytes, inflated now."""
        return self._zf.read(part.partname.membername)

    def _content_types(self, xml: bytes) -> None:
        root = etree.fromstring(xml, _PART_PARSER)
        if root.tag != _TYPES:
            # python-docx's element class has the accessors; a plain element has not.
            raise AttributeError(f"[Content_Types].xml has root {root.tag!r}, not Types")
        for o in root.iterchildren(_OVERRIDE):
            self._overrides[_lower(o.get("PartName"))] = o.get("ContentType")
        for d in root.iterchildren(_DEFAULT):
            self._defaults[_lower(d.get("Extension"))] = d.get("ContentType")

    def _content_type(self, partname: PackURI) -> str | None:
        if partname.lower() in self._overrides:
            return self._overrides[partname.lower()]
        if partname.ext.lower() in self._defaults:
            return self._defaults[partname.ext.lower()]
        raise KeyError(f"no content type for partname '{partname}' in [Content_Types].xml")

    def _rels_for(self, source: PackURI) -> dict[str | None, Rel]:
        """The relationships of ``source`` (none when it has no .rels member); a later
        relationship with the same rId replaces an earlier one."""
        try:
            xml = self._zf.read(source.rels_uri.membername)
        except KeyError:
            return {}
        root = etree.fromstring(xml, _PART_PARSER)
        if root.tag != _RELATIONSHIPS:
            raise AttributeError(f"{source.rels_uri} has root {root.tag!r}, not Relationships")
        rels: dict[str | None, Rel] = {}
        for el in root.iterchildren(_RELATIONSHIP):
            target = el.get("Target")
            external = el.get("TargetMode", RTM.INTERNAL) == RTM.EXTERNAL
            rel = Rel(el.get("Type"), target, external)
            if not external:
                rel.partname = PackURI.from_rel_ref(source.baseURI, target)
            rels[el.get("Id")] = rel
        return rels

    def _walk(self) -> None:
        """Every part reachable from the package's relationships, depth first in
        relationship order (python-docx's order: a part's class follows the
        relationship that reached it first), each checked to exist; iterative, so a
        long chain of parts is no recursion."""
        stack = [iter(list(self.rels.values()))]
        while stack:
            rel = next(stack[-1], None)
            if rel is None:
                stack.pop()
                continue
            if rel.external or rel.partname is None or rel.partname in self.parts:
                continue
            name = rel.partname
            rels = self._rels_for(name)
            self._zf.getinfo(name.membername)  # KeyError: no such member
            self.parts[name] = Part(name, self._content_type(name), rel.reltype, rels)
            stack.append(iter(list(rels.values())))

    def _link(self, rel: Rel) -> None:
        if not rel.external and rel.partname is not None:
            rel.part = self.parts[rel.partname]


def _lower(key: str | None) -> str:
    """A content-types key, case-folded as python-docx does (None fails there too)."""
    if key is None:
        raise AttributeError("'NoneType' object has no attribute 'lower'")
    return key.lower()
