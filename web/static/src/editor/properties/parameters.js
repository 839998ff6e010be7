/* The shapes of process parameters, checked as the owner types (the server checks
   them again, with their ranges, at validation and deploy). */
const OFFSET = /^\s*[+-]?\d+\s+(working_days|days)\s*$/;
const TIME = /^\s*([01]?\d|2[0-3]):[0-5]\d\s*$/;

export function parameterProblem(parameter, value, texts) {
  if (!value || !String(value).trim()) {
    return null;            // not set: the default applies
  }
  if (parameter.kind === 'offset' && !OFFSET.test(value)) {
    return texts.badOffset;
  }
  if (parameter.kind === 'time' && !TIME.test(value)) {
    return texts.badTime;
  }
  if (parameter.kind === 'day') {
    const day = Number(String(value).trim());
    if (!Number.isInteger(day) || day < 1 || day > 28) {
      return texts.badDay;
    }
  }
  return null;
}
