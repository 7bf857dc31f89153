//! `phonon`: render, query and check Phonon programs from the command line.

use clap::{Parser, Subcommand};
use phonon::cli::query::{case_line, parse_time, query_events};
use phonon::cli::render::{
    render_stems_with_index, render_with_index, stem_path, write_stereo_wav, write_wav, RenderSpec,
};
use phonon::samples::{BankIndex, Library};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "phonon",
    version,
    about = "Live-coded patterns: render, query and check Phonon programs"
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Render a .ph program to a stereo WAV file through the plugin's engine.
    Render {
        file: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
        /// Cycles to render.
        #[arg(long, default_value_t = 8.0)]
        cycles: f64,
        #[arg(long, default_value_t = 48000)]
        sample_rate: u32,
        #[arg(long, default_value_t = 512)]
        block_size: usize,
        /// Host beats per cycle (converts `bpm:`).
        #[arg(long, default_value_t = 4.0)]
        beats_per_cycle: f64,
        /// A sample folder in the Dirt-Samples layout (also PHONON_SAMPLES and the usual
        /// Dirt-Samples install places are searched).
        #[arg(long)]
        samples: Option<PathBuf>,
        /// Also write each output the program defines to a stereo WAV of its own, beside the
        /// mix and named after the output: OUT.wav -> OUT.out.wav, OUT.o1.wav, ... (rendered in
        /// the same pass; summed in the order the program defines them they equal the mix).
        #[arg(long)]
        stems: bool,
    },
    /// Print the events of one pattern expression, or of every case in a corpus file.
    Query {
        expr: Option<String>,
        #[arg(long, default_value = "0")]
        from: String,
        #[arg(long, default_value = "1")]
        to: String,
        /// A JSON corpus file (fields id, phonon, cycles): one output line per case.
        #[arg(long)]
        cases: Option<PathBuf>,
    },
    /// Render a program offline through the engine and report the time per block against the
    /// real-time budget (last line with --json: one JSON object).
    Bench {
        file: PathBuf,
        /// A sample folder in the Dirt-Samples layout.
        #[arg(long)]
        samples: Option<PathBuf>,
        #[arg(long, default_value_t = 512)]
        block_size: usize,
        #[arg(long, default_value_t = 10.0)]
        seconds: f64,
        #[arg(long, default_value_t = 44100)]
        sample_rate: u32,
        /// Threads rendering each block (1: the audio thread only).
        #[arg(long, default_value_t = 1)]
        threads: usize,
        #[arg(long)]
        json: bool,
    },
    /// Compile a program and print its errors; exits non-zero when there are any.
    Check { file: PathBuf },
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    match cli.cmd {
        Cmd::Render {
            file,
            output,
            cycles,
            sample_rate,
            block_size,
            beats_per_cycle,
            samples,
            stems,
        } => {
            let src = std::fs::read_to_string(&file)
                .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let library = Library::with_kit_lazy(sample_rate as f32);
            let spec = RenderSpec {
                sample_rate,
                cycles,
                beats_per_cycle,
            };
            let bar = indicatif::ProgressBar::new(0);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:40} {percent}% {elapsed} / {eta} left",
                )
                .map_err(|e| e.to_string())?,
            );
            let index = BankIndex::discover(samples.as_deref());
            let progress = |done, total| {
                bar.set_length(total);
                bar.set_position(done);
            };
            let (r, stems) = if stems {
                render_stems_with_index(&src, &library, &index, &spec, || block_size, progress)
            } else {
                render_with_index(&src, &library, &index, &spec, || block_size, progress)
                    .map(|r| (r, Vec::new()))
            }
            .map_err(|e| format!("{}:{e}", file.display()))?;
            bar.finish_and_clear();
            write_wav(&output, &r, sample_rate)
                .map_err(|e| format!("cannot write {}: {e}", output.display()))?;
            let mut stem_lines = Vec::new();
            for s in &stems {
                let path = stem_path(&output, s.index);
                write_stereo_wav(&path, &s.left, &s.right, sample_rate)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                let peak = s
                    .left
                    .iter()
                    .chain(&s.right)
                    .fold(0.0f32, |m, x| m.max(x.abs()));
                stem_lines.push(format!(
                    "stem {} to {}, peak {peak:.3}",
                    s.name(),
                    path.display()
                ));
            }
            let peak = r
                .left
                .iter()
                .chain(&r.right)
                .fold(0.0f32, |m, x| m.max(x.abs()));
            println!(
                "rendered {} samples ({:.2} s, {cycles} cycles at {} cps) to {}, peak {:.3}",
                r.left.len(),
                r.left.len() as f64 / sample_rate as f64,
                r.cps,
                output.display(),
                peak
            );
            // Errors and overflows, always printed (a render that dropped events says so).
            println!(
                "{}{}",
                r.counters.summary(),
                if r.counters.any() {
                    "  (the output differs from the program)"
                } else {
                    ""
                }
            );
            // The stems, in the program's order of outputs (the order that sums to the mix).
            for line in stem_lines {
                println!("{line}");
            }
            Ok(())
        }
        Cmd::Query {
            expr,
            from,
            to,
            cases,
        } => {
            if let Some(path) = cases {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                let cases: Vec<serde_json::Value> =
                    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
                for c in &cases {
                    println!("{}", case_line(c));
                }
                return Ok(());
            }
            let expr = expr.ok_or("give an expression, or --cases FILE")?;
            let a = parse_time(&serde_json::Value::String(from.clone()))
                .ok_or(format!("bad --from `{from}`"))?;
            let b = parse_time(&serde_json::Value::String(to.clone()))
                .ok_or(format!("bad --to `{to}`"))?;
            // A closed pipe (`phonon query ... | head`) ends the output quietly.
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            for e in query_events(&expr, a, b)? {
                if writeln!(out, "{e}").is_err() {
                    break;
                }
            }
            Ok(())
        }
        Cmd::Bench {
            file,
            samples,
            block_size,
            seconds,
            sample_rate,
            threads,
            json,
        } => {
            let src = std::fs::read_to_string(&file)
                .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let library = Library::with_kit_lazy(sample_rate as f32);
            let index = BankIndex::discover(samples.as_deref());
            let (r, _, _) = phonon::cli::bench::bench_with(
                &src,
                &library,
                &index,
                sample_rate,
                block_size.max(1),
                seconds,
                threads,
                false,
            )
            .map_err(|e| format!("{}:{e}", file.display()))?;
            println!(
                "{}: {} blocks of {} at {} Hz: median {:.3} ms, p99 {:.3} ms, max {:.3} ms per block (budget {:.2} ms, median {:.1}% of it); voices mean {:.0}, max {} ({} thread{}); RSS {:.0} MB after a tenth, {:.0} MB at the end, peak {:.0} MB",
                file.display(), r.blocks, r.block_size, r.sample_rate, r.median_ms, r.p99_ms, r.max_ms, r.budget_ms,
                100.0 * r.median_ms / r.budget_ms, r.mean_voices, r.max_voices, r.threads,
                if r.threads == 1 { "" } else { "s" }, r.rss_early_mb, r.rss_end_mb, r.rss_peak_mb
            );
            if json {
                println!("{}", serde_json::to_string(&r).map_err(|e| e.to_string())?);
            }
            Ok(())
        }
        Cmd::Check { file } => {
            let src = std::fs::read_to_string(&file)
                .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let library = Library::with_kit(48000.0);
            let index = BankIndex::discover(None);
            let opts = phonon::lang::CompileOptions::new(4.0);
            match phonon::engine::LoadedProgram::compile_with_samples(&src, &library, &index, &opts)
            {
                Ok(p) => {
                    println!(
                        "{}: ok ({} outputs)",
                        file.display(),
                        p.program.graph.outputs.len()
                    );
                    for note in &p.program.notes {
                        println!("  note: {note}");
                    }
                    Ok(())
                }
                Err(e) => Err(format!("{}:{e}", file.display())),
            }
        }
    }
}
