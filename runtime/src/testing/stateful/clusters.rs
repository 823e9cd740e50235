//! Clusters: create, get, list, update, delete, with their lifecycle (`CREATING` → `IDLE`,
//! `UPDATING` → `IDLE`, `DELETING` → gone).

use super::call::{Ask, Handler};
use super::clock::timestamp;
use super::errors::group_not_found;
use super::lifecycle::Phase;
use super::page::Paging;
use super::render::{answer, empty, self_link};
use super::store::{Cluster, Store, merge, text};
use super::topology::{self, Shape};
use crate::testing::Reply;
use serde_json::{Value, json};

/// The cluster operations and their handlers.
pub(super) const HANDLERS: &[(&str, Handler)] = &[
    ("listGroupClusters", list),
    ("createGroupCluster", create),
    ("getGroupCluster", get),
    ("updateGroupCluster", update),
    ("deleteGroupCluster", delete),
];

/// The MongoDB major version of a cluster created without one.
const DEFAULT_MAJOR_VERSION: &str = "8.0";

/// A cluster as Atlas answers it, in the state a read sees.
fn render(ask: &Ask, cluster: &Cluster, state: &str) -> Value {
    let mut doc = cluster.doc.clone();
    topology::read(Shape::of(ask.version.version), &mut doc);
    let links = self_link(
        ask,
        &[
            "groups",
            text(&doc, "groupId"),
            "clusters",
            text(&doc, "name"),
        ],
    );
    doc.insert("stateName".into(), json!(state));
    doc.insert("links".into(), links);
    Value::Object(doc)
}

/// `404 CLUSTER_NOT_FOUND`.
fn not_found(name: &str, group_id: &str) -> Reply {
    Reply::atlas_error(
        404,
        "CLUSTER_NOT_FOUND",
        &format!("No cluster named {name} exists in group {group_id}."),
    )
}

/// Whether `name` is a cluster name Atlas accepts: ASCII letters, digits and hyphens, not
/// starting with a hyphen.
fn valid_name(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|first| first.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|letter| letter.is_ascii_alphanumeric() || letter == '-')
}

fn list(store: &mut Store, ask: &Ask) -> Reply {
    let paging = match Paging::asked(ask) {
        Ok(paging) => paging,
        Err(refused) => return refused,
    };
    let group_id = ask.param("groupId");
    let Some(project) = store.project(group_id) else {
        return group_not_found(group_id);
    };
    let total = project.clusters.len();
    let window = paging.window(total);
    // Only the clusters on the page are read, so only their lifecycles move on.
    let listed = project.clusters[window]
        .iter_mut()
        .map(|cluster| {
            let state = cluster.phase.read();
            render(ask, cluster, state)
        })
        .collect();
    answer(ask, 200, &paging.answer(ask, total, listed))
}

fn create(store: &mut Store, ask: &Ask) -> Reply {
    let lifecycle = store.lifecycle;
    let group_id = ask.param("groupId");
    let Some((project, ids)) = store.project_with_ids(group_id) else {
        return group_not_found(group_id);
    };
    let Some(name) = ask.field("name") else {
        return Reply::atlas_error(
            400,
            "MISSING_ATTRIBUTE",
            "The required attribute name was not specified.",
        );
    };
    if !valid_name(name) {
        return Reply::atlas_error(
            400,
            "CLUSTER_NAME_INVALID",
            &format!(
                "The cluster name {name} is invalid. The name can only contain ASCII letters, numbers, and hyphens."
            ),
        );
    }
    if project
        .clusters
        .iter()
        .any(|cluster| text(&cluster.doc, "name") == name)
    {
        return Reply::atlas_error(
            400,
            "DUPLICATE_CLUSTER_NAME",
            &format!("A cluster named {name} is already present in group {group_id}."),
        );
    }
    let mut doc = ask.body.as_object().cloned().unwrap_or_default();
    topology::write(Shape::of(ask.version.version), &ask.body, &mut doc, || {
        ids.next()
    });
    let id = ids.next();
    let major = ask
        .field("mongoDBMajorVersion")
        .unwrap_or(DEFAULT_MAJOR_VERSION)
        .to_owned();
    let host = format!("{}.emulated.invalid", name.to_ascii_lowercase());
    for (key, value) in [
        ("id", json!(id)),
        ("groupId", json!(group_id)),
        ("createDate", json!(timestamp(0))),
        ("mongoDBMajorVersion", json!(major)),
        ("mongoDBVersion", json!(format!("{major}.0"))),
        ("paused", json!(false)),
        (
            "connectionStrings",
            json!({
                "standard": format!("mongodb://{host}:27017/?ssl=true"),
                "standardSrv": format!("mongodb+srv://{host}"),
            }),
        ),
    ] {
        doc.entry(key).or_insert(value);
    }
    doc.entry("clusterType").or_insert(json!("REPLICASET"));
    let cluster = Cluster {
        doc,
        phase: Phase::Creating(lifecycle.start()),
    };
    let created = render(ask, &cluster, cluster.phase.state_name());
    project.clusters.push(cluster);
    answer(ask, 201, &created)
}

fn get(store: &mut Store, ask: &Ask) -> Reply {
    let (group_id, name) = (ask.param("groupId"), ask.param("clusterName"));
    let Some(project) = store.project(group_id) else {
        return group_not_found(group_id);
    };
    let cluster = match named(&mut project.clusters, name, group_id) {
        Ok(cluster) => cluster,
        Err(reply) => return reply,
    };
    let state = cluster.phase.read();
    answer(ask, 200, &render(ask, cluster, state))
}

fn update(store: &mut Store, ask: &Ask) -> Reply {
    let lifecycle = store.lifecycle;
    let (group_id, name) = (ask.param("groupId"), ask.param("clusterName"));
    let Some((project, ids)) = store.project_with_ids(group_id) else {
        return group_not_found(group_id);
    };
    let cluster = match changeable(&mut project.clusters, name, group_id) {
        Ok(cluster) => cluster,
        Err(reply) => return reply,
    };
    if ask.field("name").is_some_and(|renamed| renamed != name) {
        return Reply::atlas_error(
            400,
            "CLUSTER_CANNOT_CHANGE_NAME",
            "Cannot change name of cluster during an update.",
        );
    }
    let mut changed = ask.body.clone();
    if let Some(fields) = changed.as_object_mut() {
        fields.remove("replicationSpecs");
    }
    merge(&mut cluster.doc, &changed);
    topology::write(
        Shape::of(ask.version.version),
        &ask.body,
        &mut cluster.doc,
        || ids.next(),
    );
    cluster.phase = Phase::Updating(lifecycle.start());
    answer(ask, 200, &render(ask, cluster, cluster.phase.state_name()))
}

fn delete(store: &mut Store, ask: &Ask) -> Reply {
    let lifecycle = store.lifecycle;
    let (group_id, name) = (ask.param("groupId"), ask.param("clusterName"));
    let Some(project) = store.project(group_id) else {
        return group_not_found(group_id);
    };
    let cluster = match changeable(&mut project.clusters, name, group_id) {
        Ok(cluster) => cluster,
        Err(reply) => return reply,
    };
    cluster.phase = Phase::Deleting(lifecycle.start());
    empty(202)
}

/// `400 CLUSTER_ALREADY_REQUESTED_DELETION`.
/// The cluster named `name`, or Atlas's 404.
fn named<'a>(
    clusters: &'a mut [Cluster],
    name: &str,
    group_id: &str,
) -> Result<&'a mut Cluster, Reply> {
    clusters
        .iter_mut()
        .find(|cluster| text(&cluster.doc, "name") == name)
        .ok_or_else(|| not_found(name, group_id))
}

/// The cluster named `name` if it may still change: Atlas's 404 when there is none, its 400
/// when its deletion is under way.
fn changeable<'a>(
    clusters: &'a mut [Cluster],
    name: &str,
    group_id: &str,
) -> Result<&'a mut Cluster, Reply> {
    let cluster = named(clusters, name, group_id)?;
    if matches!(cluster.phase, Phase::Deleting(_)) {
        return Err(already_deleting(name));
    }
    Ok(cluster)
}

fn already_deleting(name: &str) -> Reply {
    Reply::atlas_error(
        400,
        "CLUSTER_ALREADY_REQUESTED_DELETION",
        &format!("The cluster {name} has already been requested for deletion."),
    )
}
