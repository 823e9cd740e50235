//! The same calls written by hand with reqwest + serde_json: the physical limit.
//!
//! What a careful programmer writes without the runtime: a `format!`-built URL (no validation,
//! no percent-encoding: the arguments are trusted), the versioned `Accept` as a literal, a
//! cached `Authorization` value, `execute`, a status check, and `serde_json::from_slice` on the
//! body (what `reqwest::Response::json` does). Digest is computed per call (a fresh `nc` and
//! a random `cnonce` from the same source as the runtime's), after one challenge.

use crate::{NewUser, USER_AGENT};
use md5::{Digest, Md5};
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// Errors of the hand-written calls.
pub type HandError = Box<dyn std::error::Error + Send + Sync>;
/// Results of the hand-written calls.
pub type HandResult<T> = std::result::Result<T, HandError>;

const GET_CLUSTER_ACCEPT: &str = "application/vnd.atlas.2024-08-05+json, application/json";
const USERS_ACCEPT: &str = "application/vnd.atlas.2023-01-01+json, application/json";
const USERS_CONTENT_TYPE: &str = "application/vnd.atlas.2023-01-01+json";

/// A hand-written client: a reqwest client configured as the runtime configures its own, and
/// cached credentials.
pub struct Hand {
    http: reqwest::Client,
    /// `{base}/api/atlas/v2`.
    root: String,
    /// Where the path starts in a URL built on `root`.
    path_start: usize,
    auth: Auth,
}

enum Auth {
    Bearer(HeaderValue),
    Digest(DigestState),
}

struct DigestState {
    username: String,
    realm: String,
    nonce: String,
    opaque: Option<String>,
    /// `MD5(username:realm:password)` in hex, computed once.
    ha1: String,
    nc: AtomicU32,
}

/// The reqwest client the runtime would build: no redirects, 10 s connect timeout, the same
/// `User-Agent`.
pub fn http_client() -> reqwest::Client {
    let mut headers = HeaderMap::new();
    headers.insert(
        reqwest::header::USER_AGENT,
        HeaderValue::from_static(USER_AGENT),
    );
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .expect("a reqwest client")
}

impl Hand {
    fn new(base_url: &str, auth: Auth) -> Self {
        Self {
            http: http_client(),
            root: format!("{}/api/atlas/v2", base_url.trim_end_matches('/')),
            path_start: base_url.trim_end_matches('/').len(),
            auth,
        }
    }

    /// With a static bearer token.
    pub fn bearer(base_url: &str, token: &str) -> Self {
        Self::new(base_url, Auth::Bearer(bearer_header(token)))
    }

    /// With a service account: fetches one token now and sends it on every call.
    pub async fn service_account(base_url: &str, id: &str, secret: &str) -> HandResult<Self> {
        #[derive(Deserialize)]
        struct TokenAnswer {
            access_token: String,
        }
        let http = http_client();
        let response = http
            .post(format!(
                "{}/api/oauth/token",
                base_url.trim_end_matches('/')
            ))
            .basic_auth(id, Some(secret))
            .header(ACCEPT, "application/json")
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body("grant_type=client_credentials")
            .send()
            .await?;
        let token: TokenAnswer = decode(response).await?;
        let mut hand = Self::new(base_url, Auth::Bearer(bearer_header(&token.access_token)));
        hand.http = http;
        Ok(hand)
    }

    /// With an API key: takes the server's Digest challenge now (one 401), then answers it on
    /// every call with the next `nc`.
    pub async fn digest(base_url: &str, username: &str, password: &str) -> HandResult<Self> {
        let mut hand = Self::new(base_url, Auth::Bearer(HeaderValue::from_static("")));
        let request = hand.get_cluster_request(crate::GROUP, crate::CLUSTER)?;
        let response = hand.http.execute(request).await?;
        let challenge = response
            .headers()
            .get(reqwest::header::WWW_AUTHENTICATE)
            .and_then(|value| value.to_str().ok())
            .ok_or("no Digest challenge")?;
        let field = |name: &str| {
            challenge
                .trim_start_matches("Digest ")
                .split(',')
                .filter_map(|part| part.trim().split_once('='))
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.trim_matches('"').to_owned())
        };
        let realm = field("realm").ok_or("no realm")?;
        let nonce = field("nonce").ok_or("no nonce")?;
        let opaque = field("opaque");
        let ha1 = md5_hex(format!("{username}:{realm}:{password}").as_bytes());
        hand.auth = Auth::Digest(DigestState {
            username: username.to_owned(),
            realm,
            nonce,
            opaque,
            ha1,
            nc: AtomicU32::new(0),
        });
        Ok(hand)
    }

    /// `GET /groups/{groupId}/clusters/{clusterName}`, prepared.
    pub fn get_cluster_request(
        &self,
        group_id: &str,
        cluster_name: &str,
    ) -> reqwest::Result<reqwest::Request> {
        self.http
            .get(format!(
                "{}/groups/{group_id}/clusters/{cluster_name}",
                self.root
            ))
            .header(ACCEPT, GET_CLUSTER_ACCEPT)
            .build()
    }

    /// `POST /groups/{groupId}/databaseUsers` with a JSON body, prepared.
    pub fn create_database_user_request(
        &self,
        group_id: &str,
        user: &NewUser,
    ) -> HandResult<reqwest::Request> {
        let body = serde_json::to_vec(user)?;
        Ok(self
            .http
            .post(format!("{}/groups/{group_id}/databaseUsers", self.root))
            .header(ACCEPT, USERS_ACCEPT)
            .header(CONTENT_TYPE, USERS_CONTENT_TYPE)
            .body(body)
            .build()?)
    }

    /// `GET /groups/{groupId}/databaseUsers?itemsPerPage=…&pageNum=…`, prepared.
    pub fn list_database_users_request(
        &self,
        group_id: &str,
        items_per_page: u32,
        page_num: u32,
    ) -> reqwest::Result<reqwest::Request> {
        self.http
            .get(format!(
                "{}/groups/{group_id}/databaseUsers?itemsPerPage={items_per_page}&pageNum={page_num}",
                self.root
            ))
            .header(ACCEPT, USERS_ACCEPT)
            .build()
    }

    /// Adds the cached credentials (or this call's Digest answer) and sends.
    async fn send(&self, mut request: reqwest::Request) -> HandResult<reqwest::Response> {
        let value = match &self.auth {
            Auth::Bearer(value) => value.clone(),
            Auth::Digest(digest) => {
                let url = request.url().as_str();
                let uri = &url[self.path_start.min(url.len())..];
                digest.answer(request.method().as_str(), uri)?
            }
        };
        request.headers_mut().insert(AUTHORIZATION, value);
        Ok(self.http.execute(request).await?)
    }

    /// The full call: prepared, authorized, sent, checked, decoded.
    pub async fn get_cluster(
        &self,
        group_id: &str,
        cluster_name: &str,
    ) -> HandResult<crate::Cluster> {
        let request = self.get_cluster_request(group_id, cluster_name)?;
        decode(self.send(request).await?).await
    }

    /// The full call.
    pub async fn create_database_user(
        &self,
        group_id: &str,
        user: &NewUser,
    ) -> HandResult<crate::User> {
        let request = self.create_database_user_request(group_id, user)?;
        decode(self.send(request).await?).await
    }

    /// The full call.
    pub async fn list_database_users(
        &self,
        group_id: &str,
        items_per_page: u32,
        page_num: u32,
    ) -> HandResult<crate::UserPage> {
        let request = self.list_database_users_request(group_id, items_per_page, page_num)?;
        decode(self.send(request).await?).await
    }
}

impl DigestState {
    /// RFC 7616 with MD5 and `qop=auth`.
    fn answer(&self, method: &str, uri: &str) -> HandResult<HeaderValue> {
        let nc = self.nc.fetch_add(1, Ordering::Relaxed) + 1;
        let mut random = [0u8; 16];
        getrandom::fill(&mut random).map_err(|error| error.to_string())?;
        let cnonce = hex(&random);
        let ha2 = md5_hex(format!("{method}:{uri}").as_bytes());
        let response =
            md5_hex(format!("{}:{}:{nc:08x}:{cnonce}:auth:{ha2}", self.ha1, self.nonce).as_bytes());
        let mut header = format!(
            r#"Digest username="{}", realm="{}", nonce="{}", uri="{uri}", algorithm=MD5, qop=auth, nc={nc:08x}, cnonce="{cnonce}", response="{response}""#,
            self.username, self.realm, self.nonce
        );
        if let Some(opaque) = &self.opaque {
            header.push_str(&format!(r#", opaque="{opaque}""#));
        }
        Ok(HeaderValue::try_from(header)?)
    }
}

async fn decode<T: DeserializeOwned>(response: reqwest::Response) -> HandResult<T> {
    let status = response.status();
    if !status.is_success() {
        return Err(format!("HTTP {status}").into());
    }
    let body = response.bytes().await?;
    Ok(serde_json::from_slice(&body)?)
}

fn bearer_header(token: &str) -> HeaderValue {
    let mut value = HeaderValue::try_from(format!("Bearer {token}")).expect("a header value");
    value.set_sensitive(true);
    value
}

fn md5_hex(data: &[u8]) -> String {
    hex(&Md5::digest(data))
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(DIGITS[usize::from(byte >> 4)] as char);
        text.push(DIGITS[usize::from(byte & 15)] as char);
    }
    text
}
