#!/usr/bin/env node
// Program oracle: evaluates whole Strudel REPL programs with the real Strudel 1.2.6 engine
// (@strudel/core's repl() + @strudel/transpiler, with @strudel/mini and @strudel/tonal in
// scope) and prints the onset events of the resulting pattern as JSON lines.
//
// Usage:
//   node program_oracle.mjs ../../tests/strudel/corpus.json > ../../tests/strudel/expected.jsonl
//   node program_oracle.mjs --file x.js [--cycles 0,4] [--id name]
//
// corpus.json: [{"id", "file" (relative to the corpus.json's folder), ...}]
// Output, one line per program, in input order:
//   {"id", "cps", "events":[{"whole":["n/d","n/d"],"part":[..],"onset":true,"value":..,"block":k}],
//    "error": null | "message", ["truncated": true]}
//
// What the REPL does and this oracle copies: the program is transpiled ("double quoted" and
// `backtick` strings become mini-notation, `x: expr` labels become expr.p('x'), bare
// samples(...) gets an await), evaluated as an async function body, and, if any .p() blocks
// were registered, the result is stack(...blocks) (muted `_x:` / `x_:` blocks excluded; a
// solo `S...:` block drops the non-solo ones), then every all(fn) transform is applied.
// That is @strudel/core's own repl() (repl.mjs), which this program drives, with a scheduler
// that is never started.
//
// Stubs for what needs a browser (see README.md): samples & friends (no-op), output and visual
// methods (return the pattern unchanged, INCLUDING .color()/.colour(), which in Strudel is a
// core control that would add a `color` key), hydra, csound, midi/osc/mqtt/serial, sliders.

import { register as registerHooks } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

registerHooks('./loader-hooks.mjs', import.meta.url);

const toStderr = (...a) => process.stderr.write(a.map(String).join(' ') + '\n');
console.log = toStderr;
console.info = toStderr;
console.warn = toStderr;
console.error = () => {}; // repl() prints the full error object; we report the message
const emit = (line) => process.stdout.write(line + '\n');

const EVENT_CAP = 2000;

const core = await import('@strudel/core');
const mini = await import('@strudel/mini');
const tonal = await import('@strudel/tonal');
const transpilerMod = await import('@strudel/transpiler');
const { Pattern, Fraction, State, TimeSpan, evalScope, repl, silence, pure, ref, valueToMidi, noteToMidi } = core;
const { transpiler, registerWidgetType } = transpilerMod;

// ---------------------------------------------------------------- stubs
// A browser window in which no key is ever pressed (whenKey/isKeyDown read the keyboard state
// through window.addEventListener). Defined after the imports, so core's import-time
// `typeof window` check (mouse listeners) still sees no window: mousex/mousey stay 0, as in a
// browser before the mouse moves.
globalThis.window = { addEventListener() {}, setTimeout: () => 0 };
const identity = function () {
  return this;
};
// Output / visual methods (from @strudel/draw, @strudel/codemirror, @strudel/midi, ...)
const patternMethodStubs = [
  'pianoroll', 'punchcard', 'scope', 'tscope', 'fscope', 'spiral', 'pitchwheel', 'spectrum', 'wordfall',
  '_pianoroll', '_punchcard', '_scope', '_tscope', '_fscope', '_spiral', '_pitchwheel', '_spectrum', '_wordfall',
  'color', 'colour', 'markcss', 'onPaint', 'draw', 'highlight',
  'midi', 'osc', 'mqtt', 'serial', 'csound', 'hydra', 'webaudio', 'superdirt', 'midiport',
];
for (const m of patternMethodStubs) Pattern.prototype[m] = identity;
// The codemirror widgets: the transpiler adds a widget id as first argument to these calls.
for (const w of ['_pianoroll', '_punchcard', '_spiral', '_scope', '_pitchwheel', '_spectrum']) registerWidgetType(w);

// .piano(), as defined by the strudel.cc website (website/src/repl/prebake.mjs):
// clip 1 if unset, s piano, release .1, pan by pitch.
{
  const maxPan = noteToMidi('C8');
  const panwidth = (pan, width) => pan * width + (1 - width) / 2;
  Pattern.prototype.piano = function () {
    return this.fmap((v) => ({ ...v, clip: v.clip ?? 1 }))
      .s('piano')
      .release(0.1)
      .fmap((value) => {
        const midi = valueToMidi(value);
        const pan = panwidth(Math.min(Math.round(midi) / maxPan, 1), 0.5);
        return { ...value, pan: (value.pan || 1) * pan };
      });
  };
}

// The strudel.cc website's pattern settings (website/src/settings.mjs): registered pattern
// functions that only change the editor (theme, font) on trigger; the events are unchanged.
const settingPatterns = {};
for (const key of ['theme', 'fontFamily', 'fontSize']) settingPatterns[key] = core.register(key, (value, pat) => pat);

const noopAsync = async () => {};
const globalStubs = {
  // @strudel/webaudio / superdough: sample and sound loading
  samples: noopAsync,
  soundAlias: () => {},
  aliasBank: noopAsync,
  registerSound: () => {},
  registerSynthSounds: noopAsync,
  registerZZFXSounds: noopAsync,
  loadSoundfont: noopAsync,
  setVersionDefaults: () => {},
  initAudio: noopAsync,
  initAudioOnFirstClick: noopAsync,
  getAudioContext: () => ({ currentTime: 0, sampleRate: 48000 }),
  // hydra / csound / midi input
  initHydra: noopAsync,
  H: (x) => x,
  loadCsound: noopAsync,
  loadcsound: noopAsync,
  loadCSound: noopAsync,
  loadOrc: noopAsync,
  // visuals as functions
  pianoroll: (x) => x,
  punchcard: (x) => x,
  // sliders (@strudel/codemirror): the value is the slider's initial value
  sliderWithID: (id, value) => ref(() => value),
  slider: (value) => ref(() => value),
};
// .p() is installed by repl() on every evaluation; we wrap it to tag each block's haps.
let blockKeys = []; // keys in pPatterns order (mirrors repl.mjs)
let anonymousIndex = 0;
function wrapP() {
  const origP = Pattern.prototype.p;
  if (origP.__phononWrapped) return;
  const wrapped = function (id) {
    if (typeof id === 'string' && (id.startsWith('_') || id.endsWith('_'))) return origP.call(this, id);
    let key = id;
    if (typeof id === 'string' && id.includes('$')) key = `${id}${anonymousIndex++}`;
    blockKeys[key] = true; // object: same key order as repl.mjs's pPatterns
    const tagged = this.withContext((ctx) => ({ ...ctx, __block: key }));
    return origP.call(tagged, id); // stores (and returns) the tagged pattern
  };
  wrapped.__phononWrapped = true;
  Pattern.prototype.p = wrapped;
}

await evalScope(settingPatterns, core, mini, tonal, globalStubs);

// ---------------------------------------------------------------- REPL
let evalError = null;
const theRepl = repl({
  defaultOutput: async () => {},
  getTime: () => 0,
  transpiler,
  onEvalError: (err) => {
    evalError = err;
  },
  beforeEval: () => {
    wrapP();
    blockKeys = {};
    anonymousIndex = 0;
  },
});

// ---------------------------------------------------------------- output helpers
const isFrac = (x) =>
  x instanceof Fraction._original || (x && typeof x === 'object' && 'n' in x && 'd' in x && 's' in x && typeof x.n === 'bigint');
function fracStr(f) {
  const fr = Fraction(f);
  const sign = fr.s < 0n && fr.n !== 0n ? '-' : '';
  return `${sign}${fr.n}/${fr.d}`;
}
function plain(v) {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : { $nonfinite: String(v) };
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'function') return { $function: v.name || 'anonymous' };
  if (isFrac(v)) return { $fraction: fracStr(v) };
  if (Array.isArray(v)) return v.map(plain);
  if (typeof v === 'object') {
    if (v._Pattern) return { $pattern: true };
    const out = {};
    for (const k of Object.keys(v).sort()) out[k] = plain(v[k]);
    return out;
  }
  return String(v);
}
const errMsg = (err) => String(err && err.message ? err.message : err);

async function runProgram(id, code, cycles = [0, 4]) {
  const out = { id, cps: null, events: [], error: null };
  evalError = null;
  let pattern;
  try {
    theRepl.scheduler.setCps(0.5); // the REPL's default; each program starts from it
    pattern = await theRepl.evaluate(code, false);
  } catch (err) {
    evalError = err;
  }
  out.cps = theRepl.scheduler.cps;
  if (evalError) {
    out.error = errMsg(evalError);
    return out;
  }
  const cps = theRepl.scheduler.cps;
  out.cps = typeof cps === 'number' ? cps : plain(cps);
  // active blocks, as repl.mjs orders and filters pPatterns (solo S...: blocks)
  let keys = Object.keys(blockKeys);
  if (keys.some((k) => k.length > 1 && k.startsWith('S'))) {
    const first = keys.findIndex((k) => k.length > 1 && k.startsWith('S'));
    keys = keys.filter((k, i) => k.length > 1 && k.startsWith('S') && i >= first);
  }
  const blockIndex = new Map(keys.map((k, i) => [k, i]));
  try {
    const [b, e] = cycles;
    // like the scheduler (cyclist.mjs), with _cps in the query state; queried directly
    // because queryArc() would swallow errors
    const haps = pattern.query(new State(new TimeSpan(Fraction(b), Fraction(e)), { _cps: cps, cyclist: 'cyclist' }));
    let rows = [];
    for (const h of haps) {
      if (!h.whole) continue; // continuous
      if (!h.whole.begin.eq(h.part.begin)) continue; // not an onset
      const value = plain(h.value);
      const k = h.context?.__block;
      rows.push({
        _wb: h.whole.begin,
        _we: h.whole.end,
        _pb: h.part.begin,
        _pe: h.part.end,
        _vs: JSON.stringify(value),
        whole: [fracStr(h.whole.begin), fracStr(h.whole.end)],
        part: [fracStr(h.part.begin), fracStr(h.part.end)],
        onset: true,
        value,
        block: k === undefined ? 0 : blockIndex.get(k) ?? 0,
      });
    }
    rows.sort(
      (x, y) =>
        x._wb.compare(y._wb) ||
        (x._vs < y._vs ? -1 : x._vs > y._vs ? 1 : 0) ||
        x._we.compare(y._we) ||
        x._pb.compare(y._pb) ||
        x._pe.compare(y._pe) ||
        x.block - y.block,
    );
    if (rows.length > EVENT_CAP) {
      rows = rows.slice(0, EVENT_CAP);
      out.truncated = true;
    }
    out.events = rows.map(({ whole, part, onset, value, block }) => ({ whole, part, onset, value, block }));
  } catch (err) {
    out.events = [];
    out.error = 'query: ' + errMsg(err);
  }
  return out;
}

// ---------------------------------------------------------------- CLI
const args = process.argv.slice(2);
let cycles = [0, 4];
const ci = args.indexOf('--cycles');
if (ci >= 0) cycles = args[ci + 1].split(',');
const fi = args.indexOf('--file');
if (fi >= 0) {
  const file = args[fi + 1];
  const ii = args.indexOf('--id');
  const id = ii >= 0 ? args[ii + 1] : path.basename(file).replace(/\.[^.]*$/, '');
  emit(JSON.stringify(await runProgram(id, fs.readFileSync(file, 'utf8'), cycles)));
} else if (args.length >= 1 && !args[0].startsWith('--')) {
  // Each program runs in a fresh node process: some Strudel functions keep state between
  // queries (the legacy .voicings() voice leading remembers the last chord), so a program's
  // events must not depend on the programs evaluated before it.
  const list = JSON.parse(fs.readFileSync(args[0], 'utf8'));
  const base = path.dirname(args[0]);
  const self = fileURLToPath(import.meta.url);
  for (const c of list) {
    const cy = (c.cycles ?? cycles).join(',');
    const r = spawnSync(process.execPath, [self, '--file', path.join(base, c.file), '--id', c.id, '--cycles', cy], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      timeout: 120000,
    });
    const line = (r.stdout || '').trim();
    if (r.status !== 0 || !line) {
      const why = r.error ? r.error.message : (r.stderr || '').trim().split('\n').pop();
      emit(JSON.stringify({ id: c.id, cps: null, events: [], error: `oracle failed: ${why}` }));
    } else emit(line);
  }
} else {
  process.stderr.write(
    'usage: node program_oracle.mjs corpus.json > expected.jsonl\n       node program_oracle.mjs --file x.js [--cycles 0,4]\n',
  );
  process.exit(2);
}
// the scheduler was never started, but make sure no timer keeps node alive
process.exit(0);
