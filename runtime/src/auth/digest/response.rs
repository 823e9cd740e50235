//! Computing a Digest `response` (RFC 7616 §3.4.1, RFC 2617 §3.2.2) and writing the
//! `Authorization` header that carries it.

use super::challenge::{Challenge, Qop};
use std::fmt::Write;

/// Everything one answer to a challenge depends on.
pub(crate) struct Answer<'a> {
    pub(crate) challenge: &'a Challenge,
    pub(crate) username: &'a str,
    pub(crate) password: &'a str,
    pub(crate) method: &'a str,
    /// The request target: path plus `?query`.
    pub(crate) uri: &'a str,
    /// The nonce count (ignored without `qop`).
    pub(crate) nc: u32,
    pub(crate) cnonce: &'a str,
    /// The request body, hashed for `qop=auth-int`.
    pub(crate) body: &'a [u8],
}

impl Answer<'_> {
    /// The hex `response` value.
    pub(crate) fn response(&self) -> String {
        let algorithm = self.challenge.algorithm;
        let hash = |text: &str| algorithm.hex(text.as_bytes());
        let challenge = self.challenge;
        let mut ha1 = hash(&format!(
            "{}:{}:{}",
            self.username, challenge.realm, self.password
        ));
        if algorithm.is_session() {
            ha1 = hash(&format!("{ha1}:{}:{}", challenge.nonce, self.cnonce));
        }
        let ha2 = match challenge.qop {
            Qop::AuthInt => hash(&format!(
                "{}:{}:{}",
                self.method,
                self.uri,
                algorithm.hex(self.body)
            )),
            Qop::Auth | Qop::Legacy => hash(&format!("{}:{}", self.method, self.uri)),
        };
        match challenge.qop.as_str() {
            Some(qop) => hash(&format!(
                "{ha1}:{}:{:08x}:{}:{qop}:{ha2}",
                challenge.nonce, self.nc, self.cnonce
            )),
            None => hash(&format!("{ha1}:{}:{ha2}", challenge.nonce)),
        }
    }

    /// The `Authorization` header value: `Digest username="…", …, response="…"`.
    pub(crate) fn header(&self) -> String {
        let challenge = self.challenge;
        let mut out = String::with_capacity(256);
        out.push_str("Digest ");
        push_quoted(&mut out, "username", self.username);
        out.push_str(", ");
        push_quoted(&mut out, "realm", &challenge.realm);
        out.push_str(", ");
        push_quoted(&mut out, "nonce", &challenge.nonce);
        out.push_str(", ");
        push_quoted(&mut out, "uri", self.uri);
        let _ = write!(out, ", algorithm={}, ", challenge.algorithm.name());
        push_quoted(&mut out, "response", &self.response());
        if let Some(qop) = challenge.qop.as_str() {
            let _ = write!(out, ", qop={qop}, nc={:08x}, ", self.nc);
            push_quoted(&mut out, "cnonce", self.cnonce);
        } else if challenge.algorithm.is_session() {
            out.push_str(", ");
            push_quoted(&mut out, "cnonce", self.cnonce);
        }
        if let Some(opaque) = &challenge.opaque {
            out.push_str(", ");
            push_quoted(&mut out, "opaque", opaque);
        }
        out
    }
}

/// `name="value"` with `"` and `\` escaped.
fn push_quoted(out: &mut String, name: &str, value: &str) {
    out.push_str(name);
    out.push_str("=\"");
    for character in value.chars() {
        if matches!(character, '"' | '\\') {
            out.push('\\');
        }
        out.push(character);
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::digest::Algorithm;

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

    fn answer<'a>(challenge: &'a Challenge, password: &'a str, cnonce: &'a str) -> Answer<'a> {
        Answer {
            challenge,
            username: "Mufasa",
            password,
            method: "GET",
            uri: "/dir/index.html",
            nc: 1,
            cnonce,
            body: b"",
        }
    }

    /// RFC 7616 §3.9.1.
    #[test]
    fn rfc7616_examples() {
        let cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
        let nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
        let md5 = challenge("http-auth@example.org", nonce, Algorithm::Md5, Qop::Auth);
        assert_eq!(
            answer(&md5, "Circle of Life", cnonce).response(),
            "8ca523f5e9506fed4657c9700eebdbec"
        );
        let sha = challenge("http-auth@example.org", nonce, Algorithm::Sha256, Qop::Auth);
        assert_eq!(
            answer(&sha, "Circle of Life", cnonce).response(),
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
        let answer = answer(&md5, "Circle Of Life", "0a4f113b");
        assert_eq!(answer.response(), "6629fae49393a05397450978507c4ef1");
        let header = answer.header();
        assert!(header.starts_with(r#"Digest username="Mufasa", realm="testrealm@host.com""#));
        assert!(header.contains(r#"qop=auth, nc=00000001, cnonce="0a4f113b""#));
    }

    #[test]
    fn legacy_form_has_no_nc_and_quotes_are_escaped() {
        let legacy = challenge("a\"b", "n", Algorithm::Md5, Qop::Legacy);
        let header = answer(&legacy, "pw", "c").header();
        assert!(header.contains(r#"realm="a\"b""#), "{header}");
        assert!(!header.contains("nc="), "{header}");
        assert!(!header.contains("cnonce"), "{header}");
    }
}
