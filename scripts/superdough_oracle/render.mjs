// Renders superdough 1.2.6 offline: node render.mjs '[[value, t, duration], ...]' out.f32
import * as wa from 'node-web-audio-api';
import fs from 'fs';
const SR = 48000;
const LEN = +(process.env.LEN || 2.0);
for (const k of Object.keys(wa)) globalThis[k] = wa[k];
class OfflineCtx extends wa.OfflineAudioContext { constructor() { super(2, Math.round(SR * LEN), SR); } }
globalThis.AudioContext = OfflineCtx;
globalThis.window = globalThis; globalThis.addEventListener = () => {};
globalThis.document = { addEventListener() {} };
const sd = await import('./sd/index.mjs');
sd.setLogger?.(() => {});
const ac = sd.getAudioContext();
// superdough's initAudio() would resume() the context (which never settles offline), then
// load the worklets: load them directly.
await ac.audioWorklet.addModule(new URL('./sd/worklets_flat.js', import.meta.url).pathname);
sd.registerSynthSounds();
// events: JSON array of [value, t, dur]
const events = JSON.parse(process.argv[2]);
for (const [value, t, dur] of events) await sd.superdough(value, t, dur, 0.5, 0);
const buf = await ac.startRendering();
const out = process.argv[3];
const l = buf.getChannelData(0), r = buf.getChannelData(1);
const inter = new Float32Array(l.length * 2);
for (let i = 0; i < l.length; i++) { inter[2*i] = l[i]; inter[2*i+1] = r[i]; }
fs.writeFileSync(out, Buffer.from(inter.buffer));
console.log('ok', l.length);
