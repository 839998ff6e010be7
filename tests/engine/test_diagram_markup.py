"""A diagram is refused at deploy when it carries markup outside BPMN, BPMN-DI, DC, DI
and spiffworkflow: an ``<html:script>`` pointing at an uploaded file (issue 16), an
``xlink:href``, a stylesheet processing instruction, a DOCTYPE with entities; a binary
file is "not UTF-8 text", not a traceback."""
from pathlib import Path

import pytest

from engine.bpmn.definitions import ProcessDefinitionError, compile_process

BPMN = (Path(__file__).resolve().parents[2] / "workflows" / "directive_task.bpmn").read_text(encoding="utf-8")
PROCESS = '<bpmn:process id="directive_task"'


@pytest.mark.parametrize("diagram, key, shown", [
    (BPMN.replace(PROCESS, '<html:script xmlns:html="http://www.w3.org/1999/xhtml" src="/evidence/'
                  + "a" * 64 + '?instance=1"></html:script>' + PROCESS, 1),
     "bpmn.foreign_element", "script (http://www.w3.org/1999/xhtml)"),
    (BPMN.replace(PROCESS, '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>' + PROCESS, 1),
     "bpmn.foreign_element", "svg"),
    (BPMN.replace(PROCESS, '<bpmn:process xmlns:xlink="http://www.w3.org/1999/xlink" '
                  'xlink:href="javascript:alert(1)" id="directive_task"', 1),
     "bpmn.foreign_attribute", "href (http://www.w3.org/1999/xlink)"),
    (BPMN.replace("<bpmn:definitions", '<?xml-stylesheet type="text/xsl" href="/evidence/x"?>\n<bpmn:definitions', 1),
     "bpmn.processing_instruction", "xml-stylesheet"),
    (BPMN.replace("<bpmn:definitions", '<!DOCTYPE d [<!ENTITY big "boom">]>\n<bpmn:definitions', 1),
     "bpmn.doctype", "DOCTYPE"),
])
def test_foreign_markup_is_refused_at_deploy(diagram, key, shown):
    with pytest.raises(ProcessDefinitionError) as err:
        compile_process(diagram)
    assert err.value.key == key
    assert shown in err.value.message("vi") and shown in err.value.message("en")


def test_a_binary_file_is_not_a_diagram():
    with pytest.raises(ProcessDefinitionError) as err:
        compile_process(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    assert err.value.key == "bpmn.not_text"


def test_the_shipped_diagrams_carry_only_allowed_markup():
    for path in (Path(__file__).resolve().parents[2] / "workflows").glob("*.bpmn"):
        compile_process(path.read_bytes(), path.stem)
