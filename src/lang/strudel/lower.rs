//! Strudel's syntax tree to Phonon's: `pat.f(a, b)` is `f a b pat`, a control method is `#`
//! (`pat.lpf(800)` is `pat # lpf 800`), arithmetic methods are Tidal's operator families
//! (`.add(x)` is `|+ x`), arrow functions are lambdas, `const` is `let`, and `$:` blocks are
//! outputs. Both front-ends then share one evaluator.

use super::names::*;
use super::syntax::{Body, JStmt, J, JK};
use crate::lang::ast::{Binding, Expr, ExprKind, Stmt, StreamAction, StreamId};
use crate::lang::error::LangError;
use crate::lang::eval::STRUDEL_SET;
use crate::lang::views::View;
use crate::pattern::ops::strudel_tonal::{DEFAULT_VOICINGS, INLINE_DICT};
use crate::samples::packs::SampleSource;
use std::collections::HashSet;

/// What a Strudel program lowers to.
pub struct Lowered {
    pub stmts: Vec<Stmt>,
    /// Things the musician should know (muted blocks, `samples(...)` Phonon does not fetch).
    pub notes: Vec<String>,
    /// The `samples(...)` calls, in order (`samples::packs` finds them on disk).
    pub samples: Vec<SampleSource>,
    /// The view each output's chain picks (`.pianoroll()`, `.scope()` ...), by the byte offset
    /// its statement starts at; `all(x => x.scope())` or a bare `scope()` picks one for every
    /// output (at offset `usize::MAX`).
    pub views: Vec<(usize, View)>,
}

pub struct Lower<'a> {
    src: &'a str,
    /// Names the program binds (`const`, parameters, `register`): never renamed.
    locals: HashSet<String>,
    /// Names `register` made, which (unlike other locals) are also methods.
    registered: HashSet<String>,
    /// Voicing dictionaries the program adds (`addVoicings('name', ...)`).
    user_voicings: HashSet<String>,
    /// Builtin names, to prefer `strudel:name` where Phonon keeps Strudel's version apart.
    builtins: &'a HashSet<&'static str>,
    /// The program's cycles per second so far (for `.cpm`); Strudel's default is 0.5.
    cps: Option<f64>,
    /// The `samples(...)` calls read so far.
    samples: Vec<SampleSource>,
    /// What each `const` was defined as (`.scaleTranspose` looks through them for a `.scale`).
    decls: std::collections::HashMap<String, J>,
    /// The scale of the chain whose method arguments are being lowered, for a
    /// `scaleTranspose(k)` written as a function among them (`.layer(scaleTranspose(2))`).
    chain_scale: Option<J>,
    /// The view the expression being lowered picks (its last view call).
    view: Option<View>,
    /// `setDefaultVoicings(name)`'s name (read before the program).
    default_voicings: Option<String>,
}

type R<T> = Result<T, LangError>;

fn mk(kind: ExprKind, j: &J) -> Expr {
    Expr {
        kind,
        start: j.start,
        end: j.end,
    }
}

fn app(f: Expr, x: Expr) -> Expr {
    let (start, end) = (f.start.min(x.start), f.end.max(x.end));
    Expr {
        kind: ExprKind::App(Box::new(f), Box::new(x)),
        start,
        end,
    }
}

fn var(name: &str, j: &J) -> Expr {
    mk(ExprKind::Var(name.to_string()), j)
}

fn apps(f: Expr, args: Vec<Expr>) -> Expr {
    args.into_iter().fold(f, app)
}

impl<'a> Lower<'a> {
    pub fn new(src: &'a str, builtins: &'a HashSet<&'static str>) -> Lower<'a> {
        Lower {
            src,
            locals: HashSet::new(),
            registered: HashSet::new(),
            user_voicings: HashSet::new(),
            builtins,
            cps: None,
            samples: vec![],
            decls: Default::default(),
            chain_scale: None,
            view: None,
            default_voicings: None,
        }
    }

    fn err(&self, at: usize, msg: impl Into<String>) -> LangError {
        LangError::at(self.src, at, msg)
    }

    /// The Phonon name a Strudel name reads.
    fn resolve(&self, name: &str) -> String {
        if self.locals.contains(name) {
            return name.to_string();
        }
        self.resolve_method(name)
    }

    /// The Phonon name a method reads: a local variable is no method (`const scale = ..;
    /// x.scale(scale)` calls Strudel's `scale`), unless `register` made it one.
    fn resolve_method(&self, name: &str) -> String {
        if self.registered.contains(name) {
            return name.to_string();
        }
        let key = strudel_key(name);
        if self.builtins.contains(key.as_str()) {
            return key;
        }
        if let Some((_, to)) = RENAMES.iter().find(|(n, _)| *n == name) {
            return to.to_string();
        }
        name.to_string()
    }

    pub fn program(&mut self, stmts: Vec<JStmt>) -> R<Lowered> {
        let mut out = vec![];
        let mut notes = vec![];
        let mut all_fns: Vec<Expr> = vec![];
        let mut last_bare: Option<(Expr, usize, Option<View>)> = None;
        let mut blocks = 0usize;
        let mut views = vec![];
        if let Some(bind) = self.default_voicings(&stmts)? {
            out.push(bind);
        }
        for st in stmts {
            self.view = None;
            match st {
                JStmt::Decl { name, value, start } => {
                    let registers = register_call(&value).is_some();
                    let body = match register_call(&value) {
                        Some((_, f)) => f.clone(),
                        None => value,
                    };
                    if registers {
                        self.registered.insert(name.clone());
                    }
                    self.decls.insert(name.clone(), body.clone());
                    let body = self.expr(&body)?;
                    self.locals.insert(name.clone());
                    out.push(Stmt::Let(vec![Binding {
                        name,
                        params: vec![],
                        body,
                        start,
                    }]));
                }
                JStmt::Return(e) => return Err(self.err(e.start, "`return` outside a function")),
                JStmt::Label {
                    label,
                    value,
                    start,
                } => {
                    if label.starts_with('_') {
                        let line = self.err(start, "").line;
                        notes.push(format!("the block `{label}:` on line {line} is muted (its name starts with `_`)"));
                        continue;
                    }
                    blocks += 1;
                    let value = self.expr(&value)?;
                    views.extend(self.view.take().map(|v| (start, v)));
                    out.push(self.output(blocks, &label, value, start));
                }
                JStmt::Expr(e) => {
                    if let Some(stmt) = self.statement_call(&e, &mut all_fns)? {
                        // `all(x => x.scope())`, `scope()`: every output's view.
                        views.extend(self.view.take().map(|v| (usize::MAX, v)));
                        out.push(stmt);
                        continue;
                    }
                    if let JK::Call(callee, args) = &e.kind {
                        if let JK::Member(recv, m) = &callee.kind {
                            if m == "p" || m == "q" {
                                blocks += 1;
                                let label = match args.first().map(|a| &a.kind) {
                                    Some(JK::Str(s, _)) => s.clone(),
                                    Some(JK::Num(x)) => format!("{x}"),
                                    _ => "$".into(),
                                };
                                let value = self.expr(recv)?;
                                views.extend(self.view.take().map(|v| (e.start, v)));
                                out.push(self.output(blocks, &label, value, e.start));
                                continue;
                            }
                        }
                    }
                    // Only the last bare expression plays (the REPL returns it); an earlier
                    // one is still evaluated, so what it names is checked as Strudel would.
                    if let Some((earlier, start, _)) = last_bare.take() {
                        out.push(Stmt::Let(vec![Binding {
                            name: format!("bare:{start}"),
                            params: vec![],
                            body: earlier,
                            start,
                        }]));
                    }
                    last_bare = Some((self.expr(&e)?, e.start, self.view.take()));
                }
            }
        }
        if blocks == 0 {
            if let Some((value, start, view)) = last_bare {
                views.extend(view.map(|v| (start, v)));
                out.push(Stmt::Out {
                    stream: StreamId::Out(0),
                    value,
                    start,
                    transition: None,
                });
            }
        }
        for f in &all_fns {
            for st in out.iter_mut() {
                if let Stmt::Out { value, .. } = st {
                    *value = app(f.clone(), value.clone());
                }
            }
        }
        Ok(Lowered {
            stmts: out,
            notes,
            samples: std::mem::take(&mut self.samples),
            views,
        })
    }

    /// Strudel's `setDefaultVoicings('legacy')` changes what every `voicing()` of the program
    /// uses (a global read when the pattern is queried, so the last call wins wherever it
    /// stands): `voicing` is bound, before the program, to `voicing` with that default.
    fn default_voicings(&mut self, stmts: &[JStmt]) -> R<Option<Stmt>> {
        let mut last = None;
        for st in stmts {
            let JStmt::Expr(e) = st else { continue };
            let JK::Call(callee, args) = &e.kind else {
                continue;
            };
            if !matches!(&callee.kind, JK::Ident(n) if n == "setDefaultVoicings") {
                continue;
            }
            let Some(JK::Str(name, _)) = args.first().map(|a| &a.kind) else {
                return Err(self.err(
                    e.start,
                    "`setDefaultVoicings` takes a dictionary's name: `setDefaultVoicings('legacy')`",
                ));
            };
            if crate::pattern::theory::tonal::voicing_dict(name).is_none() {
                return Err(self.err(
                    args[0].start,
                    format!(
                        "there is no voicing dictionary `{name}` ({})",
                        crate::pattern::theory::tonal::voicing_dict_names().join(", ")
                    ),
                ));
            }
            last = Some((name.clone(), e));
        }
        let Some((name, e)) = last else {
            return Ok(None);
        };
        self.default_voicings = Some(name.clone());
        self.locals.insert("voicing".into());
        self.registered.insert("voicing".into());
        Ok(Some(Stmt::Let(vec![Binding {
            name: "voicing".into(),
            params: vec![],
            body: app(var("strudel:voicingDefault", e), mk(ExprKind::Str(name), e)),
            start: e.start,
        }])))
    }

    /// The `k`-th block plays on `o<k>` (after `o16`, on a named stream into the main output).
    fn output(&self, k: usize, label: &str, value: Expr, start: usize) -> Stmt {
        let stream = if k <= 16 {
            StreamId::Out(k)
        } else {
            StreamId::Named(format!("{label}{k}"))
        };
        Stmt::Out {
            stream,
            value,
            start,
            transition: None,
        }
    }

    /// Statements that are calls: tempo, `hush`, `samples`, `register`, `all`, views.
    fn statement_call(&mut self, e: &J, all_fns: &mut Vec<Expr>) -> R<Option<Stmt>> {
        let JK::Call(callee, args) = &e.kind else {
            return Ok(None);
        };
        let JK::Ident(name) = &callee.kind else {
            return Ok(None);
        };
        if self.locals.contains(name) {
            return Ok(None);
        }
        let nothing = Stmt::Stream {
            action: StreamAction::Nothing,
            start: e.start,
        };
        Ok(Some(match name.as_str() {
            "setcps" | "setCps" | "setcpm" | "setCpm" => {
                let arg = args
                    .first()
                    .ok_or_else(|| self.err(e.end, format!("`{name}` takes a number")))?;
                let mut value = self.expr(arg)?;
                if name.ends_with('m') {
                    value = Expr {
                        kind: ExprKind::BinOp(
                            "/".into(),
                            Box::new(value.clone()),
                            Box::new(mk(ExprKind::Num(60.0), arg)),
                        ),
                        ..value
                    };
                }
                if let Some(x) = number(&value) {
                    self.cps = Some(x);
                }
                Stmt::Stream {
                    action: StreamAction::SetTempo {
                        kind: "cps".into(),
                        value,
                    },
                    start: e.start,
                }
            }
            "hush" => Stmt::Stream {
                action: StreamAction::Hush,
                start: e.start,
            },
            // Read before the program (`default_voicings`).
            "setDefaultVoicings" => nothing,
            "samples"
            | "loadSamples"
            | "aliasBank"
            | "soundAlias"
            | "initAudioOnFirstClick"
            | "loadCsound"
            | "loadOrc"
            | "initAudio" => {
                // What `samples(...)` names is found on disk when the program is loaded
                // (`samples::packs`), which also says what is missing.
                if name == "samples" {
                    self.samples.extend(sample_source(args));
                }
                nothing
            }
            "register" => {
                let Some((reg, f)) = register_call(e) else {
                    return Err(self.err(e.start, "`register` takes a name and a function: `register('name', (x, pat) => ...)`"));
                };
                let body = self.expr(f)?;
                // A view inside a registered function is not every output's.
                self.view = None;
                self.locals.insert(reg.to_string());
                self.registered.insert(reg.to_string());
                Stmt::Let(vec![Binding {
                    name: reg.to_string(),
                    params: vec![],
                    body,
                    start: e.start,
                }])
            }
            "addVoicings" | "registerVoicings" => {
                // A dictionary for the deprecated `voicings('name')`, bound under a name no
                // program can spell and found by `.voicings('name')`.
                let Some(JK::Str(dict_name, _)) = args.first().map(|a| &a.kind) else {
                    return Err(self.err(e.start, format!("`{name}` takes a name, a dictionary and a range: `addVoicings('mine', {{ m7: ['3m 5P 7m'] }}, ['C3', 'C5'])`")));
                };
                let dict = match args.get(1) {
                    Some(d) => self.expr(d)?,
                    None => {
                        return Err(
                            self.err(e.end, format!("`{name}` needs a dictionary after its name"))
                        )
                    }
                };
                let range = match (name.as_str(), args.get(2).map(|a| &a.kind)) {
                    ("addVoicings", Some(_)) => self.expr(&args[2])?,
                    ("registerVoicings", Some(JK::Object(fields))) => {
                        match fields.iter().find(|(k, _)| k == "range") {
                            Some((_, r)) => self.expr(r)?,
                            None => default_range(["D3", "A4"], e),
                        }
                    }
                    ("addVoicings", None) => default_range(["F3", "A4"], e),
                    _ => default_range(["D3", "A4"], e),
                };
                let body = apps(
                    var("strudel:voicingDict", e),
                    vec![mk(ExprKind::Str(dict_name.clone()), e), dict, range],
                );
                self.bind_voicings(dict_name, body, e.start)
            }
            "setVoicingRange" => {
                let (Some(JK::Str(dict_name, _)), Some(range)) =
                    (args.first().map(|a| &a.kind), args.get(1))
                else {
                    return Err(self.err(e.start, "`setVoicingRange` takes a dictionary's name and a range: `setVoicingRange('lefthand', ['E3', 'Ab4'])`"));
                };
                let range = self.expr(range)?;
                let body = apps(
                    var("strudel:voicingRange", e),
                    vec![mk(ExprKind::Str(dict_name.clone()), e), range],
                );
                self.bind_voicings(dict_name, body, e.start)
            }
            "all" | "each" => {
                let f = args.first().ok_or_else(|| {
                    self.err(e.end, "`all` takes a function: `all(x => x.room(0.3))`")
                })?;
                all_fns.push(self.expr(f)?);
                nothing
            }
            n if VISUAL.contains(&n) => {
                self.view = View::from_strudel(n).or(self.view);
                nothing
            }
            _ => return Ok(None),
        }))
    }

    pub fn expr(&mut self, j: &J) -> R<Expr> {
        Ok(match &j.kind {
            JK::Num(x) => mk(ExprKind::Num(*x), j),
            JK::Str(s, '\'') => plain_string(s, j),
            JK::Str(s, _) => mk(ExprKind::Str(s.clone()), j),
            JK::Ident(name) => self.ident(name, j)?,
            JK::Array(items) => {
                let items = items.iter().map(|i| self.expr(i)).collect::<R<Vec<_>>>()?;
                mk(ExprKind::List(items), j)
            }
            JK::Object(fields) => {
                let mut items = vec![];
                for (k, v) in fields {
                    let key = mk(ExprKind::Str(k.clone()), v);
                    let value = self.expr(v)?;
                    items.push(mk(ExprKind::Tuple(vec![key, value]), v));
                }
                mk(ExprKind::List(items), j)
            }
            JK::Call(callee, args) => self.call(callee, args, j)?,
            JK::Member(obj, name) => {
                return Err(self.err(
                    obj.end,
                    format!("`.{name}` without `( )` reads a property, which is JavaScript outside what Phonon runs: call it as a method, `.{name}(...)`"),
                ))
            }
            JK::Index(obj, idx) => {
                let (a, b) = (self.expr(obj)?, self.expr(idx)?);
                mk(ExprKind::BinOp("!!".into(), Box::new(a), Box::new(b)), j)
            }
            JK::Arrow(params, body) => {
                let saved = self.locals.clone();
                self.locals.extend(params.iter().cloned());
                let body = self.body(body, j);
                self.locals = saved;
                mk(ExprKind::Lambda(params.clone(), Box::new(body?)), j)
            }
            JK::Unary(op, e) => {
                let x = self.expr(e)?;
                match (*op, &x.kind) {
                    ("-", ExprKind::Num(v)) => mk(ExprKind::Num(-v), j),
                    ("-", _) => mk(ExprKind::Neg(Box::new(x)), j),
                    ("+", _) => x,
                    _ => {
                        return Err(self.err(
                            j.start,
                            "`!` (not) is JavaScript outside what Phonon runs",
                        ))
                    }
                }
            }
            JK::Bin(op, a, b) => self.binary(op, a, b, j)?,
            JK::Cond(..) => {
                return Err(self.err(
                    j.start,
                    "`condition ? a : b` is JavaScript outside what Phonon runs: to choose by pattern use `.when(\"<0 1>\", f)` or `.pick([...])`",
                ))
            }
        })
    }

    fn ident(&self, name: &str, j: &J) -> R<Expr> {
        Ok(match name {
            "true" => mk(ExprKind::Num(1.0), j),
            "false" => mk(ExprKind::Num(0.0), j),
            "undefined" | "null" | "NaN" | "Infinity" | "Math" | "console" | "Date" | "JSON"
            | "Object" | "Array" | "String" | "Number" => {
                return Err(self.err(
                    j.start,
                    format!("`{name}` is JavaScript outside what Phonon runs"),
                ))
            }
            _ => var(&self.resolve(name), j),
        })
    }

    fn body(&mut self, body: &Body, j: &J) -> R<Expr> {
        match body {
            Body::Expr(e) => self.expr(e),
            Body::Block(stmts) => {
                let mut bindings = vec![];
                let mut result = None;
                for st in stmts {
                    match st {
                        JStmt::Decl { name, value, start } => {
                            let body = self.expr(value)?;
                            self.locals.insert(name.clone());
                            bindings.push(Binding {
                                name: name.clone(),
                                params: vec![],
                                body,
                                start: *start,
                            });
                        }
                        JStmt::Return(e) => {
                            result = Some(self.expr(e)?);
                            break;
                        }
                        JStmt::Expr(e) | JStmt::Label { value: e, .. } => {
                            return Err(self.err(
                                e.start,
                                "inside an arrow function's `{ }` Phonon runs `const` and `return` only: this line's value would be lost",
                            ))
                        }
                    }
                }
                let result = result.ok_or_else(|| {
                    self.err(
                        j.start,
                        "this arrow function's `{ }` gives nothing back: add `return ...`",
                    )
                })?;
                Ok(if bindings.is_empty() {
                    result
                } else {
                    mk(ExprKind::Let(bindings, Box::new(result)), j)
                })
            }
        }
    }

    fn binary(&mut self, op: &str, a: &J, b: &J, j: &J) -> R<Expr> {
        let (x, y) = (self.expr(a)?, self.expr(b)?);
        if let (Some(p), Some(q)) = (number(&x), number(&y)) {
            let v = match op {
                "+" => p + q,
                "-" => p - q,
                "*" => p * q,
                "/" => p / q,
                "%" => p % q,
                "**" => p.powf(q),
                _ => f64::NAN,
            };
            if !v.is_nan() {
                return Ok(mk(ExprKind::Num(v), j));
            }
        }
        match op {
            "+" | "-" | "*" | "/" => Ok(mk(
                ExprKind::BinOp(op.to_string(), Box::new(x), Box::new(y)),
                j,
            )),
            _ => Err(self.err(
                j.start,
                format!("`{op}` between patterns is JavaScript outside what Phonon runs: Strudel's methods (`.add`, `.mul`, `.mod` ...) do arithmetic on patterns"),
            )),
        }
    }

    fn args(&mut self, args: &[J]) -> R<Vec<Expr>> {
        args.iter().map(|a| self.expr(a)).collect()
    }

    /// A list argument: the arguments, or the one array given instead.
    fn list_of(&mut self, args: &[J], first: Option<Expr>, j: &J) -> R<Expr> {
        let mut items: Vec<Expr> = first.into_iter().collect();
        match args {
            [J {
                kind: JK::Array(xs),
                ..
            }] => items.extend(self.args(xs)?),
            _ => items.extend(self.args(args)?),
        }
        Ok(mk(ExprKind::List(items), j))
    }

    /// `[a, b]` pairs as tuples.
    fn pairs(&mut self, args: &[J], j: &J) -> R<Expr> {
        let mut items = vec![];
        for a in args {
            match &a.kind {
                JK::Array(xs) if xs.len() == 2 => {
                    let xs = self.args(xs)?;
                    items.push(mk(ExprKind::Tuple(xs), a));
                }
                _ => return Err(self.err(a.start, "expected a pair `[weight, pattern]` here")),
            }
        }
        Ok(mk(ExprKind::List(items), j))
    }

    /// Binds the function `voicings('name')` plays for a dictionary the program added or
    /// changed (`addVoicings`, `setVoicingRange`).
    fn bind_voicings(&mut self, dict_name: &str, body: Expr, start: usize) -> Stmt {
        self.user_voicings.insert(dict_name.to_string());
        Stmt::Let(vec![Binding {
            name: voicings_binding(dict_name),
            params: vec![],
            body,
            start,
        }])
    }

    /// A dictionary written in the code: `{ m7: ['3m 5P 7m'] }`, or a `const` bound to one.
    fn dict_object(&self, a: &J) -> Option<J> {
        match &a.kind {
            JK::Object(_) => Some(a.clone()),
            JK::Ident(n) if self.locals.contains(n) => self
                .decls
                .get(n)
                .filter(|d| matches!(d.kind, JK::Object(_)))
                .cloned(),
            _ => None,
        }
    }

    /// Strudel's `.dict({...})` and the `.voicing()` after it in the chain: the events name
    /// [`INLINE_DICT`], and that `voicing` reads the dictionary (`strudel:voicingInline`).
    fn inline_dict_call(
        &mut self,
        recv: &J,
        name: &str,
        args: &[J],
        j: &J,
        at: &J,
    ) -> R<Option<Expr>> {
        if name == "dict" {
            let Some(a) = args.first().filter(|a| self.dict_object(a).is_some()) else {
                return Ok(None);
            };
            let r = self.expr(recv)?;
            let marker = J {
                kind: JK::Str(INLINE_DICT.into(), '\''),
                start: a.start,
                end: a.end,
            };
            return self.method(r, name, &[marker], j, at).map(Some);
        }
        if name != "voicing" || !args.is_empty() {
            return Ok(None);
        }
        let mut e = recv;
        let obj = loop {
            let JK::Call(callee, cargs) = &e.kind else {
                return Ok(None);
            };
            let JK::Member(inner, m) = &callee.kind else {
                return Ok(None);
            };
            if m == "dict" {
                match cargs.first().and_then(|a| self.dict_object(a)) {
                    Some(obj) => break obj,
                    None => return Ok(None),
                }
            }
            e = inner;
        };
        let d = self.expr(&obj)?;
        let r = self.expr(recv)?;
        let default = self
            .default_voicings
            .clone()
            .unwrap_or_else(|| DEFAULT_VOICINGS.into());
        Ok(Some(apps(
            var("strudel:voicingInline", j),
            vec![d, mk(ExprKind::Str(default), j), r],
        )))
    }

    fn call(&mut self, callee: &J, args: &[J], j: &J) -> R<Expr> {
        match &callee.kind {
            JK::Member(recv, name) => {
                // `pat.add.out(x)`: an operator with its structure.
                if let JK::Member(inner, op) = &recv.kind {
                    if let Some((_, sym)) = OPERATORS.iter().find(|(n, _)| n == op) {
                        let how = operator(sym, name).ok_or_else(|| {
                            self.err(
                                recv.end,
                                format!("`.{op}.{name}` is not one of Strudel's operator forms Phonon plays (`in`, `out`, `mix`, `squeeze`, `squeezeout`)"),
                            )
                        })?;
                        let r = self.expr(inner)?;
                        let x = self.first_arg(args, j, op)?;
                        return Ok(mk(ExprKind::BinOp(how, Box::new(r), Box::new(x)), j));
                    }
                }
                if matches!(name.as_str(), "scaleTranspose" | "scaleTrans" | "strans") {
                    return self.scale_transpose(recv, name, args, j);
                }
                let at = name_span(callee, name);
                if let Some(inline) = self.inline_dict_call(recv, name, args, j, &at)? {
                    return Ok(inline);
                }
                let r = self.expr(recv)?;
                let outer = self.chain_scale.take();
                self.chain_scale = self.find_scale(recv).or_else(|| outer.clone());
                let out = self.method(r, name, args, j, &name_span(callee, name));
                self.chain_scale = outer;
                out
            }
            JK::Ident(name) if !self.locals.contains(name) => self.function(name, args, j, callee),
            _ => {
                let f = self.expr(callee)?;
                let a = self.args(args)?;
                Ok(apps(f, a))
            }
        }
    }

    /// `pat.scale(s)...scaleTranspose(k)`: Strudel reads the scale from the events `.scale`
    /// made; Phonon's events carry no such tag, so the scale is taken from the `.scale(...)`
    /// call earlier in the chain (or in the `const` the chain starts from).
    fn scale_transpose(&mut self, recv: &J, name: &str, args: &[J], j: &J) -> R<Expr> {
        // Inside a function given to a method (`.layer(x => x.scaleTranspose(2))`), the scale
        // of the chain the method is on.
        let scale = self.find_scale(recv).or_else(|| self.chain_scale.clone()).ok_or_else(|| {
            self.err(
                j.start,
                format!("`.{name}` moves notes within the scale set by `.scale(...)` earlier in the same chain, and this chain has none"),
            )
        })?;
        let scale = self.expr(&scale)?;
        let k = self.first_arg(args, j, name)?;
        let r = self.expr(recv)?;
        Ok(apps(var("strudel:scaleTranspose", j), vec![scale, k, r]))
    }

    /// The argument of the nearest `.scale(...)` in the chain ending at `recv` (through the
    /// `const`s it starts from).
    fn find_scale(&self, recv: &J) -> Option<J> {
        let mut at = recv;
        // A `const` defined through itself is refused later; do not follow it forever.
        for _ in 0..1000 {
            match &at.kind {
                JK::Ident(n) => at = self.decls.get(n)?,
                JK::Call(callee, a) => match &callee.kind {
                    JK::Member(_, m) if m == "scale" && !a.is_empty() => return Some(a[0].clone()),
                    JK::Member(inner, _) => at = inner,
                    _ => at = callee,
                },
                JK::Member(inner, _) => at = inner,
                _ => return None,
            }
        }
        None
    }

    fn first_arg(&mut self, args: &[J], j: &J, name: &str) -> R<Expr> {
        let a = args.first().ok_or_else(|| {
            self.err(
                j.end.saturating_sub(1),
                format!("`{name}` takes a value here"),
            )
        })?;
        self.expr(a)
    }

    /// `stepcat(a, [3, b])` (also `timecat`, `s_cat`): pairs as tuples, patterns as they are.
    fn stepcat(&mut self, first: Option<Expr>, args: &[J], j: &J) -> R<Expr> {
        let mut items: Vec<Expr> = first.into_iter().collect();
        for a in args {
            items.push(match &a.kind {
                JK::Array(xs) if xs.len() == 2 => {
                    let xs = self.args(xs)?;
                    mk(ExprKind::Tuple(xs), a)
                }
                _ => self.expr(a)?,
            });
        }
        let list = mk(ExprKind::List(items), j);
        Ok(app(var("stepcat", j), list))
    }

    fn function(&mut self, name: &str, args: &[J], j: &J, at: &J) -> R<Expr> {
        if matches!(name, "scaleTranspose" | "scaleTrans" | "strans") {
            if let (Some(scale), [k]) = (self.chain_scale.clone(), args) {
                let (scale, k) = (self.expr(&scale)?, self.expr(k)?);
                return Ok(apps(var("strudel:scaleTranspose", at), vec![scale, k]));
            }
        }
        if STEPCATS.contains(&name) {
            return self.stepcat(None, args, j);
        }
        // `add(x)` is the function `pat => pat.add(x)`; `add(x, pat)` applies it.
        if let Some((_, sym)) = OPERATORS.iter().find(|(n, _)| *n == name) {
            let op = format!("|{sym}");
            return match args {
                [x] => {
                    let x = self.expr(x)?;
                    Ok(mk(ExprKind::SectionR(op, Box::new(x)), j))
                }
                [x, p] => {
                    let (x, p) = (self.expr(x)?, self.expr(p)?);
                    Ok(mk(ExprKind::BinOp(op, Box::new(p), Box::new(x)), j))
                }
                _ => Err(self.err(j.start, format!("`{name}` takes a value: `{name}(x)`"))),
            };
        }
        if let Some((_, to)) = LISTS.iter().find(|(n, _)| *n == name) {
            let list = self.list_of(args, None, j)?;
            return Ok(app(var(to, at), list));
        }
        if let Some((_, to)) = PAIRS.iter().find(|(n, _)| *n == name) {
            let list = self.pairs(args, j)?;
            return Ok(app(var(to, at), list));
        }
        if TUPLE_ARGS.contains(&name) && args.len() >= 2 {
            let (a, b) = (self.expr(&args[0])?, self.expr(&args[1])?);
            let t = mk(ExprKind::Tuple(vec![a, b]), j);
            let rest = self.args(&args[2..])?;
            return Ok(apps(app(var(name, at), t), rest));
        }
        if VISUAL.contains(&name) {
            return Ok(var("silence", at));
        }
        if name == "slider" {
            // The REPL's slider widget: its initial value (the first argument).
            return self.first_arg(args, j, name);
        }
        if let Some(c) = control(name) {
            // Strudel's control function: `note(x)`, and `note(x, pat)` is `pat.note(x)`.
            if let [x, p, ..] = args {
                let (x, p) = (self.expr(x)?, self.expr(p)?);
                let c = app(var(c, at), x);
                return Ok(mk(
                    ExprKind::BinOp(STRUDEL_SET.into(), Box::new(p), Box::new(c)),
                    j,
                ));
            }
            if c != name {
                let a = self.args(args)?;
                return Ok(apps(var(c, at), a));
            }
        }
        if name == "register" {
            if let Some((_, f)) = register_call(j) {
                return self.expr(f);
            }
        }
        let f = var(&self.resolve(name), at);
        let a = self.args(args)?;
        Ok(apps(f, a))
    }

    fn method(&mut self, recv: Expr, name: &str, args: &[J], j: &J, at: &J) -> R<Expr> {
        let span = |kind| mk(kind, j);
        if VISUAL.contains(&name) || name == "p" || name == "q" {
            // The view is the editor's: the pattern plays unchanged.
            self.view = View::from_strudel(name).or(self.view);
            return Ok(recv);
        }
        if name == "hush" {
            return Ok(var("silence", at));
        }
        if name == "midi" {
            // Strudel's MIDI output (`.midi('IAC Driver')`): the events leave on Phonon's MIDI
            // output port as notes (`s "midi"`); the host routes the port to a device.
            let midi = app(var("s", j), span(ExprKind::Str("midi".into())));
            return Ok(span(ExprKind::BinOp(
                STRUDEL_SET.into(),
                Box::new(recv),
                Box::new(midi),
            )));
        }
        if name == "voicings" {
            // The old API: chord names to voice-led voicings (plain note names).
            if let Some(JK::Str(d, _)) = args.first().map(|a| &a.kind) {
                if self.user_voicings.contains(d) {
                    return Ok(app(var(&voicings_binding(d), at), recv));
                }
            }
            let d = match args.first() {
                Some(d) => self.expr(d)?,
                None => mk(ExprKind::Str("ireal".into()), j),
            };
            return Ok(apps(var("strudel:voicings", at), vec![d, recv]));
        }
        if name == "apply" {
            // `pat.apply(f)` is `f(pat)`.
            let f = self.first_arg(args, j, name)?;
            return Ok(app(f, recv));
        }
        if self.registered.contains(name) {
            let mut a = self.args(args)?;
            a.push(recv);
            return Ok(apps(var(name, at), a));
        }
        if name == "cpm" {
            // Strudel: `pat._fast(cpm / 60 / cps)` with the program's cps.
            let x = self.first_arg(args, j, name)?;
            let per = 60.0 * self.cps.unwrap_or(0.5);
            let factor = span(ExprKind::BinOp(
                "/".into(),
                Box::new(x),
                Box::new(span(ExprKind::Num(per))),
            ));
            return Ok(apps(var("fast", at), vec![factor, recv]));
        }
        if let Some((_, sym)) = OPERATORS.iter().find(|(n, _)| *n == name) {
            let x = self.first_arg(args, j, name)?;
            return Ok(span(ExprKind::BinOp(
                format!("|{sym}"),
                Box::new(recv),
                Box::new(x),
            )));
        }
        if let Some(c) =
            control(name).filter(|_| !self.builtins.contains(strudel_key(name).as_str()))
        {
            if args.is_empty() {
                return Ok(app(var(c, at), recv));
            }
            let a = match args {
                // `.bank('9000')`: a word control keeps a 'quoted' number as the string it is.
                [x] if takes_words(c) => match &x.kind {
                    JK::Str(s, '\'') => vec![app(
                        var("strudel:plain", x),
                        mk(ExprKind::Str(s.clone()), x),
                    )],
                    _ => self.args(args)?,
                },
                _ => self.args(args)?,
            };
            let c = apps(var(c, at), a);
            return Ok(span(ExprKind::BinOp(
                STRUDEL_SET.into(),
                Box::new(recv),
                Box::new(c),
            )));
        }
        if STEPCATS.contains(&name) {
            return self.stepcat(Some(recv), args, j);
        }
        if is_voice_effect(name) && !args.is_empty() {
            let a = self.args(args)?;
            let c = apps(var(name, at), a);
            return Ok(span(ExprKind::BinOp(
                STRUDEL_SET.into(),
                Box::new(recv),
                Box::new(c),
            )));
        }
        if let Some((_, to)) = LISTS.iter().find(|(n, _)| *n == name) {
            return self
                .list_of(args, Some(recv), j)
                .map(|l| app(var(to, at), l));
        }
        if FUNCTION_LISTS.contains(&name) || (name == "superimpose" && args.len() > 1) {
            let mut fs = self.args(args)?;
            if name == "superimpose" {
                fs.insert(0, var("id", at));
            }
            let list = span(ExprKind::List(fs));
            return Ok(apps(var("layer", at), vec![list, recv]));
        }
        if TUPLE_ARGS.contains(&name) && args.len() == 2 {
            let a = self.args(args)?;
            let t = span(ExprKind::Tuple(a));
            return Ok(apps(var(name, at), vec![t, recv]));
        }
        if let Some((_, to)) = PAIRS.iter().find(|(n, _)| *n == name) {
            let list = self.pairs(args, j)?;
            return Ok(apps(var(to, at), vec![list, recv]));
        }
        if SEQUENCED.contains(&name) && args.len() > 1 {
            let list = self.list_of(args, None, j)?;
            let f = var(&self.resolve_method(name), at);
            return Ok(apps(var("strudel:sequenced", at), vec![f, list, recv]));
        }
        let mut a = self.args(args)?;
        a.push(recv);
        Ok(apps(var(&self.resolve_method(name), at), a))
    }
}

/// The span of a method's name: the end of `recv.name` (where the live code lights it).
fn name_span(callee: &J, name: &str) -> J {
    J {
        kind: JK::Num(0.0),
        start: callee.end.saturating_sub(name.len()).max(callee.start),
        end: callee.end,
    }
}

/// Whether control `c` takes words (`bank`, `s`, `vowel` ...), not only numbers.
fn takes_words(c: &str) -> bool {
    use crate::pattern::control_table::{find, Takes};
    find(c).is_some_and(|d| d.takes == Takes::Word)
}

/// A 'single-quoted' string: a plain value (Strudel's transpiler leaves it alone). A number
/// stays a number, and one plain word is the same value either way; anything mini-notation
/// would read differently is kept as one string.
fn plain_string(s: &str, j: &J) -> Expr {
    if let Ok(x) = s.trim().parse::<f64>() {
        return mk(ExprKind::Num(x), j);
    }
    let special = |c: char| c.is_whitespace() || "[]<>{}*/!?@(),|~_.:%'\"".contains(c);
    let text = mk(ExprKind::Str(s.to_string()), j);
    if !s.is_empty() && !s.contains(special) {
        return text;
    }
    app(var("strudel:plain", j), text)
}

/// What a `samples(...)` call names: a URL or path, or a sample map (`{name: files}`, with
/// its base as the second argument or `_base`).
fn sample_source(args: &[J]) -> Option<SampleSource> {
    let text = |j: &J| match &j.kind {
        JK::Str(s, _) => Some(s.clone()),
        _ => None,
    };
    match &args.first()?.kind {
        JK::Str(url, _) => Some(SampleSource::Url(url.clone())),
        JK::Object(fields) => {
            let entries = fields
                .iter()
                .filter(|(k, _)| !k.starts_with('_'))
                .map(|(k, v)| {
                    let files = match &v.kind {
                        JK::Array(xs) => xs.iter().filter_map(text).collect(),
                        JK::Object(m) => m.iter().filter_map(|(_, x)| text(x)).collect(),
                        _ => text(v).into_iter().collect(),
                    };
                    (k.clone(), files)
                })
                .collect();
            let base = args.get(1).and_then(text).or_else(|| {
                fields
                    .iter()
                    .find(|(k, _)| k == "_base")
                    .and_then(|(_, v)| text(v))
            });
            Some(SampleSource::Map { entries, base })
        }
        _ => None,
    }
}

/// `register('name', fn)`: the name and the function.
fn register_call(j: &J) -> Option<(&str, &J)> {
    let JK::Call(callee, args) = &j.kind else {
        return None;
    };
    match (&callee.kind, args.as_slice()) {
        (
            JK::Ident(r),
            [J {
                kind: JK::Str(name, _),
                ..
            }, f, ..],
        ) if r == "register" => Some((name.as_str(), f)),
        _ => None,
    }
}

/// A number written out (after folding).
fn number(e: &Expr) -> Option<f64> {
    match &e.kind {
        ExprKind::Num(x) => Some(*x),
        ExprKind::Neg(x) => number(x).map(|v| -v),
        ExprKind::BinOp(op, a, b) => {
            let (p, q) = (number(a)?, number(b)?);
            match op.as_str() {
                "+" => Some(p + q),
                "-" => Some(p - q),
                "*" => Some(p * q),
                "/" => Some(p / q),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The name `voicings('name')` of a dictionary the program added is bound under, which no
/// program can spell.
fn voicings_binding(dict_name: &str) -> String {
    format!("voicings:{dict_name}")
}

/// A note range written out (`['F3', 'A4']`), for a dictionary added without one.
fn default_range(notes: [&str; 2], at: &J) -> Expr {
    let items = notes
        .iter()
        .map(|n| mk(ExprKind::Str(n.to_string()), at))
        .collect();
    mk(ExprKind::List(items), at)
}
