/* The modeler's own words (palette, context pad, menus, the standard properties,
   bpmnlint's findings) in the user's language: the page hands over a dictionary from
   bpmn-js's English to the translation the server chose. */
export default function translationModule(dictionary) {
  const words = dictionary || {};
  function translate(template, replacements) {
    const values = replacements || {};
    return (words[template] || template).replace(/{([^}]+)}/g, (whole, key) => (
      Object.prototype.hasOwnProperty.call(values, key) ? values[key] : whole));
  }
  return { translate: ['value', translate] };
}
