"""The built Phonon.vst3 in DawDreamer 0.9.0 (a JUCE host): host tempo and tempo maps, sample-exact
kicks, state round trips.

Build the bundle first: `cargo xtask bundle phonon --features assert_process_allocs`
(scripts/test.sh does). PHONON_VST3=/path/to/Phonon.vst3 overrides the bundle path.

Setting the program: DawDreamer's save_state/load_state write and read JUCE's plugin state blob,
which for a VST3 is `b"VC2!" + u32le(len) + xml + b"\\0"` with the xml
`<VST3PluginState><IComponent>B64</IComponent><IEditController>B64</IEditController></VST3PluginState>`
where B64 is JUCE's own base64 (MemoryBlock::toBase64Encoding: "<byte count>.<chars>", the bytes
read as one little-endian bit stream, 6 bits per char from the alphabet below). nice-plug's VST3
component state is its JSON state object; the program is its persisted field "phonon", a JSON
string of {"version": 2, "code": "...", "sample_folder": null} (version 1 states, without the
folder, still load).
"""
import json
import os
import re
import struct
from pathlib import Path

import dawdreamer as dd
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
VST3 = Path(os.environ.get("PHONON_VST3", ROOT / "target" / "bundled" / "Phonon.vst3"))
SR = 44100
BPM = 120.0
KICK = 'out $ s "bd ~ ~ ~"'
JUCE_B64 = ".ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+"
SILENCE = 256  # a run of exact zeros this long counts as silence for onset detection


def juce_b64decode(text: str) -> bytes:
    size, chars = text.split(".", 1)
    size = int(size)
    n = 0
    for i, c in enumerate(chars):
        n |= JUCE_B64.index(c) << (6 * i)
    return (n & ((1 << (8 * size)) - 1)).to_bytes(size, "little")


def juce_b64encode(data: bytes) -> str:
    n = int.from_bytes(data, "little")
    count = (len(data) * 8 + 5) // 6
    return f"{len(data)}." + "".join(JUCE_B64[(n >> (6 * i)) & 63] for i in range(count))


def split_state(blob: bytes):
    """(xml text, IComponent base64 text, decoded nice-plug JSON state)."""
    assert blob[:4] == b"VC2!", f"not a JUCE xml state blob: {blob[:16]!r}"
    (length,) = struct.unpack("<I", blob[4:8])
    xml = blob[8 : 8 + length].decode("utf-8")
    m = re.search(r"<IComponent>([^<]*)</IComponent>", xml)
    assert m, f"no IComponent state in {xml[:200]!r}"
    return xml, m.group(1), json.loads(juce_b64decode(m.group(1)))


def join_state(xml: str, old_b64: str, state: dict) -> bytes:
    body = xml.replace(old_b64, juce_b64encode(json.dumps(state).encode("utf-8"))).encode("utf-8")
    return b"VC2!" + struct.pack("<I", len(body)) + body + b"\0"


def saved_state(synth, tmp_path: Path) -> bytes:
    path = tmp_path / "saved.state"
    synth.save_state(str(path))
    return path.read_bytes()


def load_state(synth, blob: bytes, tmp_path: Path):
    path = tmp_path / "load.state"
    path.write_bytes(blob)
    try:
        synth.load_state(str(path))
    except RuntimeError as e:
        # DawDreamer 0.9.0 raises this after applying the state to a plugin without an editor.
        if "editor" not in str(e):
            raise


def program(synth, tmp_path: Path):
    fields = split_state(saved_state(synth, tmp_path))[2].get("fields", {})
    return json.loads(fields["phonon"]) if "phonon" in fields else None


def set_code(synth, code: str, tmp_path: Path):
    xml, b64, state = split_state(saved_state(synth, tmp_path))
    state.setdefault("fields", {})["phonon"] = json.dumps({"version": 1, "code": code})
    load_state(synth, join_state(xml, b64, state), tmp_path)
    loaded = program(synth, tmp_path)
    assert loaded and loaded["code"] == code, f"the program did not load: {loaded}"


@pytest.fixture(scope="module")
def vst3() -> str:
    if not (VST3 / "Contents" / "x86_64-linux").is_dir():
        pytest.fail(
            f"{VST3} is missing: build it first with "
            "`cargo xtask bundle phonon --features assert_process_allocs` (or run scripts/test.sh)"
        )
    return str(VST3)


def render(vst3: str, code: str, tmp_path: Path, seconds=4.0, block=512) -> np.ndarray:
    engine = dd.RenderEngine(SR, block)
    engine.set_bpm(BPM)
    synth = engine.make_plugin_processor("phonon", vst3)
    assert synth.get_num_input_channels() == 0, "an instrument has no audio input"
    assert synth.get_num_output_channels() == 2, "one stereo main output"
    set_code(synth, code, tmp_path)
    engine.load_graph([(synth, [])])
    engine.render(seconds)
    audio = engine.get_audio()
    assert audio.shape == (2, int(round(seconds * SR))), audio.shape
    assert np.all(np.isfinite(audio)), "NaN or infinity in the output"
    return audio


def onsets(audio: np.ndarray) -> list:
    """First non-zero frame after at least SILENCE exact-zero frames (the start counts as silence)."""
    sounding = np.any(audio != 0.0, axis=0)
    found = []
    idx = np.flatnonzero(sounding)
    prev = -SILENCE - 1
    for i in idx:
        if i - prev - 1 >= SILENCE:
            found.append(int(i))
        prev = i
    return found


def test_state_codec_round_trips_the_hosts_own_state(vst3, tmp_path):
    engine = dd.RenderEngine(SR, 512)
    synth = engine.make_plugin_processor("phonon", vst3)
    blob = saved_state(synth, tmp_path)
    xml, b64, state = split_state(blob)
    assert juce_b64encode(juce_b64decode(b64)) == b64
    assert set(state) >= {"params", "fields"}, state
    assert {"gain", "bpc"} <= set(state["params"]), state["params"]


def test_one_kick_per_cycle_at_120_bpm(vst3, tmp_path):
    # 120 BPM, 4 beats per cycle: one cycle = 2 s = 88200 samples; transport starts at beat 0.
    audio = render(vst3, KICK, tmp_path)
    assert onsets(audio) == [0, 88200]
    assert np.all(audio[:, 88200 - SILENCE : 88200] == 0.0), "exact zeros just before the second kick"
    n = 4000
    np.testing.assert_allclose(audio[:, 88200 : 88200 + n], audio[:, :n], rtol=0, atol=1e-4 * np.abs(audio).max())


def test_kick_on_every_beat_with_bd_times_4(vst3, tmp_path):
    ref = render(vst3, KICK, tmp_path)  # one kick at 0, nothing else until 88200
    audio = render(vst3, 'out $ s "bd*4"', tmp_path)
    beat = 22050
    # Up to the second beat both programs have played the same single kick, sample for sample...
    np.testing.assert_array_equal(audio[:, :beat], ref[:, :beat])
    # ...and the second kick starts exactly on beat 2.
    diff = np.flatnonzero(np.any(audio[:, :88200] != ref[:, :88200], axis=0))
    assert diff.size and diff[0] == beat, f"second kick starts at {diff[:1]}, expected {beat}"
    # Every beat has a kick: the output is the first kick repeated each beat (voices add up).
    kick = ref[:, :88200]
    expected = np.zeros_like(audio)
    for start in range(0, audio.shape[1], beat):
        end = min(audio.shape[1], start + kick.shape[1])
        expected[:, start:end] += kick[:, : end - start]
    err = np.abs(audio - expected).max()
    assert err <= 1e-3 * np.abs(kick).max(), f"kicks are not on every beat (max error {err})"


def test_block_size_does_not_move_the_kicks(vst3, tmp_path):
    a = render(vst3, KICK, tmp_path, seconds=2.5, block=512)
    b = render(vst3, KICK, tmp_path, seconds=2.5, block=441)
    assert onsets(b) == [0, 88200]
    np.testing.assert_array_equal(a, b)


def dawdreamer_beat_samples(bpm_map, ppqn: int, block: int, beats: list) -> list:
    """The sample where each beat falls in DawDreamer 0.9.0's transport model
    (RenderEngine::render): at each block start the tempo is bpm_map[int(ppqn * ppq)] (the last
    entry past the end), it holds for the whole block, and ppq advances by
    block / (SR * 60) * bpm after it. A beat inside a block lies (beat - ppq) * 60 * SR / bpm
    samples after the block's start."""
    step_minutes = block / (SR * 60.0)
    out, ppq, start = [], 0.0, 0
    pending = list(beats)
    while pending:
        bpm = float(bpm_map[min(len(bpm_map) - 1, int(ppqn * ppq))])
        end_ppq = ppq + step_minutes * bpm
        while pending and pending[0] < end_ppq:
            out.append(start + (pending.pop(0) - ppq) * 60.0 * SR / bpm)
            if out[-1] < start:
                raise AssertionError("beat before the block: the model starts at beat 0")
        ppq, start = end_ppq, start + block
    return out


def test_tempo_map_120_to_90_moves_the_onsets(vst3, tmp_path):
    # 120 BPM for 8 beats, then 90 BPM (DawDreamer's tempo automation: one value per 1/ppqn beat).
    ppqn, block = 4, 512
    bpm_map = np.array([120.0] * (8 * ppqn) + [90.0] * (16 * ppqn), dtype=np.float32)
    engine = dd.RenderEngine(SR, block)
    assert engine.set_bpm(bpm_map, ppqn)
    synth = engine.make_plugin_processor("phonon", vst3)
    set_code(synth, 'out $ s "hh*4"', tmp_path)  # a short hat on every beat
    engine.load_graph([(synth, [])])
    engine.render(8.5)
    audio = engine.get_audio()
    assert np.all(np.isfinite(audio))
    found = onsets(audio)
    # 8 beats at 120 BPM (22050 samples each), then 90 BPM (29400 samples) from the first block
    # that starts past beat 8 (DawDreamer switches tempo on block starts only).
    expected = [round(x) for x in dawdreamer_beat_samples(bpm_map, ppqn, block, list(range(len(found))))]
    assert found == expected, f"onsets {found}, expected {expected}"
    assert found[:8] == [i * 22050 for i in range(8)]
    assert len(found) >= 13 and all(b - a == 29400 for a, b in zip(found[9:], found[10:])), np.diff(found)


def test_state_round_trip_gives_identical_audio(vst3, tmp_path):
    code = 'out $ s "bd*2 [~ sn] hh*2" # gain (m1 + 0.2)'
    params = {"Macro 1": 0.7, "Beats per Cycle": (2 - 1) / 15, "Cycle Offset": (0.25 + 64) / 128}

    def engine_with(setup):
        engine = dd.RenderEngine(SR, 512)
        synth = engine.make_plugin_processor("phonon", vst3)
        setup(synth)
        engine.load_graph([(synth, [])])
        return engine, synth

    def configure(synth):
        set_code(synth, code, tmp_path)
        names = {p["name"]: p["index"] for p in synth.get_plugin_parameters_description()}
        for name, value in params.items():
            synth.set_parameter(names[name], value)

    engine_a, synth_a = engine_with(configure)
    engine_a.render(3.0)
    audio_a = engine_a.get_audio()
    blob = saved_state(synth_a, tmp_path)
    state = split_state(blob)[2]
    assert json.loads(state["fields"]["phonon"])["code"] == code
    engine_b, synth_b = engine_with(lambda synth: load_state(synth, blob, tmp_path))
    names = {p["name"]: p["index"] for p in synth_b.get_plugin_parameters_description()}
    for name, value in params.items():
        assert abs(synth_b.get_parameter(names[name]) - value) < 1e-6, name
    engine_b.render(3.0)
    audio_b = engine_b.get_audio()
    assert np.abs(audio_a).max() > 0.1, "the program plays"
    # bpc 2 at 120 BPM: a cycle is 44100 samples, and the offset starts it a quarter cycle in:
    # the snare (cycle 1/2) at 11025, the last hat (5/6) at 25725, the next bd at 33075.
    assert onsets(audio_a)[:3] == [11025, 25725, 33075], onsets(audio_a)
    np.testing.assert_array_equal(audio_a, audio_b)
