//! The path patterns of the Atlas spec, matched without a regex engine: the spec writes them as
//! ECMAScript regular expressions from a small subset (literals, escapes, classes, groups,
//! alternation, `?` `*` `+` `{n,m}`, `^` `$`), so a parser of that subset and a Thompson NFA
//! (every state advanced together, linear in the value's length whatever the pattern) decide a
//! whole-value match. `\d`, `\w` and `\s` are ASCII, as in the spec's dialect. A pattern outside
//! the subset (a lookaround, a backreference) is unsupported, and matches nothing.

/// A compiled pattern: the instructions of its NFA.
#[derive(Debug)]
pub(crate) struct Pattern {
    program: Vec<Inst>,
}

#[derive(Debug)]
enum Inst {
    /// Consumes one character of the set.
    Class(Class),
    /// Continues at both targets.
    Split(usize, usize),
    /// Continues at the target.
    Jump(usize),
    /// Holds only at the start of the value.
    Start,
    /// Holds only at the end of the value.
    End,
    /// The whole pattern matched here.
    Match,
}

/// A set of characters: ranges, or everything outside them.
#[derive(Debug, Clone)]
struct Class {
    ranges: Vec<(char, char)>,
    negated: bool,
}

impl Class {
    fn of(c: char) -> Self {
        Self {
            ranges: vec![(c, c)],
            negated: false,
        }
    }

    fn contains(&self, c: char) -> bool {
        self.ranges.iter().any(|&(low, high)| low <= c && c <= high) != self.negated
    }
}

/// The syntax tree of a pattern.
#[derive(Debug, Clone)]
enum Node {
    Class(Class),
    Start,
    End,
    /// Alternatives, each a sequence.
    Group(Vec<Vec<Node>>),
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
    },
}

/// The most copies a counted repetition may unroll to, and the most instructions a pattern may
/// compile to: the spec's patterns need a few hundred.
const MAX_COUNT: u32 = 1_000;
const MAX_PROGRAM: usize = 100_000;

impl Pattern {
    /// Compiles `pattern` to match whole values (as if written `^(?:pattern)$`); `None` when it
    /// is outside the supported subset.
    pub(crate) fn whole(pattern: &str) -> Option<Self> {
        let mut parser = Parser {
            chars: pattern.chars().collect(),
            at: 0,
        };
        let body = parser.alternation()?;
        if parser.at != parser.chars.len() {
            return None; // an unbalanced `)`
        }
        let whole = vec![Node::Start, Node::Group(body), Node::End];
        let mut program = Vec::new();
        compile_sequence(&whole, &mut program)?;
        program.push(Inst::Match);
        Some(Self { program })
    }

    /// Whether all of `value` matches.
    pub(crate) fn matches(&self, value: &str) -> bool {
        let length = value.chars().count();
        let mut current = Vec::new();
        let mut seen = vec![false; self.program.len()];
        self.add(&mut current, &mut seen, 0, 0, length);
        for (position, c) in value.chars().enumerate() {
            let mut next = Vec::new();
            seen.fill(false);
            for &state in &current {
                if let Inst::Class(class) = &self.program[state]
                    && class.contains(c)
                {
                    self.add(
                        &mut next,
                        &mut seen,
                        state.saturating_add(1),
                        position.saturating_add(1),
                        length,
                    );
                }
            }
            if next.is_empty() {
                return false;
            }
            current = next;
        }
        current
            .iter()
            .any(|&state| matches!(self.program[state], Inst::Match))
    }

    /// Adds `state` and every state reachable from it without consuming a character, at
    /// `position` of a value of `length` characters.
    fn add(
        &self,
        states: &mut Vec<usize>,
        seen: &mut [bool],
        state: usize,
        position: usize,
        length: usize,
    ) {
        let mut stack = vec![state];
        while let Some(state) = stack.pop() {
            if std::mem::replace(&mut seen[state], true) {
                continue;
            }
            match self.program[state] {
                Inst::Split(first, second) => {
                    stack.push(second);
                    stack.push(first);
                }
                Inst::Jump(target) => stack.push(target),
                Inst::Start if position == 0 => stack.push(state.saturating_add(1)),
                Inst::End if position == length => stack.push(state.saturating_add(1)),
                Inst::Start | Inst::End => {}
                Inst::Class(_) | Inst::Match => states.push(state),
            }
        }
    }
}

struct Parser {
    chars: Vec<char>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at = self.at.saturating_add(1);
        Some(c)
    }

    fn eat(&mut self, c: char) -> bool {
        let found = self.peek() == Some(c);
        if found {
            self.at = self.at.saturating_add(1);
        }
        found
    }

    /// Alternatives up to the end or an unopened `)`.
    fn alternation(&mut self) -> Option<Vec<Vec<Node>>> {
        let mut alternatives = vec![self.sequence()?];
        while self.eat('|') {
            alternatives.push(self.sequence()?);
        }
        Some(alternatives)
    }

    fn sequence(&mut self) -> Option<Vec<Node>> {
        let mut nodes = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            nodes.push(self.quantified(atom)?);
        }
        Some(nodes)
    }

    fn atom(&mut self) -> Option<Node> {
        Some(match self.next()? {
            '(' => {
                if self.eat('?') && !self.eat(':') {
                    return None; // lookarounds and named groups are outside the subset
                }
                let group = self.alternation()?;
                if !self.eat(')') {
                    return None;
                }
                Node::Group(group)
            }
            '[' => Node::Class(self.class()?),
            '\\' => Node::Class(self.escape(false)?),
            '^' => Node::Start,
            '$' => Node::End,
            '.' => Node::Class(Class {
                ranges: vec![('\n', '\n')],
                negated: true,
            }),
            '*' | '+' | '?' | '{' => return None,
            c => Node::Class(Class::of(c)),
        })
    }

    /// A quantifier after `atom`, if any (a lazy `?` after it changes nothing for a whole match).
    fn quantified(&mut self, atom: Node) -> Option<Node> {
        let (min, max) = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => {
                self.at = self.at.saturating_add(1);
                let min = self.number()?;
                let max = if self.eat(',') {
                    if self.peek() == Some('}') {
                        None
                    } else {
                        Some(self.number()?)
                    }
                } else {
                    Some(min)
                };
                if self.peek() != Some('}') || max.is_some_and(|max| max < min) {
                    return None;
                }
                (min, max)
            }
            _ => return Some(atom),
        };
        self.at = self.at.saturating_add(1);
        self.eat('?');
        if matches!(atom, Node::Start | Node::End) {
            return None;
        }
        Some(Node::Repeat {
            node: Box::new(atom),
            min,
            max,
        })
    }

    fn number(&mut self) -> Option<u32> {
        let start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.at = self.at.saturating_add(1);
        }
        let digits: String = self.chars[start..self.at].iter().collect();
        digits.parse().ok().filter(|&n| n <= MAX_COUNT)
    }

    /// After `\`: a class escape or an escaped literal (inside a class, `\b` is not a word
    /// boundary, but nothing here needs it).
    fn escape(&mut self, in_class: bool) -> Option<Class> {
        let c = self.next()?;
        let ranges: &[(char, char)] = match c.to_ascii_lowercase() {
            'd' => &[('0', '9')],
            'w' => &[('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')],
            's' => &[('\t', '\r'), (' ', ' ')],
            _ if c.is_ascii_alphanumeric() => {
                return match c {
                    'n' => Some(Class::of('\n')),
                    't' => Some(Class::of('\t')),
                    'r' => Some(Class::of('\r')),
                    _ => None, // backreferences, \b, \p{…}: outside the subset
                };
            }
            _ => return Some(Class::of(c)),
        };
        let negated = c.is_ascii_uppercase();
        if negated && in_class {
            return None;
        }
        Some(Class {
            ranges: ranges.to_vec(),
            negated,
        })
    }

    /// After `[`: the set up to its `]`.
    fn class(&mut self) -> Option<Class> {
        let negated = self.eat('^');
        let mut ranges = Vec::new();
        let mut first = true;
        loop {
            let c = self.next()?;
            if c == ']' && !first {
                break;
            }
            first = false;
            let low = if c == '\\' {
                let escaped = self.escape(true)?;
                match escaped.ranges.as_slice() {
                    [(single, other)] if single == other => *single,
                    _ => {
                        ranges.extend(escaped.ranges);
                        continue;
                    }
                }
            } else {
                c
            };
            if self.peek() == Some('-')
                && self
                    .chars
                    .get(self.at.saturating_add(1))
                    .is_some_and(|&c| c != ']')
            {
                self.at = self.at.saturating_add(1);
                let high = match self.next()? {
                    '\\' => {
                        let escaped = self.escape(true)?;
                        match escaped.ranges.as_slice() {
                            [(single, other)] if single == other => *single,
                            _ => return None,
                        }
                    }
                    high => high,
                };
                if high < low {
                    return None;
                }
                ranges.push((low, high));
            } else {
                ranges.push((low, low));
            }
        }
        Some(Class { ranges, negated })
    }
}

fn compile_sequence(nodes: &[Node], program: &mut Vec<Inst>) -> Option<()> {
    for node in nodes {
        compile(node, program)?;
    }
    Some(())
}

fn compile(node: &Node, program: &mut Vec<Inst>) -> Option<()> {
    if program.len() > MAX_PROGRAM {
        return None;
    }
    match node {
        Node::Class(class) => program.push(Inst::Class(class.clone())),
        Node::Start => program.push(Inst::Start),
        Node::End => program.push(Inst::End),
        Node::Group(alternatives) => {
            // Split to each alternative; each jumps to the end when done.
            let mut jumps = Vec::new();
            for (index, alternative) in alternatives.iter().enumerate() {
                let last = index.saturating_add(1) == alternatives.len();
                let split = program.len();
                if !last {
                    program.push(Inst::Split(split.saturating_add(1), usize::MAX));
                }
                compile_sequence(alternative, program)?;
                if !last {
                    jumps.push(program.len());
                    program.push(Inst::Jump(usize::MAX));
                    let next = program.len();
                    program[split] = Inst::Split(split.saturating_add(1), next);
                }
            }
            let end = program.len();
            for jump in jumps {
                program[jump] = Inst::Jump(end);
            }
        }
        Node::Repeat { node, min, max } => {
            for _ in 0..*min {
                compile(node, program)?;
            }
            match max {
                None => {
                    let split = program.len();
                    program.push(Inst::Split(split.saturating_add(1), usize::MAX));
                    compile(node, program)?;
                    program.push(Inst::Jump(split));
                    let end = program.len();
                    program[split] = Inst::Split(split.saturating_add(1), end);
                }
                Some(max) => {
                    let mut splits = Vec::new();
                    for _ in *min..*max {
                        splits.push(program.len());
                        program.push(Inst::Split(program.len().saturating_add(1), usize::MAX));
                        compile(node, program)?;
                    }
                    let end = program.len();
                    for split in splits {
                        program[split] = Inst::Split(split.saturating_add(1), end);
                    }
                }
            }
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(pattern: &str, value: &str) -> bool {
        Pattern::whole(pattern).is_some_and(|compiled| compiled.matches(value))
    }

    #[test]
    fn matches_the_spec_subset() {
        assert!(whole("^([a-f0-9]{24})$", "5f1b2c3d4e5f6a7b8c9d0e1f"));
        assert!(!whole("^([a-f0-9]{24})$", "5f1b2c3d4e5f6a7b8c9d0e1"));
        assert!(whole(
            "^mdb_sa_id_[a-fA-F\\d]{24}$",
            "mdb_sa_id_5F1b2c3d4e5f6a7b8c9d0e1f"
        ));
        assert!(whole(
            "^vpce-[0-9a-f]{17}|^/subscriptions/x",
            "/subscriptions/x"
        ));
        assert!(
            !whole("^a|b$", "ab"),
            "the whole value, whatever the anchors"
        );
        assert!(whole("[-\\w._()]+", "rg-1.(x)_y"));
        assert!(whole("x{2,}", "xxxx") && !whole("x{2,}", "x"));
        assert!(
            whole("(a|)*b", "aab"),
            "an empty alternative inside a star ends"
        );
        assert!(!whole("\\d", "٣"), "\\d is ASCII");
    }

    #[test]
    fn refuses_what_it_does_not_support() {
        for pattern in [
            "(\\.(?!$)|$)",
            "(a)\\1",
            "a{2",
            "[b-a]",
            "a**",
            "(a",
            "a)",
            "\\p{L}",
        ] {
            assert!(Pattern::whole(pattern).is_none(), "{pattern}");
        }
    }

    #[test]
    fn stays_linear_on_hostile_values() {
        let pattern = Pattern::whole("(([a-z0-9-]+\\.){1,10}[a-z]+)?(\\:[0-9]{4,5})").unwrap();
        let value = "a.".repeat(5_000) + "!";
        assert!(!pattern.matches(&value));
    }
}

/// Every pattern of the catalog, against the `regex` crate (with ASCII classes, the spec's
/// dialect): both compile the same patterns and decide the same values, on values generated
/// from each pattern and on near misses of them.
#[cfg(all(test, feature = "testing"))]
mod against_regex {
    use super::*;

    /// A small deterministic generator (xorshift), so a failure reproduces.
    struct Random(u64);

    impl Random {
        fn below(&mut self, bound: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % bound as u64) as usize
        }
    }

    /// A value the node matches, choosing alternatives and counts at random.
    fn generate(node: &Node, random: &mut Random, out: &mut String) {
        match node {
            Node::Class(class) if class.negated => out.push('~'),
            Node::Class(class) => {
                let (low, high) = class.ranges[random.below(class.ranges.len())];
                let span = high as usize - low as usize + 1;
                out.push(char::from_u32(low as u32 + random.below(span) as u32).unwrap_or(low));
            }
            Node::Start | Node::End => {}
            Node::Group(alternatives) => {
                for node in &alternatives[random.below(alternatives.len())] {
                    generate(node, random, out);
                }
            }
            Node::Repeat { node, min, max } => {
                let extra = max.map_or(3, |max| max - min) as usize;
                for _ in 0..*min as usize + random.below(extra + 1) {
                    generate(node, random, out);
                }
            }
        }
    }

    fn mutate(value: &str, random: &mut Random) -> String {
        let mut chars: Vec<char> = value.chars().collect();
        let noise = [
            'a', 'Z', '0', '9', '-', '.', ':', '/', '_', ' ', '٣', 'é', '$', '^',
        ];
        let at = random.below(chars.len() + 1);
        match random.below(3) {
            0 if at < chars.len() => {
                chars.remove(at);
            }
            1 if at < chars.len() => chars[at] = noise[random.below(noise.len())],
            _ => chars.insert(at, noise[random.below(noise.len())]),
        }
        chars.into_iter().collect()
    }

    #[test]
    fn every_catalog_pattern_decides_as_the_regex_crate_does() {
        let mut patterns: Vec<&str> = atlas_endpoint_catalog::OPERATIONS
            .iter()
            .flat_map(|operation| operation.params.iter())
            .filter_map(|param| param.pattern)
            .collect();
        patterns.sort_unstable();
        patterns.dedup();
        assert!(patterns.len() >= 15, "{} patterns", patterns.len());
        let mut random = Random(0x9E37_79B9_7F4A_7C15);
        let mut decided = 0;
        for pattern in patterns {
            let body = pattern.strip_prefix('^').unwrap_or(pattern);
            let body = body.strip_suffix('$').unwrap_or(body);
            let ours = Pattern::whole(body);
            let theirs = regex::RegexBuilder::new(&format!("^(?:{body})$"))
                .unicode(false)
                .build();
            assert_eq!(
                ours.is_some(),
                theirs.is_ok(),
                "{pattern}: supported by one only"
            );
            let (Some(ours), Ok(theirs)) = (ours, theirs) else {
                continue;
            };
            let mut parser = Parser {
                chars: body.chars().collect(),
                at: 0,
            };
            let tree = Node::Group(parser.alternation().unwrap());
            for _ in 0..400 {
                let mut value = String::new();
                generate(&tree, &mut random, &mut value);
                for candidate in [value.clone(), mutate(&value, &mut random)] {
                    assert_eq!(
                        ours.matches(&candidate),
                        theirs.is_match(&candidate),
                        "{pattern} on {candidate:?}"
                    );
                    decided += 1;
                }
            }
        }
        assert!(decided > 10_000, "{decided} values decided");
    }
}
