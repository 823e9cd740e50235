//! The emulator's own reading of RFC 7616 (HTTP Digest): it parses `Authorization` headers and
//! computes the expected `response` without any of the client's Digest code, so a mistake in
//! the client's hashing or header parsing fails against the emulator too (Apache's
//! `mod_auth_digest`, in the interop tests, is the other independent check).

use crate::auth::DigestAlgorithm;
use std::collections::HashMap;
use std::fmt::Write;

/// The parameters of an `Authorization: Digest …` header, names lowercased; `None` when the
/// header is of another scheme or malformed.
pub(super) fn credentials(header: &str) -> Option<HashMap<String, String>> {
    let (scheme, mut rest) = header.trim_start().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("digest") {
        return None;
    }
    let mut params = HashMap::new();
    loop {
        rest = rest.trim_start_matches([' ', '\t', ',']);
        if rest.is_empty() {
            return Some(params);
        }
        let (name, after) = rest.split_once('=')?;
        let name = name.trim().to_ascii_lowercase();
        let after = after.trim_start();
        let value = if let Some(quoted) = after.strip_prefix('"') {
            let mut value = String::new();
            let mut chars = quoted.char_indices();
            let end = loop {
                match chars.next()? {
                    (index, '"') => break index,
                    (_, '\\') => value.push(chars.next()?.1),
                    (_, c) => value.push(c),
                }
            };
            rest = &quoted[end + 1..];
            value
        } else {
            let end = after.find(',').unwrap_or(after.len());
            rest = &after[end..];
            after[..end].trim().to_owned()
        };
        if params.insert(name, value).is_some() {
            return None; // a parameter given twice
        }
    }
}

/// The algorithm an `algorithm=` value names (MD5 when absent, as RFC 7616 says).
pub(super) fn algorithm(name: Option<&str>) -> Option<DigestAlgorithm> {
    Some(match name.map(str::to_ascii_uppercase).as_deref() {
        None | Some("MD5") => DigestAlgorithm::Md5,
        Some("MD5-SESS") => DigestAlgorithm::Md5Sess,
        Some("SHA-256") => DigestAlgorithm::Sha256,
        Some("SHA-256-SESS") => DigestAlgorithm::Sha256Sess,
        Some(_) => return None,
    })
}

/// What one request's `response` must be.
pub(super) struct Expected<'a> {
    pub(super) algorithm: DigestAlgorithm,
    pub(super) username: &'a str,
    pub(super) realm: &'a str,
    pub(super) password: &'a str,
    pub(super) method: &'a str,
    pub(super) uri: &'a str,
    pub(super) nonce: &'a str,
    /// `(nc, cnonce)` exactly as sent, with `qop=auth`; `None` for the legacy form.
    pub(super) qop_auth: Option<(&'a str, &'a str)>,
}

impl Expected<'_> {
    /// The hex `response` (RFC 7616 §3.4.1).
    pub(super) fn response(&self) -> String {
        let h = |text: &str| hex_hash(self.algorithm, text);
        let mut ha1 = h(&format!(
            "{}:{}:{}",
            self.username, self.realm, self.password
        ));
        let session = matches!(
            self.algorithm,
            DigestAlgorithm::Md5Sess | DigestAlgorithm::Sha256Sess
        );
        if session {
            let cnonce = self.qop_auth.map_or("", |(_, cnonce)| cnonce);
            ha1 = h(&format!("{ha1}:{}:{cnonce}", self.nonce));
        }
        let ha2 = h(&format!("{}:{}", self.method, self.uri));
        match self.qop_auth {
            Some((nc, cnonce)) => h(&format!("{ha1}:{}:{nc}:{cnonce}:auth:{ha2}", self.nonce)),
            None => h(&format!("{ha1}:{}:{ha2}", self.nonce)),
        }
    }
}

/// Lowercase hex of the algorithm's hash of `text`.
fn hex_hash(algorithm: DigestAlgorithm, text: &str) -> String {
    use sha2::Digest;
    let bytes: Vec<u8> = match algorithm {
        DigestAlgorithm::Md5 | DigestAlgorithm::Md5Sess => md5::Md5::digest(text).to_vec(),
        DigestAlgorithm::Sha256 | DigestAlgorithm::Sha256Sess => {
            sha2::Sha256::digest(text).to_vec()
        }
    };
    bytes.iter().fold(String::new(), |mut out, byte| {
        let _ = write!(out, "{byte:02x}");
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7616 §3.9.1's example, for MD5 and SHA-256.
    #[test]
    fn computes_the_rfc_examples() {
        let example = |algorithm| Expected {
            algorithm,
            username: "Mufasa",
            realm: "http-auth@example.org",
            password: "Circle of Life",
            method: "GET",
            uri: "/dir/index.html",
            nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
            qop_auth: Some(("00000001", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ")),
        };
        assert_eq!(
            example(DigestAlgorithm::Md5).response(),
            "8ca523f5e9506fed4657c9700eebdbec"
        );
        assert_eq!(
            example(DigestAlgorithm::Sha256).response(),
            "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"
        );
    }

    #[test]
    fn parses_quoted_and_bare_values() {
        let params = credentials(
            r#"Digest username="a\"b", realm="r", nc=00000001, qop=auth, uri="/x?y=1,2""#,
        )
        .unwrap();
        assert_eq!(params["username"], "a\"b");
        assert_eq!(params["nc"], "00000001");
        assert_eq!(params["qop"], "auth");
        assert_eq!(params["uri"], "/x?y=1,2");
        assert!(credentials("Bearer abc").is_none());
        assert!(credentials(r#"Digest username="a", username="b""#).is_none());
        assert!(credentials(r#"Digest username="unterminated"#).is_none());
    }
}
