//! The emulator's OAuth2 token endpoint (client credentials) and bearer-token check.

use super::unauthorized;
use crate::testing::{RecordedRequest, Reply, lock};
use base64::Engine;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The service account the emulator accepts.
pub(super) struct Account<'a> {
    pub(super) client_id: &'a str,
    pub(super) client_secret: &'a str,
    pub(super) lifetime: Duration,
}

#[derive(Default)]
struct State {
    /// Issued tokens and when they expire.
    tokens: HashMap<String, Instant>,
    issue_times: Vec<Instant>,
    /// How many more token requests get 429, and the `Retry-After` they carry.
    rate_limited: usize,
    retry_after_secs: u64,
}

#[derive(Default)]
pub(super) struct TokenServer {
    state: Mutex<State>,
}

impl TokenServer {
    pub(super) fn issue_times(&self) -> Vec<Instant> {
        lock(&self.state).issue_times.clone()
    }

    pub(super) fn rate_limit(&self, times: usize, retry_after_secs: u64) {
        let mut state = lock(&self.state);
        state.rate_limited = times;
        state.retry_after_secs = retry_after_secs;
    }

    pub(super) fn forget_all(&self) {
        lock(&self.state).tokens.clear();
    }

    /// `POST /api/oauth/token`.
    pub(super) fn token(&self, account: &Account<'_>, request: &RecordedRequest) -> Reply {
        let mut state = lock(&self.state);
        if state.rate_limited > 0 {
            state.rate_limited -= 1;
            let retry_after = state.retry_after_secs.to_string();
            return Reply::json(429, &serde_json::json!({"error": "rate_limited"}))
                .header("retry-after", &retry_after);
        }
        if let Err(reply) = client_authenticated(account, request) {
            return reply;
        }
        let form = form(request);
        if form.get("grant_type").map(String::as_str) != Some("client_credentials") {
            return oauth_error(400, "unsupported_grant_type", "Use client_credentials.");
        }
        let Some(token) = crate::auth::random_hex() else {
            return oauth_error(500, "server_error", "No randomness.");
        };
        let token = format!("emulator-sa-{token}");
        let now = Instant::now();
        state.tokens.insert(token.clone(), now + account.lifetime);
        state.issue_times.push(now);
        Reply::json(
            200,
            &serde_json::json!({
                "access_token": token,
                "token_type": "Bearer",
                "expires_in": account.lifetime.as_secs_f64(),
            }),
        )
    }

    /// `POST /api/oauth/revoke`.
    pub(super) fn revoke(&self, account: &Account<'_>, request: &RecordedRequest) -> Reply {
        if let Err(reply) = client_authenticated(account, request) {
            return reply;
        }
        let Some(token) = form(request).remove("token") else {
            return oauth_error(400, "invalid_request", "The token is missing.");
        };
        lock(&self.state).tokens.remove(&token);
        Reply::raw(200, None, bytes::Bytes::new())
    }

    /// Whether an API request carries a current token.
    pub(super) fn check(&self, request: &RecordedRequest) -> Result<(), Reply> {
        let token = request
            .header("authorization")
            .and_then(|value| value.strip_prefix("Bearer "));
        let mut state = lock(&self.state);
        let now = Instant::now();
        state.tokens.retain(|_, expiry| *expiry > now);
        match token {
            Some(token) if state.tokens.contains_key(token) => Ok(()),
            _ => Err(unauthorized().header("www-authenticate", r#"Bearer error="invalid_token""#)),
        }
    }
}

/// Checks HTTP Basic `client_id:secret` (each form-urlencoded, RFC 6749 §2.3.1).
fn client_authenticated(account: &Account<'_>, request: &RecordedRequest) -> Result<(), Reply> {
    let decoded = request
        .header("authorization")
        .and_then(|value| value.strip_prefix("Basic "))
        .and_then(|encoded| {
            base64::engine::general_purpose::STANDARD
                .decode(encoded.trim())
                .ok()
        })
        .and_then(|bytes| String::from_utf8(bytes).ok());
    let pair = decoded.as_deref().and_then(|text| text.split_once(':'));
    let decode = |text: &str| {
        url::form_urlencoded::parse(format!("x={text}").as_bytes())
            .next()
            .map(|(_, value)| value.into_owned())
            .unwrap_or_default()
    };
    match pair {
        Some((id, secret))
            if decode(id) == account.client_id && decode(secret) == account.client_secret =>
        {
            Ok(())
        }
        _ => Err(
            oauth_error(401, "invalid_client", "Client authentication failed.")
                .header("www-authenticate", r#"Basic realm="oauth""#),
        ),
    }
}

fn form(request: &RecordedRequest) -> HashMap<String, String> {
    url::form_urlencoded::parse(&request.body)
        .into_owned()
        .collect()
}

fn oauth_error(status: u16, error: &str, description: &str) -> Reply {
    Reply::json(
        status,
        &serde_json::json!({"error": error, "error_description": description}),
    )
}
