//! Plain text as the rules read it.

/// Whether `text` is blank: empty or only whitespace. The same answer as
/// `text.trim().is_empty()` (both read Unicode's `White_Space`), decided at the first
/// character that is not whitespace instead of trimming both ends: the replay asks it of
/// every document, approval and attestation it reads.
pub(crate) fn blank(text: &str) -> bool {
    text.chars().all(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    /// `blank` answers as `trim().is_empty()` on every one- and two-character text over
    /// whitespace, visible and edge characters.
    #[test]
    fn blank_is_trim_then_empty() {
        let chars = [
            ' ', '\t', '\n', '\r', '\u{b}', '\u{c}', '\u{85}', '\u{a0}', '\u{1680}', '\u{2003}',
            '\u{2028}', '\u{3000}', '\u{200b}', '\u{feff}', 'a', '.', 'é', '\0',
        ];
        let mut texts = vec![String::new()];
        for a in chars {
            texts.push(a.to_string());
            for b in chars {
                texts.push([a, b].iter().collect());
            }
        }
        for text in &texts {
            assert_eq!(super::blank(text), text.trim().is_empty(), "{text:?}");
        }
        assert!(super::blank(" \u{3000}\t"));
        assert!(!super::blank(" x "));
    }
}
