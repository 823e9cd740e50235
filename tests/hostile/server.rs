//! A small HTTP/1.1 server on loopback that answers whatever a scenario scripts, including
//! what no well-behaved server sends: answers that never come, endless bodies, absurd
//! numbers. Written for these tests on a bare `TcpListener` (not the emulator), so the shapes
//! it sends are the scenario's own.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as received (what the scenarios look at).
#[derive(Debug, Clone)]
pub struct Request {
    /// The path without the query.
    pub path: String,
    /// Header names in lower case.
    pub headers: BTreeMap<String, String>,
}

/// What the server does with a request.
pub enum Action {
    /// A complete answer.
    Answer {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Nothing, ever: the connection stays open and silent.
    Stall,
    /// A 200 whose body is `length` bytes of `{"a":` … sent until the client stops reading;
    /// announced with `Content-Length` when `announced`, else chunked.
    Endless { length: u64, announced: bool },
}

impl Action {
    /// A JSON answer.
    pub fn json(status: u16, body: serde_json::Value) -> Self {
        Self::Answer {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.to_string().into_bytes(),
        }
    }

    /// Adds a header to an [`Action::Answer`].
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let Self::Answer { headers, .. } = &mut self {
            headers.push((name.into(), value.into()));
        }
        self
    }
}

type Script = dyn Fn(&Request) -> Action + Send + Sync;

/// A running server; it stops when the test's runtime ends.
pub struct Server {
    address: SocketAddr,
    requests: Arc<Mutex<Vec<Request>>>,
    /// Body bytes the server managed to write for endless answers.
    written: Arc<AtomicU64>,
}

impl Server {
    /// Starts a server answering every request with `script`.
    pub async fn start(script: impl Fn(&Request) -> Action + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await.unwrap();
        let address = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let written = Arc::new(AtomicU64::new(0));
        let script: Arc<Script> = Arc::new(script);
        let (log, count) = (Arc::clone(&requests), Arc::clone(&written));
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (script, log, count) =
                    (Arc::clone(&script), Arc::clone(&log), Arc::clone(&count));
                tokio::spawn(serve(stream, script, log, count));
            }
        });
        Self {
            address,
            requests,
            written,
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }

    /// How many requests went to paths starting with `prefix`.
    pub fn count(&self, prefix: &str) -> usize {
        self.requests()
            .iter()
            .filter(|request| request.path.starts_with(prefix))
            .count()
    }

    /// Body bytes written for endless answers before the client hung up.
    pub fn endless_bytes_written(&self) -> u64 {
        self.written.load(Ordering::SeqCst)
    }
}

async fn serve(
    mut stream: TcpStream,
    script: Arc<Script>,
    log: Arc<Mutex<Vec<Request>>>,
    written: Arc<AtomicU64>,
) {
    let mut buffer = Vec::new();
    loop {
        let Some(request) = read_request(&mut stream, &mut buffer).await else {
            return;
        };
        log.lock().unwrap().push(request.clone());
        match script(&request) {
            Action::Answer {
                status,
                headers,
                body,
            } => {
                let mut head = format!(
                    "HTTP/1.1 {status} Scripted\r\ncontent-length: {}\r\n",
                    body.len()
                );
                for (name, value) in headers {
                    head.push_str(&format!("{name}: {value}\r\n"));
                }
                head.push_str("\r\n");
                if stream.write_all(head.as_bytes()).await.is_err()
                    || stream.write_all(&body).await.is_err()
                {
                    return;
                }
            }
            Action::Stall => {
                // Keep the connection open and say nothing until the client gives up.
                let mut sink = [0u8; 1024];
                while matches!(stream.read(&mut sink).await, Ok(read) if read > 0) {}
                return;
            }
            Action::Endless { length, announced } => {
                let framing = if announced {
                    format!("content-length: {length}")
                } else {
                    "transfer-encoding: chunked".into()
                };
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n{framing}\r\n\r\n"
                );
                if stream.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let chunk = vec![b' '; 64 * 1024];
                let mut sent = 0u64;
                while sent < length {
                    let result = if announced {
                        stream.write_all(&chunk).await
                    } else {
                        let framed =
                            [format!("{:x}\r\n", chunk.len()).as_bytes(), &chunk, b"\r\n"].concat();
                        stream.write_all(&framed).await
                    };
                    if result.is_err() {
                        break;
                    }
                    sent += chunk.len() as u64;
                    written.fetch_add(chunk.len() as u64, Ordering::SeqCst);
                }
                return;
            }
        }
    }
}

/// Reads one request (its head, and past its `Content-Length` body); `None` when the
/// connection closed.
async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Request> {
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
            break at;
        }
        let mut chunk = [0u8; 4096];
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let target = lines.next()?.split(' ').nth(1)?.to_owned();
    let headers: BTreeMap<String, String> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let length: usize = headers
        .get("content-length")
        .and_then(|value| value.parse().ok())
        .unwrap_or(0);
    let body_start = head_end + 4;
    while buffer.len() < body_start + length {
        let mut chunk = [0u8; 4096];
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    // The body is read (to keep the connection in step) and not kept.
    buffer.drain(..body_start + length);
    let path = target.split('?').next().unwrap_or_default().to_owned();
    Some(Request { path, headers })
}
