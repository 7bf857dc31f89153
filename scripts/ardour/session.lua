-- Ardour 7 headless session script for scripts/ardour_test.sh (run by `ardour7-lua`, the None
-- (Dummy) backend): builds, or reloads, a session holding one MIDI track with the Phonon VST3 as
-- its instrument and exports the master bus to 32-bit float WAV files (no normalization, no
-- dither) with Session:simple_export(). No MIDI region is needed: Phonon plays on its own while
-- the transport rolls; every export rolls the transport from the first sample of its bar.
--
--   ardour7-lua session.lua mode=create dir=DIR name=NAME rate=48000 block=256 bpm=120 \
--       preset=LABEL export_preset=UUID outdir=OUT seconds=8 [save=1] export=NAME:BAR...
--   ardour7-lua session.lua mode=load dir=DIR name=NAME block=256 export_preset=UUID \
--       outdir=OUT seconds=8 export=NAME:BAR...
--
-- create: a new session DIR (must not exist) at `rate` Hz with one tempo `bpm` (4/4) from
--   sample 0, Phonon loaded with the VST3 preset labelled `preset` (absent: none, the plugin's
--   default program); with save=1 saved before and again after the exports.
-- load: the saved session DIR/NAME.ardour as it was saved (tempo, plugin state).
-- `block` is the engine's buffer size, i.e. the plugin's block size. Each export=NAME:BAR writes
-- OUT/NAME.wav, `seconds` seconds from the first sample of bar BAR in Ardour's tempo map; the
-- exports run in the order given (the test runs one per process: after an export Ardour 7.3
-- has sometimes corrupted its heap, and a second export in the same process then dies).
-- Lines starting with "PHONON_" are read by the test; a failure raises a Lua error. The test
-- judges the exported files, not the exit status: the Lua tool may crash after an export.

local function fail(msg)
	print("PHONON_ERROR " .. msg)
	error(msg)
end

local opt, exports = {}, {}
for i = 1, #arg do
	local k, v = string.match(arg[i], "^([%w_]+)=(.*)$")
	if not k then fail("bad argument " .. arg[i] .. " (want key=value)") end
	if k == "export" then
		local ename, bar = string.match(v, "^([%w_.-]+):(%d+)$")
		if not ename then fail("bad export " .. v .. " (want NAME:BAR)") end
		exports[#exports + 1] = { name = ename, bar = tonumber(bar) }
	else
		opt[k] = v
	end
end
local mode, block, seconds = opt.mode, tonumber(opt.block), tonumber(opt.seconds)
if (mode ~= "create" and mode ~= "load") or not opt.dir or not opt.name or not block or not seconds
	or not opt.export_preset or not opt.outdir or #exports == 0
	or (mode == "create" and (not tonumber(opt.rate) or not tonumber(opt.bpm))) then
	fail("usage: session.lua mode=create|load dir= name= [rate= bpm= preset= save=1] block= export_preset= outdir= seconds= export=NAME:BAR...")
end

-- The buffer size must be chosen before create/load start the engine.
if not AudioEngine:set_backend("None (Dummy)", "", "") then fail("cannot select the None (Dummy) backend") end
if AudioEngine:set_buffer_size(block) ~= 0 then fail("cannot set the buffer size " .. block) end

local s
if mode == "create" then
	s = create_session(opt.dir, opt.name, tonumber(opt.rate))
else
	s = load_session(opt.dir, opt.name)
end
if not s then fail(mode .. " session failed: " .. opt.dir) end
local rate = Session:nominal_sample_rate()
print(string.format("PHONON_SESSION mode=%s rate=%d block=%d", mode, rate, Session:get_block_size()))
if Session:get_block_size() ~= block then fail("block size is " .. Session:get_block_size() .. ", wanted " .. block) end

local track
if mode == "create" then
	local bpm = tonumber(opt.bpm)
	local tm = Temporal.TempoMap.fetch_writable()
	tm:set_tempo(Temporal.Tempo(bpm, bpm, 4), Temporal.timepos_t(0))
	Temporal.TempoMap.update(tm)

	local info = ARDOUR.LuaAPI.new_plugin_info("Phonon", ARDOUR.PluginType.VST3)
	if info:isnil() then
		for p in ARDOUR.LuaAPI.list_plugins():iter() do
			if p.type == ARDOUR.PluginType.VST3 then print("PHONON_VST3_LISTED " .. p.name) end
		end
		print("PHONON_PLUGIN_NOT_FOUND")
		fail("the Phonon VST3 is not in Ardour's plugin list (scan cache stale or missing?)")
	end
	local tl = Session:new_midi_track(
		ARDOUR.ChanCount(ARDOUR.DataType("midi"), 1), ARDOUR.ChanCount(ARDOUR.DataType("audio"), 2),
		false, info, nil, nil, 1, "Phonon", ARDOUR.PresentationInfo.max_order, ARDOUR.TrackMode.Normal, true, false)
	for t in tl:iter() do track = t end
	if not track then fail("new_midi_track made no track") end

	if opt.preset and opt.preset ~= "" then
		local plugin = track:the_instrument():to_insert():plugin(0)
		local pr = plugin:preset_by_label(opt.preset)
		if not pr then fail("no VST3 preset labelled '" .. opt.preset .. "'") end
		if not plugin:load_preset(pr) then fail("loading the preset '" .. opt.preset .. "' failed") end
		print("PHONON_PRESET " .. pr.uri)
	end
else
	for r in Session:get_routes():iter() do
		if not r:to_track():isnil() and not r:the_instrument():isnil() then track = r end
	end
	if not track then fail("the loaded session has no track with an instrument") end
end

local inst = track:the_instrument()
if inst:isnil() or inst:to_insert():plugin(0):name() ~= "Phonon" then fail("the track's instrument is not Phonon") end
local tmap = Temporal.TempoMap.read()
print(string.format("PHONON_TRACK name=%s outputs=%d bpm=%.6f", track:name(), track:n_outputs():n_audio(),
	tmap:tempo_at(Temporal.timepos_t(0)):to_tempo():note_types_per_minute()))

-- save=1: saved before the exports (Ardour 7.3 sometimes corrupts its heap during an export, and
-- a save after it then crashes) and again after them (the usual order; a crash there leaves the
-- first save in place: Ardour writes a temporary file and renames it)
local function save(when)
	if Session:save_state("", false, false, false, false, false) ~= 0 then fail("saving the session failed") end
	print("PHONON_SAVED " .. when .. " " .. opt.dir)
end
if mode == "create" and opt.save == "1" then save("before-export") end

local len = math.floor(seconds * rate + 0.5)
for _, x in ipairs(exports) do
	-- bar N starts at quarter note 4 * (N - 1) (4/4 from the session start)
	local start = tmap:sample_at_beats(Temporal.Beats(4 * (x.bar - 1), 0))
	print(string.format("PHONON_EXPORT_START name=%s bar=%d start=%d end=%d", x.name, x.bar, start, start + len))
	local e = Session:simple_export()
	if not e:set_preset(opt.export_preset) then fail("no export preset " .. opt.export_preset) end
	e:set_folder(opt.outdir)
	e:set_name(x.name)
	e:set_range(start, start + len)
	if not e:run_export() then fail("export " .. x.name .. " failed") end
	print("PHONON_EXPORT_DONE name=" .. x.name)
end

if mode == "create" and opt.save == "1" then save("after-export") end
print("PHONON_DONE")
