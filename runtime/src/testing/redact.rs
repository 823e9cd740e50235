//! Hiding secrets in what the emulator prints about recorded requests.

use serde_json::Value;

/// What a secret's value is replaced with.
pub(crate) const REDACTED: &str = "[redacted]";

/// Fragments that make a JSON field, form field or header name look secret, compared with the
/// name lower-cased and without `_` and `-` (`privateKey`, `private_key` → `privatekey`).
const SECRET_NAME_FRAGMENTS: [&str; 11] = [
    "password",
    "passwd",
    "passphrase",
    "secret",
    "privatekey",
    "apikey",
    "token",
    "credential",
    "authorization",
    "cookie",
    "servicekey",
];

/// Whether a field or header called `name` likely holds a secret.
pub(crate) fn is_secret_name(name: &str) -> bool {
    let folded: String = name
        .chars()
        .filter(|c| !matches!(c, '_' | '-'))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    SECRET_NAME_FRAGMENTS
        .iter()
        .any(|fragment| folded.contains(fragment))
}

/// `value` with the value of every secret-looking field replaced, at any depth.
pub(crate) fn redact_json(value: &mut Value) {
    match value {
        Value::Object(fields) => {
            for (name, field) in fields.iter_mut() {
                if is_secret_name(name) {
                    *field = Value::String(REDACTED.to_owned());
                } else {
                    redact_json(field);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact_json),
        _ => {}
    }
}

/// A form-encoded body with the values of secret-looking fields replaced.
pub(crate) fn redact_form(text: &str) -> String {
    text.split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if is_secret_name(name) => format!("{name}={REDACTED}"),
            _ => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_secret_names_in_any_case_style() {
        for name in [
            "password",
            "privateKey",
            "private_key",
            "secretAccessKey",
            "apiKey",
            "client_secret",
            "writeToken",
            "Authorization",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in ["username", "databaseName", "groupId", "keyId", "roles"] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn redacts_nested_fields_and_keeps_the_rest() {
        let mut value = serde_json::json!({
            "username": "app",
            "password": "hunter2",
            "integrations": [{"type": "DATADOG", "apiKey": "dd-123"}],
            "credentials": {"user": "u", "key": "k"},
        });
        redact_json(&mut value);
        assert_eq!(
            value,
            serde_json::json!({
                "username": "app",
                "password": REDACTED,
                "integrations": [{"type": "DATADOG", "apiKey": REDACTED}],
                "credentials": REDACTED,
            })
        );
        assert_eq!(
            redact_form("grant_type=client_credentials&client_secret=s3"),
            format!("grant_type=client_credentials&client_secret={REDACTED}")
        );
    }
}
