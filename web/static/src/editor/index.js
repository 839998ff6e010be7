/* chidao's process editor, bundled for the browser (window.ChidaoBpmn): the bpmn-js
   modeler with the properties panel and chidao's properties provider, bpmnlint,
   chidao's translations, the spiffworkflow moddle extension, the diagram differ used to
   show what changed against the version in force, and gzip (fflate) for the draft sent
   as the page closes. Built by build.mjs into
   web/static/vendor/chidao-bpmn; web/static/js/process_editor.js drives it. */
import BpmnModeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from 'bpmn-js-properties-panel';
import lintModule from 'bpmn-js-bpmnlint';
import { diff } from 'bpmn-js-differ';
import { gzipSync, strToU8 } from 'fflate';

import lintConfig from './lint_config.js';
import chidaoEditor from './moddle/chidao_editor.json';
import spiffworkflow from './moddle/spiffworkflow.json';
import propertiesModule from './properties/index.js';
import translationModule from './translate.js';
import { addStandIns, removeStandIns } from './variable_references.js';

function createModeler(options) {
  return new BpmnModeler({
    container: options.container,
    propertiesPanel: { parent: options.panel },
    linting: { bpmnlint: lintConfig, active: true },
    additionalModules: [
      BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, propertiesModule, lintModule,
      translationModule(options.translations)
    ],
    moddleExtensions: { spiffworkflow, chidaoeditor: chidaoEditor },
    chidao: options.catalog
  });
}

function importDiagram(modeler, xml) {
  return modeler.importXML(addStandIns(xml));
}

async function exportDiagram(modeler) {
  const { xml } = await modeler.saveXML({ format: true });
  return removeStandIns(xml);
}

/* Element ids added, removed, changed and only moved since ``baselineXml``. */
async function changesSince(modeler, baselineXml) {
  const { rootElement } = await modeler.get('moddle').fromXML(addStandIns(baselineXml));
  const found = diff(rootElement, modeler.getDefinitions());
  const changed = Object.keys(found._changed);
  return {
    added: Object.keys(found._added),
    removed: Object.keys(found._removed),
    changed,
    moved: Object.keys(found._layoutChanged).filter((id) => changed.indexOf(id) < 0)
  };
}

/* ``text`` gzipped, synchronously: what the page sends as it is closed must fit a
   beacon (64 KiB), and a diagram is larger than that before compression. */
function gzip(text) {
  return gzipSync(strToU8(text), { level: 6 });
}

window.ChidaoBpmn = { createModeler, importDiagram, exportDiagram, changesSince, gzip };
