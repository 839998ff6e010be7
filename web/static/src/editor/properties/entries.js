/* The properties panel's entries for chidao's own properties. Each is a preact
   component the panel renders with the entry's fields; every label, explanation and
   choice comes from the page (the server's catalog, in the user's language). */
import { h } from '@bpmn-io/properties-panel/preact';
import { CheckboxEntry, SelectEntry, TextAreaEntry, TextFieldEntry } from '@bpmn-io/properties-panel';
import { useService } from 'bpmn-js-properties-panel';
import {
  conditionOf, getProperty, laneRole, setCondition, setLaneRole, setProperty, setScript, setTimer,
  timerExpression, timerKind
} from './model.js';

function withCurrent(options, current, unknownText) {
  if (!current || options.some((option) => option.value === current)) {
    return options;
  }
  return [...options, { value: current, label: `${current} — ${unknownText}` }];
}

/* A spiffworkflow:property chosen from a list (form, phase, due within). */
export function PropertySelect(props) {
  const { element, id, target, name, label, description, options, unknownText } = props;
  const injector = useService('injector');
  const getValue = () => getProperty(target, name) || '';
  return h(SelectEntry, {
    element, id, label, description, getValue,
    setValue: (value) => setProperty(injector, element, target, name, value),
    getOptions: () => withCurrent(options, getValue(), unknownText)
  });
}

/* A spiffworkflow:property written as text (an expression, a parameter value). */
export function PropertyText(props) {
  const { element, id, target, name, label, description, placeholder, validate } = props;
  const injector = useService('injector');
  const debounce = useService('debounceInput');
  return h(TextFieldEntry, {
    element, id, label, description, debounce, placeholder, validate,
    getValue: () => getProperty(target, name) || '',
    setValue: (value) => setProperty(injector, element, target, name, value)
  });
}

export function PropertyCheckbox(props) {
  const { element, id, target, name, label, description } = props;
  const injector = useService('injector');
  return h(CheckboxEntry, {
    element, id, label, description,
    getValue: () => String(getProperty(target, name) || '').toLowerCase() === 'true',
    setValue: (checked) => setProperty(injector, element, target, name, checked ? 'true' : '')
  });
}

export function LaneRole(props) {
  const { element, id, label, description, options, unknownText } = props;
  const injector = useService('injector');
  return h(SelectEntry, {
    element, id, label, description,
    getValue: () => laneRole(element),
    setValue: (value) => {
      const chosen = options.find((option) => option.value === value);
      setLaneRole(injector, element, value, chosen ? chosen.label : '');
    },
    getOptions: () => withCurrent(options, laneRole(element), unknownText)
  });
}

export function TimerKind(props) {
  const { element, id, label, description, options, definition } = props;
  const injector = useService('injector');
  return h(SelectEntry, {
    element, id, label, description,
    getValue: () => timerKind(definition),
    setValue: (kind) => setTimer(injector, element, definition, kind, timerExpression(definition)),
    getOptions: () => options
  });
}

export function TimerExpression(props) {
  const { element, id, label, description, definition } = props;
  const injector = useService('injector');
  const debounce = useService('debounceInput');
  return h(TextAreaEntry, {
    element, id, label, description, debounce, monospace: true, rows: 2,
    getValue: () => timerExpression(definition),
    setValue: (value) => setTimer(injector, element, definition, timerKind(definition), value)
  });
}

export function FlowCondition(props) {
  const { element, id, label, description } = props;
  const injector = useService('injector');
  const debounce = useService('debounceInput');
  return h(TextAreaEntry, {
    element, id, label, description, debounce, monospace: true, rows: 2,
    getValue: () => conditionOf(element),
    setValue: (value) => setCondition(injector, element, value)
  });
}

export function ScriptBody(props) {
  const { element, id, label, description } = props;
  const injector = useService('injector');
  const debounce = useService('debounceInput');
  return h(TextAreaEntry, {
    element, id, label, description, debounce, monospace: true, rows: 4, autoResize: true,
    getValue: () => element.businessObject.get('script') || '',
    setValue: (value) => setScript(injector, element, value)
  });
}
