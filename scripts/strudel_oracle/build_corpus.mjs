#!/usr/bin/env node
// Builds tests/strudel/corpus/*.js and tests/strudel/corpus.json (ids, sources, licences) from
// local git mirrors of the public source repositories (see tests/strudel/SOURCES.md).
// Programs are copied verbatim: a tune stored as a JS template literal (tunes.mjs) or as an
// MDX `tune={`...`}` attribute is written as the string the Strudel REPL receives (the
// template literal's cooked value); plain files are copied byte for byte.
//
// Usage: node build_corpus.mjs <mirror-root> <out-tests-strudel-dir>
//   mirror-root holds <owner>+<name>/repo git directories (as made by the `fetch` tool).
// classify.mjs then adds "subset" and "why_not" to corpus.json.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';

const [mirrorRoot, outDir] = process.argv.slice(2);
if (!mirrorRoot || !outDir) {
  process.stderr.write('usage: node build_corpus.mjs <mirror-root> <tests/strudel dir>\n');
  process.exit(2);
}
const git = (repo, ...args) =>
  execFileSync('git', ['-C', path.join(mirrorRoot, repo, 'repo'), ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
const show = (repo, commit, p) => git(repo, 'show', `${commit}:${p}`);

const corpusDir = path.join(outDir, 'corpus');
fs.rmSync(corpusDir, { recursive: true, force: true });
fs.mkdirSync(corpusDir, { recursive: true });
const entries = [];
const slug = (s) =>
  s
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
function add(id, text, source, licence) {
  const file = `corpus/${id}.js`;
  if (entries.some((e) => e.id === id)) throw new Error('duplicate id ' + id);
  fs.writeFileSync(path.join(outDir, file), text);
  entries.push({ id, file, source, licence });
}
// licence stated inside a Strudel tune overrides the repository's licence
function tuneLicence(text, repoLicence) {
  const m = text.match(/(?:@license|licensed)\s+(?:with\s+)?(CC BY-NC-SA 4\.0|CC BY-SA 4\.0|CC0[^\s]*|CC BY 4\.0)/i);
  if (m) return `${m[1].replace(/ /g, '-').replace('-4.0', '-4.0')} (stated in the program); repository ${repoLicence}`;
  return repoLicence;
}
async function importModuleText(text) {
  const tmp = path.join(os.tmpdir(), `strudel-corpus-${process.pid}-${Math.random().toString(36).slice(2)}.mjs`);
  fs.writeFileSync(tmp, text);
  try {
    return await import(tmp);
  } finally {
    fs.unlinkSync(tmp);
  }
}

// ---------------------------------------------------------------- tidalcycles/strudel
const SR = 'tidalcycles+strudel';
const SC = '84efa664caa4c78a0675326d6f76894d01e3310c'; // last commit before the move to codeberg
const AGPL = 'AGPL-3.0-or-later';
// Tunes written for the pre-1.0 API (Tone.js instruments, .webdirt(), .wave(), .out() as an
// output) or for the test harness's globals (note names as variables): Strudel 1.2.6 rejects
// them, or (.out()) they are silent. Listed in SOURCES.md as excluded.
const EXCLUDED_TUNES = new Set([
  'bornagain', 'callcenterhero', 'festivalOfFingers2', 'loungerave', 'primalEnemy', 'risingEnemy',
  'synthDrums', 'waa', 'waar', 'timeCat', 'shapeShifted', 'whirlyStrudel', 'confusedPhone', 'technoDrums',
]);
const srcUrl = (p, c = SC) => `https://github.com/tidalcycles/strudel/blob/${c}/${p}`;

// 1. website tunes
{
  const p = 'website/src/repl/tunes.mjs';
  const mod = await importModuleText(show(SR, SC, p));
  // keep export order (exports commented out in the file are skipped)
  const order = [...show(SR, SC, p).matchAll(/^export const (\w+)\s*=/gm)].map((m) => m[1]);
  order.filter((name) => typeof mod[name] === 'string' && !EXCLUDED_TUNES.has(name)).forEach((name, i) => {
    const text = mod[name];
    add(`tunes-${String(i + 1).padStart(3, '0')}-${slug(name)}`, text, `${srcUrl(p)} (export ${name})`, tuneLicence(text, AGPL));
  });
}
// 2. tunes removed from the website in earlier commits (last commit that had each)
{
  const current = new Set([...show(SR, SC, 'website/src/repl/tunes.mjs').matchAll(/^export const (\w+)/gm)].map((m) => m[1]));
  const testtunes = new Set([...show(SR, SC, 'test/testtunes.mjs').matchAll(/^export const (\w+)/gm)].map((m) => m[1]));
  const commits = git(SR, 'log', '--format=%H', SC, '--', 'website/src/repl/tunes.mjs', 'repl/src/tunes.mjs').trim().split('\n');
  const seen = new Map();
  for (const c of commits) {
    for (const p of ['website/src/repl/tunes.mjs', 'repl/src/tunes.mjs']) {
      let t;
      try {
        t = show(SR, c, p);
      } catch {
        continue;
      }
      for (const m of t.matchAll(/^export const (\w+)/gm)) {
        const n = m[1];
        if (current.has(n) || testtunes.has(n) || seen.has(n)) continue;
        seen.set(n, { c, p, t });
      }
    }
  }
  let i = 0;
  for (const [name, { c, p, t }] of [...seen.entries()].sort()) {
    if (/^csound/.test(name)) continue; // csound demos: one is already in tunes-*
    if (EXCLUDED_TUNES.has(name)) continue;
    let mod;
    try {
      mod = await importModuleText(t);
    } catch (e) {
      process.stderr.write(`skip old tune ${name}: ${e.message}\n`);
      continue;
    }
    const text = mod[name];
    if (typeof text !== 'string') continue;
    i++;
    add(`oldtunes-${String(i).padStart(3, '0')}-${slug(name)}`, text, `${srcUrl(p, c)} (export ${name})`, tuneLicence(text, AGPL));
  }
}
// 3. test tunes
{
  const p = 'test/testtunes.mjs';
  const t = show(SR, SC, p);
  const mod = await importModuleText(t);
  const order = [...t.matchAll(/^export const (\w+)\s*=/gm)].map((m) => m[1]);
  order.filter((name) => typeof mod[name] === 'string' && !EXCLUDED_TUNES.has(name)).forEach((name, i) => {
    const text = mod[name];
    add(`testtunes-${String(i + 1).padStart(3, '0')}-${slug(name)}`, text, `${srcUrl(p)} (export ${name})`, tuneLicence(text, AGPL));
  });
}
// 4. codemirror-repl example tunes
{
  const p = 'examples/codemirror-repl/tunes.mjs';
  const t = show(SR, SC, p);
  const mod = await importModuleText(t);
  const order = [...t.matchAll(/^export const (\w+)\s*=/gm)].map((m) => m[1]);
  order.filter((name) => typeof mod[name] === 'string' && !EXCLUDED_TUNES.has(name)).forEach((name, i) => {
    const text = mod[name];
    add(`examples-${String(i + 1).padStart(3, '0')}-${slug(name)}`, text, `${srcUrl(p)} (export ${name})`, tuneLicence(text, AGPL));
  });
}
// 5. documentation examples (MiniRepl tune={`...`}), a varied selection
{
  const files = git(SR, 'ls-tree', '-r', '--name-only', SC)
    .split('\n')
    .filter((f) => /^website\/src\/pages\/(learn|workshop|recipes|understand|functions)\/[^/]+\.mdx$/.test(f));
  const all = [];
  for (const f of files) {
    const t = show(SR, SC, f);
    // tune={`...`} : the template literal ends at the first unescaped backtick followed by }
    const re = /tune=\{`((?:[^`\\]|\\[\s\S])*)`\}/g;
    let m;
    let k = 0;
    while ((m = re.exec(t))) {
      k++;
      // eslint-disable-next-line no-new-func
      const cooked = new Function('return `' + m[1] + '`')();
      all.push({ f, k, text: cooked });
    }
  }
  // dedupe (by normalised text)
  const seenText = new Set();
  const uniq = all.filter((x) => {
    const key = x.text.replace(/\s+/g, ' ').trim();
    if (seenText.has(key)) return false;
    seenText.add(key);
    return true;
  });
  // selection: per file, the longest examples first, at most `cap` per file,
  // skipping hydra/csound/input pages (they need a browser), about 50 in total.
  const skipFiles = /(hydra|csound|input-devices|devicemotion|pwa)\.mdx$/;
  const byFile = new Map();
  for (const x of uniq) {
    if (skipFiles.test(x.f)) continue;
    if (!byFile.has(x.f)) byFile.set(x.f, []);
    byFile.get(x.f).push(x);
  }
  const picked = [];
  const caps = { 'mini-notation': 3, 'first-sounds': 3, recipes: 4, arpeggios: 3, rhythms: 3, microrhythms: 3 };
  const dirCaps = { understand: 1, functions: 1 };
  for (const [f, xs] of byFile) {
    const base = path.basename(f, '.mdx');
    const dirName = path.basename(path.dirname(f));
    const cap = caps[base] ?? dirCaps[dirName] ?? 2;
    const sorted = [...xs].sort((a, b) => b.text.length - a.text.length);
    // take the longest half of the cap, then spread the rest over the remaining examples
    const take = sorted.slice(0, Math.ceil(cap / 2));
    const rest = sorted.slice(Math.ceil(cap / 2));
    const need = cap - take.length;
    for (let j = 0; j < need && rest.length; j++) take.push(rest[Math.floor((j * rest.length) / need)]);
    picked.push(...new Set(take.filter(Boolean)));
  }
  picked.sort((a, b) => (a.f < b.f ? -1 : a.f > b.f ? 1 : a.k - b.k));
  const counters = {};
  for (const x of picked) {
    const sect = path.basename(path.dirname(x.f));
    const base = path.basename(x.f, '.mdx');
    counters[base] = (counters[base] ?? 0) + 1;
    add(`docs-${sect}-${base}-${String(x.k).padStart(2, '0')}`, x.text, `${srcUrl(x.f)} (MiniRepl #${x.k})`, AGPL);
  }
}

// ---------------------------------------------------------------- karmaterminal/strudel-music (MIT)
// assets/compositions/* and the src/compositions/* that are not clones/remixes of other artists
// or larger variants of one already taken
const KT_SRC = [
  'angel-1-grammar', 'bloom-elliott', 'chattanooga-diner-mv1-silas', 'dark-hive-grammar', 'eamon-silas-v3',
  'fusion-silas', 'greensleeves', 'hallur-ronan-v2', 'peace-piece-silas', 'suo-gan', 'twin-princes-grammar',
].map((n) => `src/compositions/${n}.js`);
{
  const R = 'karmaterminal+strudel-music';
  const c = git(R, 'rev-parse', 'HEAD').trim();
  const files = git(R, 'ls-tree', '-r', '--name-only', c)
    .split('\n')
    .filter((f) => /^assets\/compositions\/.*\.js$/.test(f) || KT_SRC.includes(f));
  for (const f of files) {
    add(`karmaterminal-${f.startsWith('src/') ? 'src-' : ''}${slug(path.basename(f, '.js'))}`, show(R, c, f), `https://github.com/karmaterminal/strudel-music/blob/${c}/${f}`, 'MIT');
  }
}
// ---------------------------------------------------------------- fjpolo/fjpolo-Strudel (MIT)
{
  const R = 'fjpolo+fjpolo-Strudel';
  const c = git(R, 'rev-parse', 'HEAD').trim();
  const files = git(R, 'ls-tree', '-r', '--name-only', c)
    .split('\n')
    .filter((f) => /\.std$/.test(f));
  for (const f of files) {
    add(`fjpolo-${slug(path.basename(f, '.std'))}`, show(R, c, f), `https://github.com/fjpolo/fjpolo-Strudel/blob/${c}/${f}`, 'MIT');
  }
}

fs.writeFileSync(path.join(outDir, 'corpus.json'), JSON.stringify(entries, null, 1) + '\n');
process.stderr.write(`${entries.length} programs\n`);
