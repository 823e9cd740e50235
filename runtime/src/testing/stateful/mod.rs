//! The stateful mode: an in-memory Atlas that keeps projects, clusters, database users, IP
//! access list entries and organization invitations, and answers the catalog's operations on
//! them as Atlas does, whatever path and name the test's own declarations give them.

mod access_list;
mod call;
mod clock;
mod clusters;
mod errors;
mod invitations;
mod lifecycle;
mod page;
mod projects;
mod render;
mod store;
mod topology;
mod users;

pub use lifecycle::Lifecycle;

pub(crate) use call::Call;

use super::body_check::check_version_complete;
use super::{API_PREFIX, RecordedRequest, Reply};
use crate::endpoint::{Media, versioned_media_type};
use crate::sync::lock;
use atlas_endpoint_catalog::Version;
use call::{Ask, Handler};
use std::sync::{Arc, Mutex};
use store::Store;

/// Every operation the stateful mode serves, by resource.
const HANDLERS: [&[(&str, Handler)]; 5] = [
    projects::HANDLERS,
    clusters::HANDLERS,
    users::HANDLERS,
    access_list::HANDLERS,
    invitations::HANDLERS,
];

/// The in-memory Atlas of an emulator's stateful mode (see [`Emulator::stateful`]). Clones
/// share the same state.
///
/// [`Emulator::stateful`]: super::Emulator::stateful
#[derive(Clone)]
pub struct Atlas {
    store: Arc<Mutex<Store>>,
}

impl std::fmt::Debug for Atlas {
    fn fmt(&self, out: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let store = lock(&self.store);
        out.debug_struct("Atlas")
            .field("lifecycle", &store.lifecycle)
            .field("projects", &store.projects.len())
            .field("invitations", &store.invitations.len())
            .finish()
    }
}

impl Atlas {
    /// An empty Atlas whose clusters change state as `lifecycle` says.
    pub(crate) fn new(lifecycle: Lifecycle) -> Self {
        Self {
            store: Arc::new(Mutex::new(Store::new(lifecycle))),
        }
    }

    /// The ids of the operations the stateful mode serves (every version the catalog lists of
    /// each), by resource: projects, clusters, database users, IP access list, invitations.
    pub fn operations() -> Vec<&'static str> {
        HANDLERS
            .iter()
            .flat_map(|handlers| handlers.iter().map(|(operation, _)| *operation))
            .collect()
    }

    /// Adds a project named `name` to the organization `org_id` (any 24-hex-digit id) and
    /// returns its id: the quick way to give a test a project to work in.
    pub fn add_project(&self, org_id: &str, name: &str) -> String {
        lock(&self.store)
            .add_project(org_id, name, &serde_json::Value::Null)
            .id()
            .to_owned()
    }

    /// What the stateful mode answers `request` (as a route sees it): for a route that wants
    /// Atlas's answer with a change, such as a [`Fault`](super::Fault). The request is checked
    /// as one no route serves is (all but the token): a request it does not serve gets the
    /// emulator's `501`; one whose `Accept` names no version of the operation, Atlas's `406`; a
    /// malformed path value or a body the version refuses (nested objects included), Atlas's
    /// `400`.
    pub fn answer(&self, request: &RecordedRequest) -> Reply {
        let path = request
            .path
            .strip_prefix(API_PREFIX)
            .unwrap_or(&request.path);
        let Some(call) = self.route(&request.method, path) else {
            let text = format!(
                "the emulator's stateful mode does not serve {} {path}",
                request.method
            );
            return Reply::raw(501, Some("text/plain; charset=utf-8"), text.into());
        };
        match admit(&call, request) {
            Ok(version) => self.serve(&call, version, path, request),
            Err(refused) => refused,
        }
    }

    /// The served operation `method` and `path` (relative to `/api/atlas/v2`) ask for.
    pub(crate) fn route(&self, method: &str, path: &str) -> Option<Call> {
        Call::find(
            HANDLERS.iter().flat_map(|handlers| handlers.iter()),
            method,
            path,
        )
    }

    /// Serves `version` of the matched operation; `path` is the request's, relative to
    /// `/api/atlas/v2`.
    pub(crate) fn serve(
        &self,
        call: &Call,
        version: &'static Version,
        path: &str,
        request: &RecordedRequest,
    ) -> Reply {
        let ask = Ask {
            version,
            params: &call.params,
            query: request.query_pairs(),
            body: request.json().unwrap_or(serde_json::Value::Null),
            base: format!(
                "http://{}{API_PREFIX}",
                request.header("host").unwrap_or("127.0.0.1")
            ),
            path: path.to_owned(),
        };
        let mut store = lock(&self.store);
        store.prune();
        (call.handler)(&mut store, &ask)
    }
}

/// The version of the matched operation `request` asks for, once the request passes the checks
/// Atlas makes before serving it: an `Accept` naming a version (else `406`), path values their
/// patterns accept and a body the version takes, with every nested object complete, since the
/// store keeps it and answers it back (else `400`).
pub(crate) fn admit(call: &Call, request: &RecordedRequest) -> Result<&'static Version, Reply> {
    let version = call
        .version(request.header("accept"))
        .ok_or_else(|| not_acceptable(call))?;
    if let Some(malformed) = call.malformed() {
        return Err(malformed);
    }
    match check_version_complete(call.operation, version, request.raw_body()) {
        Some(refused) => Err(refused),
        None => Ok(version),
    }
}

/// Atlas's `406` to an `Accept` header that names no version of the operation.
pub(crate) fn not_acceptable(call: &Call) -> Reply {
    let versions: Vec<String> = call
        .operation
        .versions
        .iter()
        .map(|version| versioned_media_type(version.version, Media::Json))
        .collect();
    Reply::atlas_error(
        406,
        "INVALID_ACCEPT_HEADER",
        &format!(
            "This operation needs Accept: one of {}.",
            versions.join(", ")
        ),
    )
}
