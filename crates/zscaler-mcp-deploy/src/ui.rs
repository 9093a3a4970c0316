//! Progress on stderr: a spinner and elapsed time per step on a terminal, plain lines
//! otherwise; colour only on a terminal (and never with NO_COLOR). Results go to stdout.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use anstyle::{AnsiColor, Style};
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::Output;

#[derive(Debug, Clone, Copy)]
pub struct Ui {
    pub output: Output,
    terminal: bool,
    colour: bool,
}

const GREEN: Style = AnsiColor::Green.on_default();
const YELLOW: Style = AnsiColor::Yellow.on_default();
const RED: Style = AnsiColor::Red.on_default().bold();
const DIM: Style = Style::new().dimmed();
const BOLD: Style = Style::new().bold();

impl Ui {
    pub fn new(output: Output) -> Self {
        let terminal = std::io::stderr().is_terminal();
        Ui {
            output,
            terminal,
            colour: terminal && std::env::var_os("NO_COLOR").is_none(),
        }
    }

    fn paint(&self, style: Style, text: &str) -> String {
        if self.colour {
            format!("{style}{text}{style:#}")
        } else {
            text.to_owned()
        }
    }

    pub fn step(&self, title: impl Into<String>) -> Step {
        let title = title.into();
        let bar = if self.terminal {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template("{spinner} {msg} {elapsed:.dim}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.set_message(title.clone());
            bar.enable_steady_tick(Duration::from_millis(120));
            Some(bar)
        } else {
            eprintln!("… {title}");
            None
        };
        Step {
            ui: *self,
            title,
            started: Instant::now(),
            bar,
        }
    }

    pub fn info(&self, text: impl AsRef<str>) {
        eprintln!("  {}", text.as_ref());
    }

    pub fn warn(&self, text: impl AsRef<str>) {
        eprintln!("{} {}", self.paint(YELLOW, "warning:"), text.as_ref());
    }

    pub fn error(&self, text: impl AsRef<str>) {
        eprintln!("{} {}", self.paint(RED, "error:"), text.as_ref());
    }

    pub fn heading(&self, text: &str) -> String {
        self.paint(BOLD, text)
    }

    /// Aligned `key = value` lines on stdout (text output only).
    pub fn summary(&self, title: &str, rows: &[(&str, String)]) {
        let width = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
        let mut out = std::io::stdout().lock();
        let rule = "─".repeat(60usize.saturating_sub(title.len() + 4));
        let _ = writeln!(out, "── {} {rule}", self.heading(title));
        for (key, value) in rows {
            let _ = writeln!(out, "{key:<width$} = {value}");
        }
    }
}

/// One step in progress; finish it with `done`, `skipped` or `failed`.
pub struct Step {
    ui: Ui,
    title: String,
    started: Instant,
    bar: Option<ProgressBar>,
}

impl Step {
    pub fn update(&self, detail: &str) {
        match &self.bar {
            Some(bar) => bar.set_message(format!("{} — {detail}", self.title)),
            None => eprintln!("  {detail}"),
        }
    }

    fn finish(self, mark: String, detail: &str) {
        let elapsed = self.started.elapsed();
        let time = self
            .ui
            .paint(DIM, &format!("{:.1}s", elapsed.as_secs_f64()));
        let line = if detail.is_empty() {
            format!("{mark} {} {time}", self.title)
        } else {
            format!("{mark} {} — {detail} {time}", self.title)
        };
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
        eprintln!("{line}");
    }

    pub fn done(self, detail: &str) {
        let mark = self.ui.paint(GREEN, "✓");
        self.finish(mark, detail);
    }

    pub fn skipped(self, why: &str) {
        let mark = self.ui.paint(DIM, "-");
        self.finish(mark, why);
    }

    pub fn failed(self, why: &str) {
        let mark = self.ui.paint(RED, "✗");
        self.finish(mark, why);
    }
}
