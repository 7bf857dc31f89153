//! Find (Ctrl+F): a row under the code with the text to find; Enter (or Next) highlights its
//! next occurrence in the code box, wrapping to the top, and moves the code's cursor after it.
//! Case is ignored.

use egui::Id;

/// The find row's state. Owner: GUI thread.
#[derive(Default)]
pub struct FindBar {
    pub open: bool,
    pub query: String,
    /// "1 of 2", or "not found".
    pub message: String,
    /// The occurrence found last (chars), highlighted in the code box.
    pub current: Option<(usize, usize)>,
}

pub fn find_id() -> Id {
    Id::unique("phonon-find")
}

/// Every start of `query` in `text` (chars), case ignored (as typed when lower-casing would
/// change the text's length in chars).
fn starts(text: &str, query: &str) -> Vec<usize> {
    let low = |s: &str| {
        s.chars()
            .flat_map(char::to_lowercase)
            .collect::<Vec<char>>()
    };
    let (mut t, mut q) = (low(text), low(query));
    if t.len() != text.chars().count() || q.len() != query.chars().count() {
        (t, q) = (text.chars().collect(), query.chars().collect());
    }
    if q.is_empty() || q.len() > t.len() {
        return vec![];
    }
    (0..=t.len() - q.len())
        .filter(|&i| t[i..i + q.len()] == q[..])
        .collect()
}

/// The next occurrence of `query` in `text` at or after char `from`, wrapping around: its
/// (start, end) in chars.
pub fn next_match(text: &str, query: &str, from: usize) -> Option<(usize, usize)> {
    let all = starts(text, query);
    let s = all.iter().find(|&&i| i >= from).or(all.first()).copied()?;
    Some((s, s + query.chars().count()))
}

impl FindBar {
    /// Finds the next occurrence after the last one (or the top) and says which it is.
    pub fn next(&mut self, text: &str) -> Option<(usize, usize)> {
        let from = self.current.map_or(0, |(_, b)| b);
        self.current = next_match(text, &self.query, from);
        self.message = match self.current {
            Some((s, _)) => {
                let all = starts(text, &self.query);
                let nth = all.iter().position(|&x| x == s).map_or(0, |k| k + 1);
                format!("{nth} of {}", all.len())
            }
            None => "not found".into(),
        };
        self.current
    }

    /// Draws the row when open; returns the occurrence found this frame.
    pub fn show(&mut self, ui: &mut egui::Ui, text: &str) -> Option<(usize, usize)> {
        if !self.open {
            return None;
        }
        let mut found = None;
        ui.horizontal(|ui| {
            ui.label("Find");
            let r = ui.add(
                egui::TextEdit::singleline(&mut self.query)
                    .id(find_id())
                    .desired_width(220.0),
            );
            if r.changed() {
                self.current = None;
            }
            let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if enter || ui.button("Next").clicked() {
                found = self.next(text);
                // Enter again finds the one after.
                r.request_focus();
            }
            if ui.button("Close").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                self.open = false;
                self.current = None;
            }
            ui.label(&self.message);
        });
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_next_occurrence_ignoring_case_and_wraps() {
        let code = "out $ s \"bd SN hh sn\"";
        assert_eq!(next_match(code, "sn", 0), Some((12, 14)));
        assert_eq!(next_match(code, "sn", 13), Some((18, 20)));
        assert_eq!(next_match(code, "sn", 19), Some((12, 14)));
        assert_eq!(next_match(code, "cp", 0), None);
        assert_eq!(next_match(code, "", 0), None);
        let mut bar = FindBar {
            query: "sn".into(),
            ..FindBar::default()
        };
        assert_eq!(bar.next(code), Some((12, 14)));
        assert_eq!(bar.next(code), Some((18, 20)));
        assert_eq!(bar.message, "2 of 2");
        assert_eq!(bar.next(code), Some((12, 14)));
    }
}
