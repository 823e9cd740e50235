//! A minimal HTTP/1.1 server on loopback that answers fixed bodies, so the server costs the
//! same whichever side calls it. It checks no credentials; it only asks for Digest when a
//! request to the API carries no `Authorization` at all.
//!
//! - `POST /api/oauth/token`: a bearer token valid for 3600 s;
//! - `POST …/databaseUsers`: 201 with a user;
//! - `GET …/databaseUsers`: 200 with an empty page;
//! - any other API path: 200 with a cluster (about 1 KB of JSON);
//! - an API request without `Authorization`: 401 with an MD5 Digest challenge like Atlas's.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{CONTENT_TYPE, HeaderValue, WWW_AUTHENTICATE};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::net::SocketAddr;
use tokio::net::TcpListener;

/// The cluster every `GET …/clusters/…` answers.
pub const CLUSTER_JSON: &str = r#"{"id":"65a1b2c3d4e5f6a7b8c9d0ff","name":"Cluster0-analytics","groupId":"65a1b2c3d4e5f6a7b8c9d0e1","clusterType":"REPLICASET","mongoDBVersion":"8.0.4","mongoDBMajorVersion":"8.0","stateName":"IDLE","paused":false,"pitEnabled":true,"backupEnabled":true,"terminationProtectionEnabled":false,"diskSizeGB":40.0,"createDate":"2024-05-01T10:20:30Z","versionReleaseSystem":"LTS","connectionStrings":{"standard":"mongodb://cluster0-shard-00-00.abcde.mongodb.net:27017,cluster0-shard-00-01.abcde.mongodb.net:27017,cluster0-shard-00-02.abcde.mongodb.net:27017/?ssl=true&authSource=admin&replicaSet=atlas-xyz-shard-0","standardSrv":"mongodb+srv://cluster0.abcde.mongodb.net"},"replicationSpecs":[{"id":"65a1b2c3d4e5f6a7b8c9d0aa","zoneId":"65a1b2c3d4e5f6a7b8c9d0ab","zoneName":"Zone 1","regionConfigs":[{"providerName":"AWS","regionName":"US_EAST_1","priority":7,"electableSpecs":{"instanceSize":"M30","nodeCount":3,"diskIOPS":3000,"ebsVolumeType":"STANDARD"},"readOnlySpecs":{"instanceSize":"M30","nodeCount":0}}]}],"tags":[{"key":"env","value":"production"},{"key":"team","value":"payments"}],"links":[{"href":"https://cloud.mongodb.com/api/atlas/v2/groups/65a1b2c3d4e5f6a7b8c9d0e1/clusters/Cluster0-analytics","rel":"self"}]}"#;
/// What `POST …/databaseUsers` answers.
pub const USER_JSON: &str = r#"{"databaseName":"admin","username":"app-reader","groupId":"65a1b2c3d4e5f6a7b8c9d0e1","roles":[{"databaseName":"sales","roleName":"read"}],"links":[]}"#;
/// What `GET …/databaseUsers` answers.
pub const PAGE_JSON: &str = r#"{"results":[],"totalCount":0,"links":[]}"#;
/// What the token endpoint answers.
pub const TOKEN_JSON: &str = r#"{"access_token":"eyJhbGciOiJSUzI1NiJ9.bench-service-account-token.c2lnbmF0dXJl","token_type":"Bearer","expires_in":3600}"#;
/// The Digest challenge, the shape Atlas sends.
pub const CHALLENGE: &str = r#"Digest realm="MMS Public API", domain="", nonce="Vz1bm9uY2UtZm9yLXRoZS1iZW5jaG1hcmtz", algorithm=MD5, qop="auth", stale=false"#;

/// Accepts connections on `listener` forever, one task per connection, on the current runtime.
pub async fn serve(listener: TcpListener) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        tokio::spawn(async move {
            let _ = http1::Builder::new()
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), service_fn(answer))
                .await;
        });
    }
}

/// Binds a free port of 127.0.0.1 and serves it on a thread of its own (a current-thread
/// runtime, so the server uses one core at most). Returns the base URL.
pub fn spawn_thread() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    listener.set_nonblocking(true).expect("non-blocking");
    let address: SocketAddr = listener.local_addr().expect("an address");
    std::thread::Builder::new()
        .name("bench-server".into())
        .spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime");
            runtime.block_on(async move {
                serve(TcpListener::from_std(listener).expect("a tokio listener")).await;
            });
        })
        .expect("a server thread");
    format!("http://{address}")
}

/// Binds a free port of 127.0.0.1 and serves it as a task of the current runtime (for
/// instruction counts, where client and server share one thread). Returns the base URL.
pub async fn spawn_task() -> String {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1");
    let address = listener.local_addr().expect("an address");
    tokio::spawn(serve(listener));
    format!("http://{address}")
}

async fn answer(request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let (parts, body) = request.into_parts();
    // Read the request body so the connection stays reusable.
    let _ = body.collect().await;
    let path = parts.uri.path();
    let json = |status: StatusCode, body: &'static str, media: &'static str| {
        let mut response = Response::new(Full::new(Bytes::from_static(body.as_bytes())));
        *response.status_mut() = status;
        response
            .headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static(media));
        response
    };
    if path == "/api/oauth/token" {
        return Ok(json(StatusCode::OK, TOKEN_JSON, "application/json"));
    }
    if !parts.headers.contains_key(hyper::header::AUTHORIZATION) {
        let mut response = json(
            StatusCode::UNAUTHORIZED,
            r#"{"error":401,"reason":"Unauthorized"}"#,
            "application/json",
        );
        response
            .headers_mut()
            .insert(WWW_AUTHENTICATE, HeaderValue::from_static(CHALLENGE));
        return Ok(response);
    }
    Ok(if path.ends_with("/databaseUsers") {
        if parts.method == Method::POST {
            json(
                StatusCode::CREATED,
                USER_JSON,
                "application/vnd.atlas.2023-01-01+json",
            )
        } else {
            json(
                StatusCode::OK,
                PAGE_JSON,
                "application/vnd.atlas.2023-01-01+json",
            )
        }
    } else {
        json(
            StatusCode::OK,
            CLUSTER_JSON,
            "application/vnd.atlas.2024-08-05+json",
        )
    })
}
