/* chidao's groups in the properties panel: a user task's step properties (form, phase,
   assignee, due, due within, optional, agency), a lane's role, the process parameters
   (on the pool or the process), a timer's Python expression, a flow's condition and a
   script task's script. The standard timer and multi-instance groups go: they explain
   ISO and FEEL expressions, which chidao does not run. */
import { Group, isCheckboxEntryEdited, isSelectEntryEdited, isTextAreaEntryEdited,
  isTextFieldEntryEdited } from '@bpmn-io/properties-panel';
import { getBusinessObject, is } from 'bpmn-js/lib/util/ModelUtil';
import {
  FlowCondition, LaneRole, PropertyCheckbox, PropertySelect, PropertyText, ScriptBody, TimerExpression, TimerKind
} from './entries.js';
import { processOf, timerDefinition } from './model.js';
import { parameterProblem } from './parameters.js';

const REPLACED_GROUPS = ['timer', 'multiInstance'];

function group(id, label, entries) {
  return { id, label, entries, component: Group, shouldOpen: true };
}

function stepGroup(element, catalog) {
  const t = catalog.texts;
  const target = getBusinessObject(element);
  const common = { target, unknownText: t.unknownChoice };
  return group('chidao-step', t.stepGroup, [
    { ...common, id: 'chidao-form', name: 'form', component: PropertySelect, isEdited: isSelectEntryEdited,
      label: t.form, description: t.formHelp, options: catalog.forms },
    { ...common, id: 'chidao-phase', name: 'phase', component: PropertySelect, isEdited: isSelectEntryEdited,
      label: t.phase, description: t.phaseHelp, options: catalog.phases },
    { ...common, id: 'chidao-assignee', name: 'assignee', component: PropertyText, isEdited: isTextFieldEntryEdited,
      label: t.assignee, description: t.assigneeHelp, placeholder: 'case.get("officer")' },
    { ...common, id: 'chidao-due', name: 'due', component: PropertyText, isEdited: isTextFieldEntryEdited,
      label: t.due, description: t.dueHelp, placeholder: 'case.get("due_date")' },
    { ...common, id: 'chidao-due_within', name: 'due_within', component: PropertySelect,
      isEdited: isSelectEntryEdited, label: t.dueWithin, description: t.dueWithinHelp, options: catalog.dueWithin },
    { ...common, id: 'chidao-optional', name: 'optional', component: PropertyCheckbox,
      isEdited: isCheckboxEntryEdited, label: t.optional, description: t.optionalHelp },
    { ...common, id: 'chidao-agency', name: 'agency', component: PropertyText, isEdited: isTextFieldEntryEdited,
      label: t.agency, description: t.agencyHelp }
  ]);
}

function parametersGroup(element, catalog) {
  const process = processOf(element);
  if (!process) {
    return null;
  }
  const entries = catalog.parameters.map((parameter) => ({
    id: `chidao-param-${parameter.name}`, name: parameter.name, target: process, component: PropertyText,
    isEdited: isTextFieldEntryEdited, label: parameter.label,
    description: `${parameter.help} ${catalog.texts.defaultValue} ${parameter.default}`,
    placeholder: parameter.default,
    validate: (value) => parameterProblem(parameter, value, catalog.texts)
  }));
  return group('chidao-parameters', catalog.texts.parametersGroup, entries);
}

function laneGroup(element, catalog) {
  const t = catalog.texts;
  return group('chidao-lane', t.laneGroup, [
    { id: 'chidao-role', component: LaneRole, isEdited: isSelectEntryEdited, label: t.role, description: t.roleHelp,
      options: catalog.roles, unknownText: t.unknownChoice }
  ]);
}

function timerGroup(element, definition, catalog) {
  const t = catalog.texts;
  return group('chidao-timer', t.timerGroup, [
    { id: 'chidao-timer-kind', definition, component: TimerKind, isEdited: isSelectEntryEdited,
      label: t.timerKind, description: t.timerKindHelp, options: catalog.timerKinds },
    { id: 'chidao-timer-expression', definition, component: TimerExpression, isEdited: isTextAreaEntryEdited,
      label: t.timerExpression, description: t.timerHelp }
  ]);
}

function conditionGroup(catalog) {
  const t = catalog.texts;
  return group('chidao-condition', t.conditionGroup, [
    { id: 'chidao-condition', component: FlowCondition, isEdited: isTextAreaEntryEdited,
      label: t.condition, description: t.conditionHelp }
  ]);
}

function scriptGroup(catalog) {
  const t = catalog.texts;
  return group('chidao-script', t.scriptGroup, [
    { id: 'chidao-script', component: ScriptBody, isEdited: isTextAreaEntryEdited,
      label: t.script, description: t.scriptHelp }
  ]);
}

function chidaoGroups(element, catalog) {
  const found = [];
  if (is(element, 'bpmn:UserTask')) {
    found.push(stepGroup(element, catalog));
  }
  if (is(element, 'bpmn:Lane')) {
    found.push(laneGroup(element, catalog));
  }
  if (is(element, 'bpmn:Participant') || is(element, 'bpmn:Process') || is(element, 'bpmn:Collaboration')) {
    found.push(parametersGroup(element, catalog));
  }
  const timer = timerDefinition(element);
  if (timer) {
    found.push(timerGroup(element, timer, catalog));
  }
  if (is(element, 'bpmn:SequenceFlow') && is(element.source, 'bpmn:Gateway')) {
    found.push(conditionGroup(catalog));
  }
  if (is(element, 'bpmn:ScriptTask')) {
    found.push(scriptGroup(catalog));
  }
  return found.filter(Boolean);
}

export default function ChidaoPropertiesProvider(propertiesPanel, config) {
  this._catalog = config;
  propertiesPanel.registerProvider(400, this);
}

ChidaoPropertiesProvider.prototype.getGroups = function (element) {
  const catalog = this._catalog;
  return function (groups) {
    const kept = groups.filter((g) => REPLACED_GROUPS.indexOf(g.id) < 0);
    const general = kept.findIndex((g) => g.id === 'general');
    kept.splice(general + 1, 0, ...chidaoGroups(element, catalog));
    return kept;
  };
};

ChidaoPropertiesProvider.$inject = ['propertiesPanel', 'config.chidao'];
