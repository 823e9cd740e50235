//! Building a request from an endpoint and arguments, without sending it.

use crate::auth::Scheme;
use crate::endpoint::Endpoint;
use crate::error::{Error, Result};
use crate::options::CallOptions;
use crate::params::{ParamValue, RequestBody};
use crate::path::{self, PathSegment};
use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use std::fmt;
use url::Url;

/// A fully validated and encoded request, ready to send with [`Client::send`](crate::Client::send).
///
/// `Display` shows it as HTTP text; credentials are added only when it is sent.
#[derive(Debug, Clone)]
pub struct Request {
    endpoint: &'static Endpoint,
    url: Url,
    headers: HeaderMap,
    body: Option<Bytes>,
    auth_scheme: Scheme,
    /// Whether `headers` are only those of the endpoint (no header parameters).
    plain_headers: bool,
}

impl Request {
    /// The endpoint this request calls.
    pub fn endpoint(&self) -> &'static Endpoint {
        self.endpoint
    }

    /// The HTTP method.
    pub fn method(&self) -> crate::Method {
        self.endpoint.method
    }

    /// The full URL, path parameters encoded, query included.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The headers (without `Authorization`, which is added when sending).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The JSON body, if any.
    pub fn body(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }

    /// The request as reqwest would send it, headers and body included, without credentials
    /// (the client adds them to each attempt). For sending it with your own HTTP stack.
    pub fn into_reqwest(mut self) -> reqwest::Request {
        self.attempt()
    }

    /// The request of one attempt. The first attempt takes the headers when they are only
    /// the endpoint's (the usual case), and a later attempt, which is rare, rebuilds them;
    /// other headers are copied for each attempt.
    pub(crate) fn attempt(&mut self) -> reqwest::Request {
        let headers = if !self.plain_headers {
            self.headers.clone()
        } else if self.headers.is_empty() {
            crate::media::headers(self.endpoint, self.body.is_some())
        } else {
            std::mem::take(&mut self.headers)
        };
        let mut request =
            reqwest::Request::new(self.endpoint.method.to_reqwest(), self.url.clone());
        *request.headers_mut() = headers;
        if let Some(body) = &self.body {
            *request.body_mut() = Some(body.clone().into());
        }
        request
    }
}

impl fmt::Display for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} {}", self.endpoint.method, self.url)?;
        for (name, value) in &self.headers {
            writeln!(f, "{name}: {}", value.to_str().unwrap_or("<binary>"))?;
        }
        write!(f, "authorization: {} [redacted]", self.auth_scheme.name())?;
        if let Some(body) = &self.body {
            write!(f, "\n\n{}", String::from_utf8_lossy(body))?;
        }
        Ok(())
    }
}

/// Collects the arguments of one call. Errors are kept and reported by [`RequestBuilder::build`].
pub struct RequestBuilder<'a> {
    /// `{base}/api/atlas/v2`.
    api_root: &'a Url,
    options: &'a CallOptions,
    auth_scheme: Scheme,
    endpoint: &'static Endpoint,
    /// The URL's path, encoded (empty until the path parameters are given).
    path: String,
    query: Vec<(&'static str, String)>,
    headers: HeaderMap,
    body: Option<Bytes>,
    error: Option<Error>,
}

impl<'a> RequestBuilder<'a> {
    pub(crate) fn new(
        api_root: &'a Url,
        options: &'a CallOptions,
        auth_scheme: Scheme,
        endpoint: &'static Endpoint,
    ) -> Self {
        Self {
            api_root,
            options,
            auth_scheme,
            endpoint,
            path: String::new(),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            error: None,
        }
    }

    /// The path parameters, in placeholder order: validated, then encoded one segment each.
    pub fn path(mut self, values: &[&dyn PathSegment]) -> Self {
        let root = self.api_root.path();
        let mut path = String::with_capacity(root.len().saturating_add(64));
        path.push_str(root);
        match path::render(self.endpoint, values, &mut path) {
            Ok(()) => self.path = path,
            Err(error) => self.fail(error),
        }
        self
    }

    /// A query parameter: `None` is omitted, sequences repeat the name.
    pub fn query(mut self, name: &'static str, value: &dyn ParamValue) -> Self {
        value.for_each_value(&mut |text| self.query.push((name, text.into_owned())));
        self
    }

    /// A header parameter: `None` is omitted, sequences repeat the header.
    pub fn header(mut self, name: &'static str, value: &dyn ParamValue) -> Self {
        let mut failure = None;
        let header = HeaderName::from_bytes(name.as_bytes()).ok();
        value.for_each_value(&mut |text| match (&header, HeaderValue::from_str(&text)) {
            (Some(header), Ok(value)) => {
                self.headers.append(header.clone(), value);
            }
            _ => failure = Some(text.into_owned()),
        });
        if let Some(text) = failure {
            let expected = "a header value without control characters".to_owned();
            self.fail(Error::invalid(self.endpoint, name, text, expected));
        }
        self
    }

    /// The JSON request body.
    pub fn json(mut self, body: &dyn RequestBody) -> Self {
        match body.to_json() {
            Ok(bytes) => self.body = Some(bytes.into()),
            Err(source) => self.fail(Error::Body {
                operation: self.endpoint.operation,
                source,
            }),
        }
        self
    }

    fn fail(&mut self, error: Error) {
        self.error.get_or_insert(error);
    }

    /// The request, or the first argument error.
    pub fn build(mut self) -> Result<Request> {
        if self.path.is_empty() && self.error.is_none() {
            self = self.path(&[]);
        }
        if let Some(error) = self.error {
            return Err(error);
        }
        // The path is validated and encoded: setting it on a copy of the parsed root costs
        // a pass over the path only, where parsing the whole URL would parse the host too.
        let mut url = self.api_root.clone();
        url.set_path(&self.path);
        let options = self.options;
        let flags = [("envelope", options.envelope), ("pretty", options.pretty)];
        let mut query = self.query;
        query.extend(
            flags
                .iter()
                .filter(|(_, on)| *on)
                .map(|(name, _)| (*name, "true".to_owned())),
        );
        if !query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(query.iter().map(|(name, value)| (*name, value.as_str())));
        }
        // Without header parameters, the headers are a function of the endpoint, so the
        // first attempt may take them and a later one rebuild them.
        let plain_headers = self.headers.is_empty();
        let mut headers = self.headers;
        crate::media::insert(&mut headers, self.endpoint, self.body.is_some());
        Ok(Request {
            endpoint: self.endpoint,
            url,
            headers,
            body: self.body,
            auth_scheme: self.auth_scheme,
            plain_headers,
        })
    }
}
