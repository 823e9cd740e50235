//! Just enough TOML to read dependency tables: a manifest becomes a flat list of (key path,
//! value) entries, with tables, dotted keys and inline tables folded into the paths. Strings
//! are decoded; every other value is kept only as `true` or "something else". Arrays are read
//! (so that nothing inside one is taken for a key) and dropped.
//!
//! Why not a TOML crate: the macros only ask which key renames one package, and every TOML
//! crate brings a parser stack (toml_edit, toml_parser, winnow, indexmap) that each user
//! compiles once more for the host: measured at 5.7 s of CPU in a cold release build.

/// A value as the dependency lookup needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    String(String),
    True,
    /// A `[table]` or `[[table]]` header (recorded so that an empty table is seen too).
    Table,
    /// A number, date, `false`, array or anything else a lookup never compares.
    Other,
}

/// One `key = value`, its key path starting at the document's root.
pub type Entry = (Vec<String>, Value);

/// The manifest's entries in document order; `None` for text that is not TOML this reader
/// understands (Cargo rejects such a manifest before any macro runs).
pub fn entries(text: &str) -> Option<Vec<Entry>> {
    let mut reader = Reader {
        chars: text.chars().collect(),
        at: 0,
        entries: Vec::new(),
    };
    reader.document()?;
    Some(reader.entries)
}

struct Reader {
    chars: Vec<char>,
    at: usize,
    entries: Vec<Entry>,
}

impl Reader {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn starts_with(&self, text: &str) -> bool {
        text.chars()
            .enumerate()
            .all(|(offset, c)| self.chars.get(self.at + offset) == Some(&c))
    }

    fn expect(&mut self, c: char) -> Option<()> {
        (self.peek()? == c).then(|| self.at += 1)
    }

    /// Spaces and tabs, and a comment to the end of its line.
    fn skip_blank(&mut self) {
        while let Some(c) = self.peek() {
            match c {
                ' ' | '\t' => self.at += 1,
                '#' => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.at += 1;
                    }
                }
                _ => break,
            }
        }
    }

    /// Blanks, comments and line ends (between array items and header lines).
    fn skip_lines(&mut self) {
        loop {
            self.skip_blank();
            match self.peek() {
                Some('\n' | '\r') => self.at += 1,
                _ => break,
            }
        }
    }

    fn document(&mut self) -> Option<()> {
        let mut table: Vec<String> = Vec::new();
        loop {
            self.skip_lines();
            match self.peek() {
                None => return Some(()),
                Some('[') => {
                    self.at += 1;
                    let array = self.peek() == Some('[');
                    if array {
                        self.at += 1;
                    }
                    table = self.key()?;
                    self.expect(']')?;
                    if array {
                        self.expect(']')?;
                    }
                    self.entries.push((table.clone(), Value::Table));
                }
                Some(_) => {
                    let mut path = table.clone();
                    path.extend(self.key()?);
                    self.expect('=')?;
                    self.value(path)?;
                }
            }
            self.skip_blank();
            if !matches!(self.peek(), None | Some('\n' | '\r')) {
                return None;
            }
        }
    }

    /// A dotted key (`a."b.c".'d'`), with the blanks around it.
    fn key(&mut self) -> Option<Vec<String>> {
        let mut path = Vec::new();
        loop {
            self.skip_blank();
            let part = match self.peek()? {
                '"' => self.basic_string()?,
                '\'' => self.literal_string()?,
                _ => {
                    let start = self.at;
                    while self
                        .peek()
                        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                    {
                        self.at += 1;
                    }
                    if self.at == start {
                        return None;
                    }
                    self.chars[start..self.at].iter().collect()
                }
            };
            path.push(part);
            self.skip_blank();
            if self.peek() != Some('.') {
                return Some(path);
            }
            self.at += 1;
        }
    }

    /// The value at `path`: recorded, or (tables) folded into entries below it.
    fn value(&mut self, path: Vec<String>) -> Option<()> {
        self.skip_blank();
        let value = match self.peek()? {
            '"' if self.starts_with("\"\"\"") => Value::String(self.multiline('"')?),
            '\'' if self.starts_with("'''") => Value::String(self.multiline('\'')?),
            '"' => Value::String(self.basic_string()?),
            '\'' => Value::String(self.literal_string()?),
            '{' => return self.inline_table(&path),
            '[' => {
                self.array()?;
                Value::Other
            }
            _ => self.bare()?,
        };
        self.entries.push((path, value));
        Some(())
    }

    /// `{ key = value, … }` (line ends between items allowed, as TOML 1.1 does).
    fn inline_table(&mut self, path: &[String]) -> Option<()> {
        self.expect('{')?;
        loop {
            self.skip_lines();
            if self.peek()? == '}' {
                self.at += 1;
                return Some(());
            }
            let mut inner = path.to_vec();
            inner.extend(self.key()?);
            self.expect('=')?;
            self.value(inner)?;
            self.skip_lines();
            match self.peek()? {
                ',' => self.at += 1,
                '}' => {}
                _ => return None,
            }
        }
    }

    /// `[ value, … ]`, read and dropped.
    fn array(&mut self) -> Option<()> {
        self.expect('[')?;
        let recorded = self.entries.len();
        loop {
            self.skip_lines();
            if self.peek()? == ']' {
                self.at += 1;
                self.entries.truncate(recorded);
                return Some(());
            }
            self.value(Vec::new())?;
            self.skip_lines();
            match self.peek()? {
                ',' => self.at += 1,
                ']' => {}
                _ => return None,
            }
        }
    }

    /// A number, boolean or date: one word (a date and its time may be two).
    fn bare(&mut self) -> Option<Value> {
        let word = |reader: &mut Self| {
            let start = reader.at;
            while reader
                .peek()
                .is_some_and(|c| !c.is_whitespace() && !matches!(c, ',' | '}' | ']' | '#'))
            {
                reader.at += 1;
            }
            reader.chars[start..reader.at].iter().collect::<String>()
        };
        let text = word(self);
        if text.is_empty() {
            return None;
        }
        let is_date = text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
        if is_date
            && self.peek() == Some(' ')
            && self
                .chars
                .get(self.at + 1)
                .is_some_and(char::is_ascii_digit)
        {
            self.at += 1;
            word(self);
        }
        Some(if text == "true" {
            Value::True
        } else {
            Value::Other
        })
    }

    /// `'…'`: no escapes.
    fn literal_string(&mut self) -> Option<String> {
        self.expect('\'')?;
        let start = self.at;
        while self.peek()? != '\'' {
            if self.peek()? == '\n' {
                return None;
            }
            self.at += 1;
        }
        let text = self.chars[start..self.at].iter().collect();
        self.at += 1;
        Some(text)
    }

    /// `"…"` with its escapes decoded.
    fn basic_string(&mut self) -> Option<String> {
        self.expect('"')?;
        let mut text = String::new();
        loop {
            match self.peek()? {
                '"' => {
                    self.at += 1;
                    return Some(text);
                }
                '\\' => text.push(self.escape()?),
                '\n' => return None,
                c => {
                    text.push(c);
                    self.at += 1;
                }
            }
        }
    }

    /// `"""…"""` or `'''…'''` (escapes decoded in the first; a backslash at a line end joins
    /// lines). Up to two quotes may close the content before the delimiter.
    fn multiline(&mut self, quote: char) -> Option<String> {
        let delimiter = if quote == '"' { "\"\"\"" } else { "'''" };
        self.at += 3;
        if self.peek() == Some('\n') {
            self.at += 1;
        } else if self.starts_with("\r\n") {
            self.at += 2;
        }
        let mut text = String::new();
        loop {
            let c = self.peek()?;
            if self.starts_with(delimiter) {
                self.at += 3;
                for _ in 0..2 {
                    if self.peek() == Some(quote) {
                        text.push(quote);
                        self.at += 1;
                    }
                }
                return Some(text);
            }
            if c == '\\' && quote == '"' {
                let after = self.chars[self.at + 1..]
                    .iter()
                    .position(|c| !matches!(c, ' ' | '\t'))
                    .map(|offset| self.chars[self.at + 1 + offset]);
                if matches!(after, Some('\n' | '\r')) {
                    self.at += 1;
                    while self.peek().is_some_and(char::is_whitespace) {
                        self.at += 1;
                    }
                    continue;
                }
                text.push(self.escape()?);
                continue;
            }
            text.push(c);
            self.at += 1;
        }
    }

    /// A backslash escape of a basic string, the reader on its backslash.
    fn escape(&mut self) -> Option<char> {
        self.at += 1;
        let c = self.peek()?;
        self.at += 1;
        let digits = match c {
            'b' => return Some('\u{8}'),
            't' => return Some('\t'),
            'n' => return Some('\n'),
            'f' => return Some('\u{c}'),
            'r' => return Some('\r'),
            'e' => return Some('\u{1b}'),
            '"' => return Some('"'),
            '\\' => return Some('\\'),
            'x' => 2,
            'u' => 4,
            'U' => 8,
            _ => return None,
        };
        let hex: String = self.chars.get(self.at..self.at + digits)?.iter().collect();
        self.at += digits;
        char::from_u32(u32::from_str_radix(&hex, 16).ok()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(text: &str) -> Vec<(String, String)> {
        entries(text)
            .expect("parses")
            .into_iter()
            .filter_map(|(path, value)| match value {
                Value::String(value) => Some((path.join("/"), value)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn tables_dotted_keys_and_inline_tables_fold_into_paths() {
        let text = r#"
[package]
name = "user" # a comment
[dependencies]
atlas = { package = "atlas-endpoint", features = ["testing"], path = "../runtime" }
other.package = 'other-crate'
"quoted.key" = "1"
[target.'cfg(unix)'.dependencies.unixy]
package = "atlas-endpoint"
[[bin]]
name = "tool"
"#;
        assert_eq!(
            strings(text),
            [
                ("package/name", "user"),
                ("dependencies/atlas/package", "atlas-endpoint"),
                ("dependencies/atlas/path", "../runtime"),
                ("dependencies/other/package", "other-crate"),
                ("dependencies/quoted.key", "1"),
                (
                    "target/cfg(unix)/dependencies/unixy/package",
                    "atlas-endpoint"
                ),
                ("bin/name", "tool"),
            ]
            .map(|(path, value)| (path.to_owned(), value.to_owned()))
        );
    }

    #[test]
    fn nothing_inside_a_string_or_array_is_taken_for_a_table_or_key() {
        let text = "description = \"\"\"\n[dependencies]\natlas = { package = \"atlas-endpoint\" }\n\"\"\"\nnotes = '''\n[dependencies]\n'''\nlist = [\n  \"[dependencies]\", # x = 1\n  { package = \"atlas-endpoint\" },\n]\n";
        let found = entries(text).expect("parses");
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(
            found
                .iter()
                .all(|(path, _)| path.len() == 1 && path[0] != "dependencies")
        );
    }

    #[test]
    fn escapes_booleans_and_other_scalars() {
        let text = "a = \"x\\u0041\\\"\\\\\"\nb = true\nc = false\nd = 1979-05-27 07:32:00\ne = 3\nf = { workspace = true }\n";
        let found = entries(text).expect("parses");
        assert_eq!(found[0].1, Value::String("xA\"\\".to_owned()));
        assert_eq!(found[1].1, Value::True);
        assert_eq!(found[2].1, Value::Other);
        assert_eq!(found[3].1, Value::Other);
        assert_eq!(found[4].1, Value::Other);
        assert_eq!(
            found[5],
            (vec!["f".into(), "workspace".into()], Value::True)
        );
    }

    #[test]
    fn multiline_strings_join_escaped_line_ends_and_keep_closing_quotes() {
        let text = "a = \"\"\"\none \\\n   two\"\"\"\"\nb = '''x''''\n";
        let found = entries(text).expect("parses");
        assert_eq!(found[0].1, Value::String("one two\"".to_owned()));
        assert_eq!(found[1].1, Value::String("x'".to_owned()));
    }

    #[test]
    fn text_that_is_not_toml_is_refused_not_guessed() {
        for broken in [
            "[dependencies\n",
            "a = \"open\n",
            "a = { b = 1\n",
            "= 1\n",
            "a = 1 b = 2\n",
            "a =\n",
            "a = [1, 2\n",
            "a = \"\\q\"\n",
        ] {
            assert_eq!(entries(broken), None, "{broken:?}");
        }
    }
}
