/* Builds the editor bundle and copies the stylesheets, fonts and licences it needs.
   Run from a scratch copy of this folder after `npm ci` (see README.md):
   node build.mjs <repository>/web/static/vendor/chidao-bpmn */
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { dirname, join, resolve } from 'path';
import { fileURLToPath } from 'url';

const here = dirname(fileURLToPath(import.meta.url));
if (!process.argv[2]) {
  console.error('usage: node build.mjs <output dir>');
  process.exit(2);
}
const out = resolve(process.argv[2]);
const modules = join(here, 'node_modules');
mkdirSync(join(out, 'font'), { recursive: true });

await build({
  entryPoints: [join(here, 'index.js')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2019'],
  legalComments: 'none',
  outfile: join(out, 'chidao-modeler.min.js'),
  logLevel: 'warning'
});

const styles = [
  'bpmn-js/dist/assets/diagram-js.css',
  'bpmn-js/dist/assets/bpmn-js.css',
  '@bpmn-io/properties-panel/dist/assets/properties-panel.css',
  'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css'
];
// the font by file, not embedded as data: (the app's Content-Security-Policy allows fonts from 'self' only)
const font = readFileSync(join(modules, 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css'), 'utf8')
  .replace(/\.\.\/font\//g, 'font/');
writeFileSync(join(out, 'chidao-modeler.css'),
  [font, ...styles.map((path) => readFileSync(join(modules, path), 'utf8'))].join('\n'));
['woff2', 'woff', 'ttf', 'eot', 'svg'].forEach((kind) => copyFileSync(join(modules, `bpmn-js/dist/assets/bpmn-font/font/bpmn.${kind}`),
  join(out, 'font', `bpmn.${kind}`)));
copyFileSync(join(modules, 'bpmn-js/LICENSE'), join(out, 'LICENSE.bpmn-js'));
copyFileSync(join(modules, 'bpmn-js-properties-panel/LICENSE'), join(out, 'LICENSE.bpmn-js-properties-panel'));
copyFileSync(join(modules, '@bpmn-io/properties-panel/LICENSE'), join(out, 'LICENSE.properties-panel'));
copyFileSync(join(modules, 'bpmnlint/LICENSE'), join(out, 'LICENSE.bpmnlint'));
copyFileSync(join(modules, 'bpmn-js-bpmnlint/LICENSE'), join(out, 'LICENSE.bpmn-js-bpmnlint'));
copyFileSync(join(modules, 'bpmn-js-differ/LICENSE'), join(out, 'LICENSE.bpmn-js-differ'));
copyFileSync(join(modules, 'fflate/LICENSE'), join(out, 'LICENSE.fflate'));
console.log(`built ${out}`);
