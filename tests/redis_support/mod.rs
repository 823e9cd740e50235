//! What the Redis tests share (the `redis` feature, against the redis-server peer): fresh
//! namespaces, raw Redis commands, a relay that can be cut, a Redis that never answers, and a
//! count of the warnings a client logs.
#![allow(dead_code, reason = "each test file uses its own part")]

use atlas_endpoint::{Client, Page, Result, atlas_endpoint};
use serde_json::Value;
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;
use tokio::net::TcpListener;

/// The project every call names.
pub const GROUP: &str = "5f1b2c3d4e5f6a7b8c9d0e1f";

/// The call the Redis tests make.
#[atlas_endpoint(GET, "/groups/<groupId>/clusters")]
pub async fn list_clusters(client: &Client, group_id: &str) -> Result<Page<Value>>;

/// A namespace no earlier run used: the store starts cold.
pub fn fresh_namespace(name: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("atlas-test-{name}-{}-{nanos}", std::process::id())
}

/// The `host:port` of a `redis://host:port` URL.
fn address(url: &str) -> &str {
    url.trim_start_matches("redis://").trim_end_matches('/')
}

/// The answer of one Redis command, sent by hand (RESP), as the lines that are neither array
/// nor length headers.
pub fn redis_command(url: &str, args: &[&str]) -> Vec<String> {
    let mut stream = std::net::TcpStream::connect(address(url)).unwrap();
    let mut request = String::new();
    for command in [args, &["QUIT"]] {
        request.push_str(&format!("*{}\r\n", command.len()));
        for arg in command {
            request.push_str(&format!("${}\r\n{arg}\r\n", arg.len()));
        }
    }
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
        .split("\r\n")
        .filter(|line| !line.is_empty() && !line.starts_with(['*', '$']) && *line != "+OK")
        .map(str::to_owned)
        .collect()
}

/// A loopback TCP relay to Redis that can be cut: every connection through it is closed and no
/// new one is accepted.
pub struct Relay {
    pub url: String,
    task: tokio::task::JoinHandle<()>,
}

impl Relay {
    pub async fn to(redis: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("redis://{}", listener.local_addr().unwrap());
        let target = address(redis).to_owned();
        let task = tokio::spawn(async move {
            let mut connections = tokio::task::JoinSet::new();
            loop {
                let (mut inbound, _) = listener.accept().await.unwrap();
                let target = target.clone();
                connections.spawn(async move {
                    let mut outbound = tokio::net::TcpStream::connect(target).await.unwrap();
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                });
            }
        });
        Self { url, task }
    }

    /// Cuts the relay: its listener and connections are dropped.
    pub async fn cut(self) {
        self.task.abort();
        let _ = self.task.await;
    }
}

/// A loopback server that accepts connections and never answers: a Redis too slow to use.
pub async fn silent_server() -> (String, tokio::task::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("redis://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let mut held = Vec::new();
        loop {
            held.push(listener.accept().await.unwrap().0);
        }
    });
    (url, task)
}

/// A log sink for this thread's `tracing` warnings; install it with [`Warnings::install`].
#[derive(Clone, Default)]
pub struct Warnings(Arc<Mutex<Vec<u8>>>);

impl Warnings {
    /// Collects this thread's warnings until the guard is dropped.
    pub fn install(&self) -> tracing::subscriber::DefaultGuard {
        let sink = self.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || sink.clone())
            .with_ansi(false)
            .with_max_level(tracing::Level::WARN)
            .finish();
        tracing::subscriber::set_default(subscriber)
    }

    /// How many warnings contain `text`.
    pub fn count(&self, text: &str) -> usize {
        String::from_utf8_lossy(&self.0.lock().unwrap())
            .lines()
            .filter(|line| line.contains("WARN") && line.contains(text))
            .count()
    }
}

impl Write for Warnings {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
