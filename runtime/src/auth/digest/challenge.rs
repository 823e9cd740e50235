//! Parsing `WWW-Authenticate` (and `Authorization`) values into challenges, and choosing the
//! strongest Digest challenge this crate can answer.
//!
//! The parser is total: any input, however malformed, yields some list of challenges and never
//! panics. It follows RFC 7235's grammar loosely: several comma-separated challenges per value,
//! parameters in any order and case, quoted strings with `\` escapes, commas and spaces,
//! unknown parameters kept but ignored, token68 credentials skipped.

#![allow(
    clippy::arithmetic_side_effects,
    reason = "a cursor within one header value: positions stay below its length"
)]

use super::Algorithm;

/// One challenge: an auth scheme and its parameters (names lower-cased).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Parsed {
    pub(crate) scheme: String,
    pub(crate) params: Vec<(String, String)>,
}

impl Parsed {
    /// The first value of a parameter (name compared case-insensitively).
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// Quality of protection offered by a Digest challenge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Qop {
    /// RFC 2069 style: no `qop`, no `nc`, no `cnonce`.
    Legacy,
    /// `qop=auth-int`: the body is hashed too.
    AuthInt,
    /// `qop=auth`.
    Auth,
}

impl Qop {
    pub(crate) fn as_str(self) -> Option<&'static str> {
        match self {
            Self::Legacy => None,
            Self::AuthInt => Some("auth-int"),
            Self::Auth => Some("auth"),
        }
    }
}

/// A Digest challenge this crate can answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Challenge {
    pub(crate) realm: String,
    pub(crate) nonce: String,
    pub(crate) opaque: Option<String>,
    pub(crate) algorithm: Algorithm,
    pub(crate) qop: Qop,
    pub(crate) stale: bool,
}

impl Challenge {
    /// Whether `other` repeats this nonce (and everything answered with it).
    pub(crate) fn same_nonce(&self, other: &Self) -> bool {
        self.nonce == other.nonce
            && self.realm == other.realm
            && self.opaque == other.opaque
            && self.algorithm == other.algorithm
            && self.qop == other.qop
    }
}

/// Parses every challenge of every given header value.
pub(crate) fn parse_all<'a>(values: impl IntoIterator<Item = &'a [u8]>) -> Vec<Parsed> {
    values.into_iter().flat_map(parse).collect()
}

/// The strongest supported Digest challenge among all given header values.
pub(crate) fn strongest<'a>(values: impl IntoIterator<Item = &'a [u8]>) -> Option<Challenge> {
    parse_all(values)
        .iter()
        .filter_map(digest)
        .max_by_key(|challenge| (challenge.algorithm.strength(), challenge.qop))
}

/// A parsed challenge as a Digest challenge, if it is one this crate supports.
fn digest(parsed: &Parsed) -> Option<Challenge> {
    if !parsed.scheme.eq_ignore_ascii_case("digest") {
        return None;
    }
    let algorithm = match parsed.param("algorithm") {
        Some(name) => Algorithm::from_name(name)?,
        None => Algorithm::Md5,
    };
    let qop = match parsed.param("qop") {
        None => Qop::Legacy,
        Some(list) => {
            let offered = || list.split(',').map(str::trim);
            if offered().any(|item| item.eq_ignore_ascii_case("auth")) {
                Qop::Auth
            } else if offered().any(|item| item.eq_ignore_ascii_case("auth-int")) {
                Qop::AuthInt
            } else {
                return None;
            }
        }
    };
    Some(Challenge {
        realm: parsed.param("realm").unwrap_or_default().to_owned(),
        nonce: parsed.param("nonce")?.to_owned(),
        opaque: parsed.param("opaque").map(str::to_owned),
        algorithm,
        qop,
        stale: parsed
            .param("stale")
            .is_some_and(|value| value.eq_ignore_ascii_case("true")),
    })
}

/// Parses one header value.
pub(crate) fn parse(value: &[u8]) -> Vec<Parsed> {
    let mut cursor = Cursor {
        bytes: value,
        at: 0,
    };
    let mut challenges: Vec<Parsed> = Vec::new();
    loop {
        cursor.skip(|byte| byte == b',' || is_space(byte));
        let Some(byte) = cursor.peek() else {
            return challenges;
        };
        let word = cursor.token();
        if word.is_empty() {
            // A stray separator or quote where a name was expected: skip it.
            if byte == b'"' {
                cursor.quoted();
            } else {
                cursor.at += 1;
            }
            continue;
        }
        cursor.skip(is_space);
        if cursor.peek() == Some(b'=') && !cursor.token68_end() {
            cursor.at += 1;
            cursor.skip(is_space);
            let value = cursor.value();
            if let Some(current) = challenges.last_mut() {
                current.params.push((word.to_ascii_lowercase(), value));
            }
        } else if cursor.peek() == Some(b'=') {
            // token68 credentials such as `Basic dXNlcg==`: no parameters to keep.
            cursor.skip(|byte| byte == b'=');
        } else {
            challenges.push(Parsed {
                scheme: word,
                params: Vec::new(),
            });
        }
    }
}

/// The `nextnonce` of an `Authentication-Info` value (RFC 7615 §3), if it has one.
pub(crate) fn next_nonce(value: &[u8]) -> Option<String> {
    const NAME: &[u8] = b"nextnonce";
    // Most answers carry no next nonce: look for the name before parsing anything.
    if !value
        .windows(NAME.len())
        .any(|window| window.eq_ignore_ascii_case(NAME))
    {
        return None;
    }
    let mut cursor = Cursor {
        bytes: value,
        at: 0,
    };
    loop {
        cursor.skip(|byte| byte == b',' || is_space(byte));
        let byte = cursor.peek()?;
        let name = cursor.token();
        cursor.skip(is_space);
        if cursor.peek() != Some(b'=') {
            if name.is_empty() {
                // A stray character where a name was expected.
                cursor.at += usize::from(byte != b'"');
                if byte == b'"' {
                    cursor.quoted();
                }
            }
            continue;
        }
        cursor.at += 1;
        cursor.skip(is_space);
        let value = cursor.value();
        if name.eq_ignore_ascii_case("nextnonce") {
            return Some(value).filter(|nonce| !nonce.is_empty());
        }
    }
}

fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r' | b'\n')
}

/// RFC 7230 `tchar`.
fn is_token(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~/".contains(&byte)
}

struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip(&mut self, mut accept: impl FnMut(u8) -> bool) {
        while self.peek().is_some_and(&mut accept) {
            self.at += 1;
        }
    }

    fn until(&mut self, stop: impl Fn(u8) -> bool) -> String {
        let start = self.at;
        self.skip(|byte| !stop(byte));
        self.text(start, self.at)
    }

    fn token(&mut self) -> String {
        let start = self.at;
        self.skip(is_token);
        self.text(start, self.at)
    }

    /// At an `=`: whether it ends a token68 (`==`, or `=` before a comma or the end) rather
    /// than separating a parameter from its value.
    fn token68_end(&self) -> bool {
        let rest = self.bytes.get(self.at..).unwrap_or_default();
        let equals = rest.iter().take_while(|byte| **byte == b'=').count();
        let after = rest.iter().skip(equals).find(|byte| !is_space(**byte));
        equals > 1 || after.is_none_or(|byte| *byte == b',')
    }

    /// A parameter's value: a quoted string, or a token up to the next comma or space.
    fn value(&mut self) -> String {
        if self.peek() == Some(b'"') {
            self.quoted()
        } else {
            self.until(|byte| byte == b',' || is_space(byte))
        }
    }

    /// A quoted string starting at `"`: unescaped, unterminated strings run to the end.
    fn quoted(&mut self) -> String {
        self.at += 1;
        let mut out = Vec::new();
        while let Some(byte) = self.peek() {
            self.at += 1;
            match byte {
                b'"' => break,
                b'\\' => {
                    if let Some(escaped) = self.peek() {
                        out.push(escaped);
                        self.at += 1;
                    }
                }
                other => out.push(other),
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    }

    fn text(&self, start: usize, end: usize) -> String {
        String::from_utf8_lossy(self.bytes.get(start..end).unwrap_or_default()).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strongest_of(values: &[&str]) -> Option<Challenge> {
        strongest(values.iter().map(|value| value.as_bytes()))
    }

    #[test]
    fn parses_the_atlas_challenge() {
        let challenge = strongest_of(&[
            r#"Digest realm="MMS Public API", domain="", nonce="OSf5u+Mx+u7/CVJ3Pw6rGcyF0Jm+5mRy", algorithm=MD5, qop="auth", stale=false"#,
        ])
        .expect("a challenge");
        assert_eq!(challenge.realm, "MMS Public API");
        assert_eq!(challenge.nonce, "OSf5u+Mx+u7/CVJ3Pw6rGcyF0Jm+5mRy");
        assert_eq!(challenge.algorithm, Algorithm::Md5);
        assert_eq!(challenge.qop, Qop::Auth);
        assert!(!challenge.stale);
        assert_eq!(challenge.opaque, None);
    }

    #[test]
    fn quoted_strings_keep_commas_spaces_and_escapes() {
        let parsed =
            parse(br#"DIGEST NONCE="a, b \"c\" \\d",REALM = "x y" ,Foo=bar, qop="auth,auth-int""#);
        assert_eq!(parsed.len(), 1);
        assert_eq!(parsed[0].param("nonce"), Some(r#"a, b "c" \d"#));
        assert_eq!(parsed[0].param("realm"), Some("x y"));
        assert_eq!(parsed[0].param("foo"), Some("bar"));
        let challenge = digest(&parsed[0]).expect("digest");
        assert_eq!(challenge.qop, Qop::Auth);
    }

    #[test]
    fn picks_the_strongest_of_several_challenges_and_headers() {
        let challenge = strongest_of(&[
            r#"Basic realm="MMS Public API", Digest realm="r", nonce="n1", algorithm=MD5, qop="auth""#,
            r#"Bearer error="invalid_token", Digest nonce="n2", algorithm=SHA-256, realm="r", qop=auth, opaque="o", Digest nonce="n3", algorithm=SHA-512-256, realm="r""#,
        ])
        .expect("a challenge");
        assert_eq!(challenge.nonce, "n2");
        assert_eq!(challenge.algorithm, Algorithm::Sha256);
        assert_eq!(challenge.opaque.as_deref(), Some("o"));
    }

    #[test]
    fn token68_and_legacy_forms() {
        let parsed = parse(b"Basic dXNlcjpwYXNz==, Digest realm=r, nonce=abc, stale=TRUE");
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[0].scheme, "Basic");
        assert!(parsed[0].params.is_empty());
        let challenge = digest(&parsed[1]).expect("digest");
        assert_eq!(challenge.qop, Qop::Legacy);
        assert!(challenge.stale);
        assert_eq!(challenge.nonce, "abc");
    }

    #[test]
    fn unsupported_challenges_are_skipped() {
        assert_eq!(strongest_of(&[r#"Digest realm="r", qop="auth""#]), None);
        assert_eq!(strongest_of(&[r#"Digest nonce="n", qop="other""#]), None);
        assert_eq!(
            strongest_of(&[r#"Digest nonce="n", algorithm=SHA-1"#]),
            None
        );
        assert_eq!(strongest_of(&["Negotiate"]), None);
    }

    #[test]
    fn never_panics_on_garbage() {
        let inputs: [&[u8]; 12] = [
            b"",
            b"=",
            b"\"",
            b"Digest \"",
            b"Digest nonce=\"unterminated \\",
            b",,,, ,=,\"a\"=b",
            b"Digest ====",
            b"Digest nonce",
            b"\xff\xfe Digest nonce=\xff",
            b"Digest nonce=\"\\",
            b"Basic ==, Digest nonce=x=",
            b"\t\r\n",
        ];
        for input in inputs {
            let _ = parse(input);
            let _ = strongest([input]);
        }
        assert_eq!(
            strongest([b"Digest nonce=x=".as_slice()]).map(|c| c.nonce),
            Some("x=".to_owned())
        );
    }

    #[test]
    fn finds_the_next_nonce_of_authentication_info() {
        let apache =
            br#"rspauth="0f3b", cnonce="abc", nc=00000001, qop=auth, nextnonce="bm9uY2U=""#;
        assert_eq!(next_nonce(apache).as_deref(), Some("bm9uY2U="));
        assert_eq!(
            next_nonce(br#"NextNonce=plain, qop=auth"#).as_deref(),
            Some("plain")
        );
        assert_eq!(next_nonce(br#"rspauth="x", qop=auth"#), None);
        assert_eq!(next_nonce(br#"nextnonce="""#), None);
        for garbage in [
            &b"nextnonce"[..],
            b"\"nextnonce",
            b"=nextnonce=",
            b",,nextnonce \"",
        ] {
            let _ = next_nonce(garbage);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(10_000))]

        #[test]
        fn never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..256)) {
            let _ = strongest([bytes.as_slice()]);
            let _ = next_nonce(&bytes);
        }

        #[test]
        fn never_panics_on_challenge_like_text(text in r#"(Digest|Basic|[a-z]{1,5})( [a-zA-Z]{1,6}=("[^"]{0,12}"|[a-z0-9,=]{0,8}),?){0,6}"#) {
            let _ = strongest([text.as_bytes()]);
        }
    }
}
