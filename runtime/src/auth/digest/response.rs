//! Computing a Digest `response` (RFC 7616 §3.4.1, RFC 2617 §3.2.2) and writing the
//! `Authorization` header that carries it.
//!
//! Hashes are fed piece by piece and hex digests live on the stack, so an answer allocates
//! only its header, sized exactly.

#![allow(
    clippy::arithmetic_side_effects,
    reason = "lengths of fixed-size digests and of the header being written"
)]

use super::Algorithm;
use super::challenge::{Challenge, Qop};

/// A hex digest on the stack: 32 characters for MD5, 64 for SHA-256.
#[derive(Clone, Copy)]
pub(crate) struct Hex {
    digits: [u8; 64],
    len: u8,
}

impl Hex {
    /// The lower-case hex form of `bytes` (at most 32 bytes; more are cut off).
    pub(crate) fn of(bytes: &[u8]) -> Self {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut digits = [0u8; 64];
        for (pair, byte) in digits.chunks_exact_mut(2).zip(bytes) {
            pair[0] = DIGITS[usize::from(byte >> 4)];
            pair[1] = DIGITS[usize::from(byte & 0x0f)];
        }
        Self {
            digits,
            len: (bytes.len().min(32) * 2) as u8,
        }
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.digits[..usize::from(self.len)]
    }

    pub(crate) fn as_str(&self) -> &str {
        // Only ASCII hex digits are ever written.
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }
}

/// The digest of the concatenated `parts` with `algorithm`.
fn hash(algorithm: Algorithm, parts: &[&[u8]]) -> Hex {
    use sha2::Digest;
    fn feed<D: Digest>(parts: &[&[u8]]) -> Hex {
        let mut hasher = D::new();
        for part in parts {
            hasher.update(part);
        }
        Hex::of(&hasher.finalize())
    }
    match algorithm {
        Algorithm::Md5 | Algorithm::Md5Sess => feed::<md5::Md5>(parts),
        Algorithm::Sha256 | Algorithm::Sha256Sess => feed::<sha2::Sha256>(parts),
    }
}

/// `H(username:realm:password)`, the part of HA1 that depends only on the key and the realm
/// (computed once per nonce, not per request).
pub(crate) fn base_ha1(algorithm: Algorithm, username: &str, realm: &str, password: &str) -> Hex {
    hash(
        algorithm,
        &[
            username.as_bytes(),
            b":",
            realm.as_bytes(),
            b":",
            password.as_bytes(),
        ],
    )
}

/// Everything one answer to a challenge depends on.
pub(crate) struct Answer<'a> {
    pub(crate) challenge: &'a Challenge,
    pub(crate) username: &'a str,
    /// [`base_ha1`] of the username, the challenge's realm and the password.
    pub(crate) ha1: &'a Hex,
    pub(crate) method: &'a str,
    /// The request target: path plus `?query`.
    pub(crate) uri: &'a str,
    /// The nonce count (ignored without `qop`).
    pub(crate) nc: u32,
    pub(crate) cnonce: &'a str,
    /// The request body, hashed for `qop=auth-int`.
    pub(crate) body: &'a [u8],
}

/// Where the header goes: a length count first, then the exactly sized bytes.
trait Sink {
    fn push(&mut self, bytes: &[u8]);
}

impl Sink for usize {
    fn push(&mut self, bytes: &[u8]) {
        *self += bytes.len();
    }
}

impl Sink for Vec<u8> {
    fn push(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

impl Answer<'_> {
    /// The hex `response` value.
    pub(crate) fn response(&self) -> Hex {
        let algorithm = self.challenge.algorithm;
        let challenge = self.challenge;
        let nonce = challenge.nonce.as_bytes();
        let ha1 = if algorithm.is_session() {
            hash(
                algorithm,
                &[
                    self.ha1.as_bytes(),
                    b":",
                    nonce,
                    b":",
                    self.cnonce.as_bytes(),
                ],
            )
        } else {
            *self.ha1
        };
        let (method, uri) = (self.method.as_bytes(), self.uri.as_bytes());
        let ha2 = match challenge.qop {
            Qop::AuthInt => {
                let body = hash(algorithm, &[self.body]);
                hash(algorithm, &[method, b":", uri, b":", body.as_bytes()])
            }
            Qop::Auth | Qop::Legacy => hash(algorithm, &[method, b":", uri]),
        };
        let (ha1, ha2) = (ha1.as_bytes(), ha2.as_bytes());
        match challenge.qop.as_str() {
            Some(qop) => hash(
                algorithm,
                &[
                    ha1,
                    b":",
                    nonce,
                    b":",
                    &nc_hex(self.nc),
                    b":",
                    self.cnonce.as_bytes(),
                    b":",
                    qop.as_bytes(),
                    b":",
                    ha2,
                ],
            ),
            None => hash(algorithm, &[ha1, b":", nonce, b":", ha2]),
        }
    }

    /// The `Authorization` header value: `Digest username="…", …, response="…"`, as bytes
    /// (a header value need not be UTF-8).
    pub(crate) fn header(&self) -> Vec<u8> {
        let response = self.response();
        let mut length = 0usize;
        self.write(&mut length, &response);
        let mut out = Vec::with_capacity(length);
        self.write(&mut out, &response);
        out
    }

    fn write(&self, out: &mut impl Sink, response: &Hex) {
        let challenge = self.challenge;
        out.push(b"Digest ");
        push_quoted(out, b"username", self.username.as_bytes());
        out.push(b", ");
        push_quoted(out, b"realm", challenge.realm.as_bytes());
        out.push(b", ");
        push_quoted(out, b"nonce", challenge.nonce.as_bytes());
        out.push(b", ");
        push_quoted(out, b"uri", self.uri.as_bytes());
        out.push(b", algorithm=");
        out.push(challenge.algorithm.name().as_bytes());
        out.push(b", ");
        push_quoted(out, b"response", response.as_bytes());
        if let Some(qop) = challenge.qop.as_str() {
            out.push(b", qop=");
            out.push(qop.as_bytes());
            out.push(b", nc=");
            out.push(&nc_hex(self.nc));
            out.push(b", ");
            push_quoted(out, b"cnonce", self.cnonce.as_bytes());
        } else if challenge.algorithm.is_session() {
            out.push(b", ");
            push_quoted(out, b"cnonce", self.cnonce.as_bytes());
        }
        if let Some(opaque) = &challenge.opaque {
            out.push(b", ");
            push_quoted(out, b"opaque", opaque.as_bytes());
        }
    }
}

/// The nonce count as eight lower-case hex digits.
fn nc_hex(nc: u32) -> [u8; 8] {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; 8];
    for (index, digit) in out.iter_mut().enumerate() {
        *digit = DIGITS[((nc >> (28 - 4 * index)) & 0xf) as usize];
    }
    out
}

/// `name="value"` with `"` and `\` escaped; runs without them are copied whole.
fn push_quoted(out: &mut impl Sink, name: &[u8], value: &[u8]) {
    out.push(name);
    out.push(b"=\"");
    let mut rest = value;
    while let Some(at) = rest.iter().position(|byte| matches!(byte, b'"' | b'\\')) {
        let (run, escaped) = rest.split_at(at);
        out.push(run);
        out.push(b"\\");
        out.push(&escaped[..1]);
        rest = &escaped[1..];
    }
    out.push(rest);
    out.push(b"\"");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn challenge(realm: &str, nonce: &str, algorithm: Algorithm, qop: Qop) -> Challenge {
        Challenge {
            realm: realm.into(),
            nonce: nonce.into(),
            opaque: None,
            algorithm,
            qop,
            stale: false,
        }
    }

    fn response(challenge: &Challenge, password: &str, cnonce: &str) -> (String, String) {
        let ha1 = base_ha1(challenge.algorithm, "Mufasa", &challenge.realm, password);
        let answer = Answer {
            challenge,
            username: "Mufasa",
            ha1: &ha1,
            method: "GET",
            uri: "/dir/index.html",
            nc: 1,
            cnonce,
            body: b"",
        };
        (
            answer.response().as_str().to_owned(),
            String::from_utf8(answer.header()).unwrap(),
        )
    }

    /// RFC 7616 §3.9.1.
    #[test]
    fn rfc7616_examples() {
        let cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
        let nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
        let md5 = challenge("http-auth@example.org", nonce, Algorithm::Md5, Qop::Auth);
        assert_eq!(
            response(&md5, "Circle of Life", cnonce).0,
            "8ca523f5e9506fed4657c9700eebdbec"
        );
        let sha = challenge("http-auth@example.org", nonce, Algorithm::Sha256, Qop::Auth);
        assert_eq!(
            response(&sha, "Circle of Life", cnonce).0,
            "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"
        );
    }

    /// RFC 2617 §3.5.
    #[test]
    fn rfc2617_example() {
        let md5 = challenge(
            "testrealm@host.com",
            "dcd98b7102dd2f0e8b11d0f600bfb0c093",
            Algorithm::Md5,
            Qop::Auth,
        );
        let (response, header) = response(&md5, "Circle Of Life", "0a4f113b");
        assert_eq!(response, "6629fae49393a05397450978507c4ef1");
        assert!(header.starts_with(r#"Digest username="Mufasa", realm="testrealm@host.com""#));
        assert!(header.contains(r#"qop=auth, nc=00000001, cnonce="0a4f113b""#));
        assert_eq!(
            header.len(),
            header.capacity(),
            "the header is sized exactly"
        );
    }

    #[test]
    fn legacy_form_has_no_nc_and_quotes_are_escaped() {
        let legacy = challenge(r#"a"b\c"#, "n", Algorithm::Md5, Qop::Legacy);
        let (_, header) = response(&legacy, "pw", "c");
        assert!(header.contains(r#"realm="a\"b\\c""#), "{header}");
        assert!(!header.contains("nc="), "{header}");
        assert!(!header.contains("cnonce"), "{header}");
    }

    #[test]
    fn nonce_counts_are_eight_hex_digits() {
        assert_eq!(&nc_hex(1), b"00000001");
        assert_eq!(&nc_hex(0xdead_beef), b"deadbeef");
    }
}
