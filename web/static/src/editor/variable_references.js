/* SpiffWorkflow reads a multi-instance task's <bpmn:loopDataInputRef> (and
   loopDataOutputRef) as the name of a task-data variable; BPMN makes it a reference to
   an element, so the modeler would drop a name that is no element's id when it reads
   the diagram. Before import, each such name gets a stand-in element with that id
   (chidaoeditor:variableReference, in the task's extension elements); after export the
   stand-ins go again, leaving the reference as it was. The stand-ins never reach the
   server. */

const BPMN = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
const EDITOR = 'https://chidao.example/bpmn/editor';
const REFERENCES = ['loopDataInputRef', 'loopDataOutputRef'];

function parse(xml) {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length) {
    return null;
  }
  return doc;
}

function ownedExtensions(doc, task) {
  for (const child of task.children) {
    if (child.namespaceURI === BPMN && child.localName === 'extensionElements') {
      return child;
    }
  }
  const created = doc.createElementNS(BPMN, task.prefix ? task.prefix + ':extensionElements' : 'extensionElements');
  task.insertBefore(created, task.firstElementChild);
  return created;
}

export function addStandIns(xml) {
  const doc = parse(xml);
  if (!doc) {
    return xml;
  }
  const ids = new Set(Array.from(doc.querySelectorAll('[id]')).map((node) => node.getAttribute('id')));
  let added = 0;
  REFERENCES.forEach((local) => {
    Array.from(doc.getElementsByTagNameNS(BPMN, local)).forEach((ref) => {
      const name = (ref.textContent || '').trim();
      const task = ref.parentElement && ref.parentElement.parentElement;
      if (!name || ids.has(name) || !task) {
        return;
      }
      const standIn = doc.createElementNS(EDITOR, 'chidaoeditor:variableReference');
      standIn.setAttribute('id', name);
      ownedExtensions(doc, task).appendChild(standIn);
      ids.add(name);
      added += 1;
    });
  });
  return added ? new XMLSerializer().serializeToString(doc) : xml;
}

export function removeStandIns(xml) {
  if (xml.indexOf(EDITOR) < 0) {
    return xml;
  }
  const doc = parse(xml);
  if (!doc) {
    return xml;
  }
  Array.from(doc.getElementsByTagNameNS(EDITOR, 'variableReference')).forEach((standIn) => {
    const holder = standIn.parentElement;
    holder.removeChild(standIn);
    if (holder.localName === 'extensionElements' && !holder.firstElementChild) {
      holder.parentElement.removeChild(holder);
    }
  });
  const root = doc.documentElement;
  Array.from(root.attributes).forEach((attr) => {
    if (attr.value === EDITOR && attr.name.indexOf('xmlns') === 0) {
      root.removeAttribute(attr.name);
    }
  });
  let text = new XMLSerializer().serializeToString(doc);
  if (text.indexOf('<?xml') !== 0) {
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' + text;
  }
  return text;
}
