// Stand-in for the SuperDirt instance in ~dirt while SuperDirt's module files load
// (scripts/dirt_fx_oracle.scd): it keeps the modules in the order they are added, as
// SuperDirt.addModule does (classes/SuperDirt.sc), and the vowels as SuperDirt.initVowels makes
// them (counterTenor, the Vowel quark).
DirtFxStub {
	var <modules, <vowels;
	*new { ^super.new.init }
	init {
		modules = List[];
		vowels = ();
		[\a, \e, \i, \o, \u].do { |x| vowels[x] = Vowel(x, \counterTenor) };
	}
	numChannels { ^2 }
	audioRoutingBusses { ^[] }
	addModule { |name, func, test|
		var i = modules.detectIndex { |m| m[0] == name.asSymbol };
		var m = [name.asSymbol, func, test ? true];
		if(i.isNil) { modules.add(m) } { modules[i] = m };
	}
}
