-- Ardour 7 headless session script for scripts/ardour_test.sh (run by `ardour7-lua`, the None
-- (Dummy) backend): builds, or reloads, a session holding one MIDI track with the Phonon VST3 as
-- its instrument and exports the master bus to 32-bit float WAV files (no normalization, no
-- dither) with Session:simple_export(). No MIDI region is needed: Phonon plays on its own while
-- the transport rolls. Every export starts the transport at the start of the requested bar.
--
--   ardour7-lua session.lua create DIR NAME RATE BLOCK BPM PRESET EXPORT_PRESET_UUID OUTDIR SECONDS NAME:BAR...
--   ardour7-lua session.lua load   DIR NAME RATE BLOCK -   -      EXPORT_PRESET_UUID OUTDIR SECONDS NAME:BAR...
--
-- create: a new session DIR (must not exist) at RATE Hz, one tempo BPM (4/4) from sample 0,
--   Phonon loaded with the VST3 preset labelled PRESET ("-": none, the default program); saved
--   after the exports. load: the saved session DIR/NAME.ardour as it was (tempo, plugin state).
-- BLOCK is the engine's buffer size (the plugin's block size). Each NAME:BAR writes
-- OUTDIR/NAME.wav: SECONDS seconds from the first sample of bar BAR (Ardour's tempo map).
-- Lines starting with "PHONON_" are read by the test; any failure raises a Lua error (the
-- test checks the exported files, not the exit status: the Lua tool may crash while closing).

local function fail(msg)
	print("PHONON_ERROR " .. msg)
	error(msg)
end

local mode, dir, name = arg[1], arg[2], arg[3]
local rate, block, bpm = tonumber(arg[4]), tonumber(arg[5]), tonumber(arg[6])
local preset, export_uuid, outdir, seconds = arg[7], arg[8], arg[9], tonumber(arg[10])
if (mode ~= "create" and mode ~= "load") or not rate or not block or not seconds then
	fail("usage: session.lua create|load DIR NAME RATE BLOCK BPM PRESET EXPORT_UUID OUTDIR SECONDS NAME:BAR...")
end

-- The block size must be set before the engine starts (create/load start it).
if not AudioEngine:set_backend("None (Dummy)", "", "") then fail("cannot select the None (Dummy) backend") end
if AudioEngine:set_buffer_size(block) ~= 0 then fail("cannot set the buffer size " .. block) end

local s
if mode == "create" then
	s = create_session(dir, name, rate)
else
	s = load_session(dir, name)
end
if not s then fail(mode .. " session failed: " .. dir) end
print(string.format("PHONON_SESSION mode=%s rate=%d block=%d", mode, Session:nominal_sample_rate(), Session:get_block_size()))
if Session:get_block_size() ~= block then fail("block size is " .. Session:get_block_size() .. ", wanted " .. block) end

local track
if mode == "create" then
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

	if preset ~= "-" then
		local plugin = track:the_instrument():to_insert():plugin(0)
		local pr = plugin:preset_by_label(preset)
		if not pr then fail("no VST3 preset labelled '" .. preset .. "'") end
		if not plugin:load_preset(pr) then fail("loading the preset '" .. preset .. "' failed") end
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
print(string.format("PHONON_TRACK name=%s outputs=%d", track:name(), track:n_outputs():n_audio()))

local tmap = Temporal.TempoMap.read()
print(string.format("PHONON_TEMPO bpm=%.6f", tmap:tempo_at(Temporal.timepos_t(0)):to_tempo():note_types_per_minute()))

local len = math.floor(seconds * rate + 0.5)
for i = 11, #arg do
	local ename, bar = string.match(arg[i], "^([%w_.-]+):(%d+)$")
	if not ename then fail("bad export spec " .. arg[i]) end
	bar = tonumber(bar)
	-- bar N starts at quarter note 4 * (N - 1) (4/4 from the session start)
	local start = tmap:sample_at_beats(Temporal.Beats(4 * (bar - 1), 0))
	local e = Session:simple_export()
	if not e:set_preset(export_uuid) then fail("no export preset " .. export_uuid) end
	e:set_folder(outdir)
	e:set_name(ename)
	e:set_range(start, start + len)
	local ok = e:run_export()
	print(string.format("PHONON_EXPORT name=%s bar=%d start=%d end=%d ok=%s", ename, bar, start, start + len, tostring(ok)))
	if not ok then fail("export " .. ename .. " failed") end
end

if mode == "create" then
	if Session:save_state("", false, false, false, false, false) ~= 0 then fail("saving the session failed") end
	print("PHONON_SAVED " .. dir)
end
print("PHONON_DONE")
