"""Which XML a diagram may carry: elements and attributes of the BPMN, BPMN-DI, DC, DI
and spiffworkflow namespaces only (plus the unqualified attributes BPMN itself uses
and ``xsi:type`` on expressions), no processing instruction (``<?xml-stylesheet?>``),
no DOCTYPE and no entity. A diagram is served back to browsers, so an
``<html:script>``, an ``xlink:href`` or a stylesheet instruction must never get in."""
from __future__ import annotations

from lxml import etree

from engine.domain.errors import DomainError

NAMESPACES = frozenset({
    "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "http://www.omg.org/spec/BPMN/20100524/DI",
    "http://www.omg.org/spec/DD/20100524/DC",
    "http://www.omg.org/spec/DD/20100524/DI",
    "http://spiffworkflow.org/bpmn/schema/1.0/core",
})
_XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"


def check_markup(root) -> None:
    """Raise a DomainError naming the first foreign element, attribute, processing
    instruction, DOCTYPE or entity of the parsed diagram ``root``."""
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise DomainError("bpmn.doctype")
    for sibling in [*root.itersiblings(preceding=True), *root.itersiblings()]:
        _check_node(sibling)
    for node in root.iter():
        _check_node(node)


def _check_node(node) -> None:
    if isinstance(node, etree._ProcessingInstruction):
        raise DomainError("bpmn.processing_instruction", line=node.sourceline, name=str(node.target)[:40])
    if isinstance(node, etree._Entity):
        raise DomainError("bpmn.doctype")
    if isinstance(node, etree._Comment) or not isinstance(node.tag, str):
        return
    qname = etree.QName(node)
    if qname.namespace not in NAMESPACES:
        raise DomainError("bpmn.foreign_element", line=node.sourceline, name=_shown(node.tag)[:120])
    for name in node.attrib:
        if name.startswith("{") and name != _XSI_TYPE and etree.QName(name).namespace not in NAMESPACES:
            raise DomainError("bpmn.foreign_attribute", line=node.sourceline, name=_shown(name)[:120],
                              element=qname.localname)


def _shown(tag: str) -> str:
    """``{http://www.w3.org/1999/xhtml}script`` → ``script (http://www.w3.org/1999/xhtml)``."""
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        return f"{local} ({namespace})"
    return tag
