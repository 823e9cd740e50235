//! A request matched to a catalog operation the stateful mode serves, and what its handler
//! reads from it.

use super::store::Store;
use crate::endpoint::{ByteClasses, Media, matches, versioned_media_type};
use crate::testing::Reply;
use crate::testing::routing::{accepts, match_template};
use atlas_endpoint_catalog::{Location, OPERATIONS, Operation, Version};
use serde_json::Value;
use std::collections::BTreeMap;

/// A request matched to an operation by method and path template.
pub(crate) struct Call {
    /// The operation.
    pub(crate) operation: &'static Operation,
    /// The placeholder values, percent-decoded.
    pub(crate) params: BTreeMap<String, String>,
    /// What serves it.
    pub(super) handler: Handler,
}

impl Call {
    /// The operation among `served` whose template fits `method` and `path` (relative to
    /// `/api/atlas/v2`, still encoded); of several, the one with the most literal segments
    /// (`/groups/byName/<groupName>` before `/groups/<groupId>/…`).
    pub(super) fn find<'a>(
        served: impl Iterator<Item = &'a (&'a str, Handler)> + Clone,
        method: &str,
        path: &str,
    ) -> Option<Self> {
        OPERATIONS
            .iter()
            .filter(|operation| operation.method.as_str() == method)
            .filter_map(|operation| {
                let (_, handler) = served
                    .clone()
                    .find(|(id, _)| *id == operation.operation_id)?;
                let (params, literals) = match_template(operation.path, path)?;
                let call = Self {
                    operation,
                    params,
                    handler: *handler,
                };
                Some((literals, call))
            })
            .max_by_key(|(literals, _)| *literals)
            .map(|(_, call)| call)
    }

    /// The version the `Accept` header asks for: the first of its media types that names a
    /// JSON version of the operation.
    pub(crate) fn version(&self, accept: Option<&str>) -> Option<&'static Version> {
        let accept = accept?;
        accept.split(',').find_map(|item| {
            self.operation.versions.iter().find(|version| {
                version.media == atlas_endpoint_catalog::Media::Json
                    && accepts(
                        Some(item),
                        &versioned_media_type(version.version, Media::Json),
                    )
            })
        })
    }
}

impl Call {
    /// Atlas's `400` for the first path value its parameter's pattern refuses (an id that is
    /// not 24 hex digits, a cluster name with a `.`), if any.
    pub(crate) fn malformed(&self) -> Option<Reply> {
        self.operation
            .params
            .iter()
            .filter(|param| param.location == Location::Path)
            .find_map(|param| {
                let pattern = param.pattern?;
                let value = self.params.get(param.name)?;
                let fits = matches(pattern, value, ByteClasses::of(value));
                (!fits).then(|| {
                    Reply::atlas_error(
                        400,
                        "INVALID_PATH_PARAMETER",
                        &format!("Invalid path parameter {} specified: {value}.", param.name),
                    )
                })
            })
    }
}

/// What a handler reads from a request: the version, the path parameters, the query and the
/// JSON body.
pub(super) struct Ask<'a> {
    /// The version asked for.
    pub(super) version: &'static Version,
    /// The placeholder values, percent-decoded.
    pub(super) params: &'a BTreeMap<String, String>,
    /// The decoded query pairs.
    pub(super) query: Vec<(String, String)>,
    /// The body (`null` when there is none, or it is not JSON).
    pub(super) body: Value,
    /// `http://<host>/api/atlas/v2`, for links.
    pub(super) base: String,
    /// The request path relative to `base`, as received.
    pub(super) path: String,
}

impl Ask<'_> {
    /// A path parameter (empty when absent, which a matched template rules out).
    pub(super) fn param(&self, name: &str) -> &str {
        self.params.get(name).map_or("", String::as_str)
    }

    /// The last value of a query parameter.
    pub(super) fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .rev()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// A string field of the body.
    pub(super) fn field(&self, name: &str) -> Option<&str> {
        self.body.get(name).and_then(Value::as_str)
    }

    /// The absolute URL of `relative` (a path under `/api/atlas/v2`).
    pub(super) fn url(&self, relative: &str) -> String {
        format!("{}{relative}", self.base)
    }
}

/// Serves one operation from the store.
pub(super) type Handler = fn(&mut Store, &Ask) -> Reply;

#[cfg(test)]
mod tests {
    use super::*;

    fn unused(_: &mut Store, _: &Ask) -> Reply {
        Reply::no_content()
    }

    #[test]
    fn the_most_literal_template_wins_and_values_are_decoded() {
        let served: [(&str, Handler); 3] = [
            ("getGroupByName", unused),
            ("listGroupClusters", unused),
            ("getGroupAccessListEntry", unused),
        ];
        let call = Call::find(served.iter(), "GET", "/groups/byName/clusters").unwrap();
        assert_eq!(call.operation.operation_id, "getGroupByName");
        let call = Call::find(served.iter(), "GET", "/groups/abc/clusters").unwrap();
        assert_eq!(call.operation.operation_id, "listGroupClusters");
        let call = Call::find(served.iter(), "GET", "/groups/abc/accessList/10.0.0.0%2F8").unwrap();
        assert_eq!(call.params["entryValue"], "10.0.0.0/8");
        assert!(Call::find(served.iter(), "DELETE", "/groups/abc/clusters").is_none());
        assert!(Call::find(served.iter(), "GET", "/groups//clusters").is_none());
    }

    #[test]
    fn a_path_value_its_pattern_refuses_is_malformed() {
        let served: [(&str, Handler); 2] = [
            ("getGroupCluster", unused),
            ("getGroupAccessListEntry", unused),
        ];
        let group = "5f1b2c3d4e5f6a7b8c9d0e1f";
        let malformed = |path: &str| {
            Call::find(served.iter(), "GET", path)
                .and_then(|call| call.malformed())
                .map(|reply| reply.status)
        };
        assert_eq!(malformed(&format!("/groups/{group}/clusters/Main-1")), None);
        assert_eq!(
            malformed(&format!("/groups/{group}/accessList/10.0.0.0%2F8")),
            None
        );
        assert_eq!(
            malformed(&format!("/groups/{group}/accessList/sg-0123abcd")),
            None
        );
        assert_eq!(malformed("/groups/not-hex/clusters/Main"), Some(400));
        assert_eq!(
            malformed(&format!("/groups/{group}/clusters/a.b")),
            Some(400)
        );
        assert_eq!(
            malformed(&format!("/groups/{group}/accessList/not-an-ip")),
            Some(400)
        );
    }

    #[test]
    fn the_version_is_the_first_accepted_one_the_operation_has() {
        let served: [(&str, Handler); 1] = [("getGroupCluster", unused)];
        let call = Call::find(served.iter(), "GET", "/groups/a/clusters/b").unwrap();
        let accept = "application/json, application/vnd.atlas.2023-02-01+json;q=0.9";
        assert_eq!(call.version(Some(accept)).unwrap().version, "2023-02-01");
        assert!(
            call.version(Some("application/vnd.atlas.2099-01-01+json"))
                .is_none()
        );
        assert!(call.version(None).is_none());
    }
}
