// @ts-check
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const MODULES_DIR = path.join(ROOT, 'src', 'server', 'modules') + path.sep;
const COMPOSITION_ROOT = ['app', 'bootstrap', 'main', 'modules', 'routes'].map((name) =>
  path.join(ROOT, 'src', 'server', `${name}.ts`),
);

/**
 * Module boundaries: a file outside `src/server/modules/<m>/` imports that module only through
 * its `index.ts`; a module's own code never imports the composition root (app, bootstrap, main,
 * the module list), which would turn the layers upside down.
 * @type {import('eslint').Rule.RuleModule}
 */
export const moduleBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Import another module only through its index.ts' },
    messages: {
      deep: "'{{spec}}' reaches inside the {{module}} module: import '{{module}}/index.js' and export what you need from there.",
      root: "'{{spec}}' is the composition root: a module must not import it (ask for what you need through a function argument or the module definition).",
    },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const own = file.startsWith(MODULES_DIR) ? file.slice(MODULES_DIR.length).split(path.sep)[0] : null;
    const isTest = /\.test\.tsx?$/.test(file);
    /** @param {import('estree').Node} node @param {unknown} spec */
    function check(node, spec) {
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts');
      if (own && !isTest && COMPOSITION_ROOT.includes(target)) {
        context.report({ node, messageId: 'root', data: { spec } });
        return;
      }
      if (!target.startsWith(MODULES_DIR)) return;
      const [module, ...rest] = target.slice(MODULES_DIR.length).split(path.sep);
      if (module === own) return;
      if (rest.length === 0 || (rest.length === 1 && rest[0] === 'index.ts')) return;
      context.report({ node, messageId: 'deep', data: { spec, module } });
    }
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};
