#!/usr/bin/env node
// Classifies every corpus program: does it use only the JavaScript subset that Phonon's
// Strudel front-end runs? Rewrites tests/strudel/corpus.json (as written by build_corpus.mjs, adding
// "subset" and "why_not") and tests/strudel/names_used.md (function/method names by use).
//
// Usage: node classify.mjs ../../tests/strudel
//
// The subset (a program is "subset": true when it uses nothing else):
//   * statements at top level: expression statements, const/let declarations of plain
//     identifiers, labelled blocks (`$:`, `_$:`, `name:`, `_name:`, any label), `;`
//   * expressions: identifiers, number and string literals ("double", 'single', `backtick`
//     with no ${} interpolation), array literals, object literals (plain keys, no methods,
//     getters, computed keys or spread), calls and method chains, member access by name or
//     by literal index, unary - / +, arithmetic binary operators + - * / % **, parentheses,
//     arrow functions with an expression body or a block body of const/let, expression
//     statements and `return` (parameters: plain identifiers or identifiers with a default),
//     `await` on samples(...) only
//   * not in the subset: loops, if, function declarations/expressions, ${} interpolation,
//     ternaries, logical and comparison operators, assignments, ++/--, `new`, classes,
//     import, spread, destructuring, optional chaining, tagged templates, regexes, `this`,
//     Math.*, .map/.forEach/.filter/.reduce calls, DOM/window/document, hydra
//     (initHydra, H, osc(...) as a function), csound, midi input (midin, input()),
//     mouse signals (mousex, mousey), gamepad/motion/devicemotion, sliders (slider()).

import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'acorn';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: node classify.mjs <tests/strudel dir>\n');
  process.exit(2);
}
const draft = JSON.parse(fs.readFileSync(path.join(dir, 'corpus.json'), 'utf8')).map(({ id, file, source, licence }) => ({ id, file, source, licence }));

const ARITH = new Set(['+', '-', '*', '/', '%', '**']);
const ARRAY_FNS = new Set(['map', 'forEach', 'filter', 'reduce', 'flatMap']);
const BROWSER_IDS = new Set([
  'window', 'document', 'navigator', 'localStorage', 'fetch', 'setTimeout', 'setInterval', 'console', 'globalThis',
  'initHydra', 'H', 'midin', 'input', 'loadCsound', 'loadcsound', 'loadCSound', 'loadOrc', 'csound',
  'mousex', 'mousey', 'mouseX', 'mouseY', 'gamepad', 'enableMotion', 'accelerationX', 'accelerationY',
  'accelerationZ', 'gravityX', 'gravityY', 'gravityZ', 'rotationAlpha', 'rotationBeta', 'rotationGamma',
  'orientationAlpha', 'orientationBeta', 'orientationGamma', 'slider', 'sliderWithID', 'getAudioContext',
  'Date', 'performance', 'Math', 'JSON', 'Object', 'Array', 'Number', 'String', 'Promise', 'eval', 'Function',
]);
const HYDRA_FNS = new Set(['osc', 'noise', 'voronoi', 'shape', 'gradient', 'solid', 'src']);

function classify(code) {
  const reasons = new Set();
  const calls = [];
  const idents = [];
  let ast;
  try {
    ast = parse(code, { ecmaVersion: 2022, sourceType: 'script', allowAwaitOutsideFunction: true });
  } catch (e) {
    return { subset: false, reasons: [`syntax error (${e.message})`], calls, idents };
  }
  const no = (r) => reasons.add(r);

  function stmt(n, inArrow) {
    switch (n.type) {
      case 'ExpressionStatement':
        return expr(n.expression);
      case 'EmptyStatement':
        return;
      case 'VariableDeclaration':
        if (n.kind === 'var') no('var');
        for (const d of n.declarations) {
          if (d.id.type !== 'Identifier') no('destructuring');
          if (d.init) expr(d.init);
          else no('declaration without value');
        }
        return;
      case 'LabeledStatement':
        if (inArrow) no('label inside a function');
        if (n.body.type !== 'ExpressionStatement') no('label on a non-expression statement');
        return stmt(n.body, inArrow);
      case 'ReturnStatement':
        if (!inArrow) no('return outside a function');
        if (n.argument) expr(n.argument);
        return;
      case 'IfStatement':
        no('if');
        break;
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
      case 'WhileStatement':
      case 'DoWhileStatement':
        no('loop');
        break;
      case 'FunctionDeclaration':
        no('function declaration');
        break;
      case 'ClassDeclaration':
        no('class');
        break;
      case 'ImportDeclaration':
        no('import');
        break;
      case 'BlockStatement':
        no('block statement');
        for (const s of n.body) stmt(s, inArrow);
        return;
      default:
        no(`statement ${n.type}`);
    }
    // walk into unsupported statements too, to collect names
    walkAny(n);
  }
  function walkAny(n) {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walkAny);
    if (n.type === 'CallExpression') recordCall(n);
    if (n.type === 'Identifier') idents.push(n.name);
    for (const k of Object.keys(n)) if (k !== 'type' && n[k] && typeof n[k] === 'object') walkAny(n[k]);
  }
  function recordCall(n) {
    const c = n.callee;
    if (c.type === 'Identifier') calls.push(c.name);
    else if (c.type === 'MemberExpression' && !c.computed && c.property.type === 'Identifier') calls.push(c.property.name);
  }
  function param(p) {
    if (p.type === 'Identifier') return;
    if (p.type === 'AssignmentPattern' && p.left.type === 'Identifier') return expr(p.right);
    no('destructuring or rest parameter');
  }
  function expr(n) {
    switch (n.type) {
      case 'Identifier':
        idents.push(n.name);
        if (BROWSER_IDS.has(n.name)) no(n.name === 'Math' ? 'Math.*' : `browser/host: ${n.name}`);
        return;
      case 'Literal':
        if (n.regex) no('regex');
        if (typeof n.value === 'boolean' || n.value === null) return; // true/false/null are plain values
        return;
      case 'TemplateLiteral':
        if (n.expressions.length) no('template interpolation ${}');
        n.expressions.forEach(expr);
        return;
      case 'TaggedTemplateExpression':
        no('tagged template');
        return walkAny(n);
      case 'ArrayExpression':
        for (const e of n.elements) {
          if (!e) no('array hole');
          else if (e.type === 'SpreadElement') {
            no('spread');
            expr(e.argument);
          } else expr(e);
        }
        return;
      case 'ObjectExpression':
        for (const p of n.properties) {
          if (p.type === 'SpreadElement') {
            no('spread');
            expr(p.argument);
            continue;
          }
          if (p.computed) no('computed object key');
          if (p.kind !== 'init' || p.method) no('object method/getter');
          expr(p.value);
        }
        return;
      case 'CallExpression': {
        recordCall(n);
        if (n.optional) no('optional chaining');
        const c = n.callee;
        if (c.type === 'MemberExpression' && !c.computed && ARRAY_FNS.has(c.property.name)) no(`.${c.property.name}()`);
        if (c.type === 'Identifier' && HYDRA_FNS.has(c.name)) no(`hydra: ${c.name}()`);
        if (c.type === 'Identifier' && c.name === 'input') no('input()');
        expr(c);
        for (const a of n.arguments) {
          if (a.type === 'SpreadElement') {
            no('spread');
            expr(a.argument);
          } else expr(a);
        }
        return;
      }
      case 'MemberExpression':
        if (n.optional) no('optional chaining');
        if (n.object.type === 'Identifier' && n.object.name === 'Math') {
          no('Math.*');
          return;
        }
        if (n.computed && n.property.type !== 'Literal') no('computed member access');
        expr(n.object);
        if (n.computed) expr(n.property);
        return;
      case 'ChainExpression':
        no('optional chaining');
        return expr(n.expression);
      case 'UnaryExpression':
        if (n.operator !== '-' && n.operator !== '+') no(`unary ${n.operator}`);
        return expr(n.argument);
      case 'BinaryExpression':
        if (!ARITH.has(n.operator)) no(`operator ${n.operator}`);
        expr(n.left);
        expr(n.right);
        return;
      case 'LogicalExpression':
        no(`operator ${n.operator}`);
        expr(n.left);
        expr(n.right);
        return;
      case 'ConditionalExpression':
        no('ternary');
        expr(n.test);
        expr(n.consequent);
        expr(n.alternate);
        return;
      case 'ArrowFunctionExpression':
        if (n.async) no('async arrow');
        n.params.forEach(param);
        if (n.body.type === 'BlockStatement') {
          for (const s of n.body.body) {
            if (!['VariableDeclaration', 'ReturnStatement', 'ExpressionStatement', 'EmptyStatement'].includes(s.type)) {
              stmt(s, true); // records the reason
            } else stmt(s, true);
          }
        } else expr(n.body);
        return;
      case 'FunctionExpression':
        no('function expression');
        return walkAny(n);
      case 'AwaitExpression': {
        const a = n.argument;
        const ok = a.type === 'CallExpression' && a.callee.type === 'Identifier' && a.callee.name === 'samples';
        if (!ok) no('await other than samples(...)');
        return expr(a);
      }
      case 'AssignmentExpression':
        no('assignment');
        expr(n.right);
        return walkAny(n.left);
      case 'UpdateExpression':
        no(`${n.operator}`);
        return walkAny(n);
      case 'NewExpression':
        no('new');
        return walkAny(n);
      case 'ThisExpression':
        no('this');
        return;
      case 'SequenceExpression':
        no('comma operator');
        return n.expressions.forEach(expr);
      case 'ClassExpression':
        no('class');
        return walkAny(n);
      case 'ImportExpression':
        no('import');
        return walkAny(n);
      default:
        no(`expression ${n.type}`);
        return walkAny(n);
    }
  }
  for (const s of ast.body) stmt(s, false);
  return { subset: reasons.size === 0, reasons: [...reasons], calls, idents };
}

const callCount = new Map(); // name -> [occurrences, programs]
const identCount = new Map();
const out = [];
for (const e of draft) {
  const code = fs.readFileSync(path.join(dir, e.file), 'utf8');
  const r = classify(code);
  out.push({ ...e, subset: r.subset, why_not: r.reasons.join('; ') });
  for (const [arr, map] of [
    [r.calls, callCount],
    [r.idents, identCount],
  ]) {
    const seen = new Set();
    for (const n of arr) {
      const v = map.get(n) ?? [0, 0];
      v[0]++;
      if (!seen.has(n)) {
        v[1]++;
        seen.add(n);
      }
      map.set(n, v);
    }
  }
}
fs.writeFileSync(path.join(dir, 'corpus.json'), JSON.stringify(out, null, 1) + '\n');

const calledNames = new Set(callCount.keys());
const top = [...callCount.entries()].sort((a, b) => b[1][0] - a[1][0] || b[1][1] - a[1][1] || (a[0] < b[0] ? -1 : 1));
const subsetN = out.filter((e) => e.subset).length;
let md = `# Function and method names used in the Strudel corpus\n\n`;
md += `Generated by \`scripts/strudel_oracle/classify.mjs\` from the ${out.length} programs of \`corpus.json\` `;
md += `(${subsetN} in the subset, ${out.length - subsetN} not). A name counts when it is called: \`name(...)\` `;
md += `or \`.name(...)\`. Names inside mini-notation strings are not JavaScript names and are not counted.\n\n`;
md += `## Top 150 called names\n\n| rank | name | calls | programs |\n|---:|---|---:|---:|\n`;
top.slice(0, 150).forEach(([n, [c, p]], i) => {
  md += `| ${i + 1} | \`${n}\` | ${c} | ${p} |\n`;
});
const bare = [...identCount.entries()]
  .filter(([n]) => !calledNames.has(n))
  .sort((a, b) => b[1][1] - a[1][1] || b[1][0] - a[1][0] || (a[0] < b[0] ? -1 : 1));
md += `\n## Identifiers used only as values (never called), top 60\n\n`;
md += `Signals, functions passed as arguments (\`rev\`, \`fast\`), and the programs' own variables.\n\n`;
md += `| name | uses | programs |\n|---|---:|---:|\n`;
bare.slice(0, 60).forEach(([n, [c, p]]) => {
  md += `| \`${n}\` | ${c} | ${p} |\n`;
});
const reasonCount = new Map();
for (const e of out) for (const r of e.why_not ? e.why_not.split('; ') : []) reasonCount.set(r, (reasonCount.get(r) ?? 0) + 1);
md += `\n## Why programs are outside the subset (programs per reason)\n\n| reason | programs |\n|---|---:|\n`;
[...reasonCount.entries()]
  .sort((a, b) => b[1] - a[1])
  .forEach(([r, c]) => {
    md += `| ${r.replace(/\|/g, '\\|')} | ${c} |\n`;
  });
fs.writeFileSync(path.join(dir, 'names_used.md'), md);
process.stderr.write(`${out.length} programs, subset ${subsetN}, not ${out.length - subsetN}\n`);
