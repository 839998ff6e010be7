/* Reading and writing what chidao keeps in a diagram, through the modeler's command
   stack (so every change can be undone): spiffworkflow:property values of a user task
   or of the process (its parameters), a lane's role, a timer's expression, a flow's
   condition, a script task's script. */
import { getBusinessObject, is } from 'bpmn-js/lib/util/ModelUtil';

const MULTI = 'properties-panel.multi-command-executor';
const TIMER_KINDS = ['timeDate', 'timeDuration', 'timeCycle'];

function update(element, moddleElement, properties) {
  return { cmd: 'element.updateModdleProperties', context: { element, moddleElement, properties } };
}

/* The process a pool, a process or a collaboration (its first pool with a process) stands for. */
export function processOf(element) {
  const bo = getBusinessObject(element);
  if (is(bo, 'bpmn:Participant')) {
    return bo.get('processRef') || null;
  }
  if (is(bo, 'bpmn:Collaboration')) {
    const pool = (bo.get('participants') || []).find((p) => p.get('processRef'));
    return pool ? pool.get('processRef') : null;
  }
  return is(bo, 'bpmn:Process') ? bo : null;
}

function propertiesOf(bo) {
  const extensions = bo.get('extensionElements');
  if (!extensions) {
    return null;
  }
  return (extensions.get('values') || []).find((value) => is(value, 'spiffworkflow:Properties')) || null;
}

export function getProperty(bo, name) {
  const properties = propertiesOf(bo);
  const found = properties && (properties.get('properties') || []).find((p) => p.get('name') === name);
  return found ? found.get('value') : undefined;
}

/* Set (or, with an empty value, remove) property ``name`` of ``bo``, shown as ``element``. */
export function setProperty(injector, element, bo, name, value) {
  const factory = injector.get('bpmnFactory');
  const commands = [];
  let extensions = bo.get('extensionElements');
  if (!extensions) {
    extensions = factory.create('bpmn:ExtensionElements', { values: [] });
    extensions.$parent = bo;
    commands.push(update(element, bo, { extensionElements: extensions }));
  }
  let properties = propertiesOf(bo);
  if (!properties) {
    properties = factory.create('spiffworkflow:Properties', { properties: [] });
    properties.$parent = extensions;
    commands.push(update(element, extensions, { values: [...(extensions.get('values') || []), properties] }));
  }
  const list = properties.get('properties') || [];
  const existing = list.find((p) => p.get('name') === name);
  const empty = value === undefined || value === null || String(value).trim() === '';
  if (empty && existing) {
    commands.push(update(element, properties, { properties: list.filter((p) => p !== existing) }));
  } else if (!empty && existing) {
    commands.push(update(element, existing, { value: String(value) }));
  } else if (!empty) {
    const created = factory.create('spiffworkflow:Property', { name, value: String(value) });
    created.$parent = properties;
    commands.push(update(element, properties, { properties: [...list, created] }));
  }
  if (commands.length) {
    injector.get('commandStack').execute(MULTI, commands);
  }
}

const ROLE_SUFFIX = /\s*\(([a-z_]+)\)\s*$/;

export function laneRole(element) {
  const match = ROLE_SUFFIX.exec(getBusinessObject(element).get('name') || '');
  return match ? match[1] : '';
}

/* The lane's name with its role code in parentheses, as chidao reads lanes. */
export function setLaneRole(injector, element, role, roleLabel) {
  const name = getBusinessObject(element).get('name') || '';
  const base = name.replace(ROLE_SUFFIX, '').trim() || roleLabel || '';
  injector.get('modeling').updateProperties(element, { name: role ? `${base} (${role})` : base });
}

export function timerDefinition(element) {
  const bo = getBusinessObject(element);
  return (bo.get('eventDefinitions') || []).find((d) => is(d, 'bpmn:TimerEventDefinition')) || null;
}

export function timerKind(definition) {
  return TIMER_KINDS.find((kind) => definition.get(kind)) || 'timeDate';
}

export function timerExpression(definition) {
  const expression = definition.get(timerKind(definition));
  return expression ? expression.get('body') || '' : '';
}

export function setTimer(injector, element, definition, kind, body) {
  const properties = {};
  TIMER_KINDS.forEach((k) => { properties[k] = undefined; });
  const expression = injector.get('bpmnFactory').create('bpmn:FormalExpression', { body: body || '' });
  expression.$parent = definition;
  properties[kind] = expression;
  injector.get('commandStack').execute(MULTI, [update(element, definition, properties)]);
}

export function conditionOf(element) {
  const condition = getBusinessObject(element).get('conditionExpression');
  return condition ? condition.get('body') || '' : '';
}

export function setCondition(injector, element, body) {
  const bo = getBusinessObject(element);
  let expression;
  if (body && body.trim()) {
    expression = injector.get('bpmnFactory').create('bpmn:FormalExpression', { body });
    expression.$parent = bo;
  }
  injector.get('commandStack').execute(MULTI, [update(element, bo, { conditionExpression: expression })]);
}

export function setScript(injector, element, body) {
  const bo = getBusinessObject(element);
  const properties = { script: body || undefined };
  if (!bo.get('scriptFormat')) {
    properties.scriptFormat = 'python';
  }
  injector.get('commandStack').execute(MULTI, [update(element, bo, properties)]);
}
