//! Projects (groups): create, get (by id or name), list, update, delete.

use super::call::{Ask, Handler};
use super::errors::group_not_found;
use super::page::page;
use super::render::{answer, empty, self_link};
use super::store::{Project, Store, merge, text};
use crate::testing::Reply;
use serde_json::{Value, json};

/// The project operations and their handlers.
pub(super) const HANDLERS: &[(&str, Handler)] = &[
    ("listGroups", list),
    ("createGroup", create),
    ("getGroup", get),
    ("getGroupByName", get_by_name),
    ("updateGroup", update),
    ("deleteGroup", delete),
];

/// A project as Atlas answers it.
fn render(ask: &Ask, project: &Project) -> Value {
    let mut doc = project.doc.clone();
    let id = text(&project.doc, "id").to_owned();
    doc.insert("clusterCount".into(), json!(project.clusters.len()));
    doc.insert("links".into(), self_link(ask, &["groups", &id]));
    Value::Object(doc)
}

fn list(store: &mut Store, ask: &Ask) -> Reply {
    let projects = store
        .projects
        .iter()
        .map(|project| render(ask, project))
        .collect();
    match page(ask, projects) {
        Ok(listed) => answer(ask, 200, &listed),
        Err(refused) => refused,
    }
}

fn create(store: &mut Store, ask: &Ask) -> Reply {
    let name = ask.field("name").unwrap_or_default();
    let org_id = ask.field("orgId").unwrap_or_default();
    if store.name_taken(org_id, name, "") {
        return already_exists(name);
    }
    let project = store.add_project(org_id, name, &ask.body);
    answer(ask, 200, &render(ask, project))
}

/// `409 GROUP_ALREADY_EXISTS`: the organization has a project of that name.
fn already_exists(name: &str) -> Reply {
    Reply::atlas_error(
        409,
        "GROUP_ALREADY_EXISTS",
        &format!("A group with name \"{name}\" already exists."),
    )
}

fn get(store: &mut Store, ask: &Ask) -> Reply {
    let group_id = ask.param("groupId");
    match store.project(group_id) {
        Some(project) => answer(ask, 200, &render(ask, project)),
        None => group_not_found(group_id),
    }
}

fn get_by_name(store: &mut Store, ask: &Ask) -> Reply {
    let name = ask.param("groupName");
    match store
        .projects
        .iter()
        .find(|project| text(&project.doc, "name") == name)
    {
        Some(project) => answer(ask, 200, &render(ask, project)),
        None => Reply::atlas_error(
            404,
            "GROUP_NAME_NOT_FOUND",
            &format!("No group with name \"{name}\" exists."),
        ),
    }
}

fn update(store: &mut Store, ask: &Ask) -> Reply {
    let group_id = ask.param("groupId");
    let Some(index) = store.position(group_id) else {
        return group_not_found(group_id);
    };
    let org_id = text(&store.projects[index].doc, "orgId");
    if let Some(name) = ask.field("name")
        && store.name_taken(org_id, name, group_id)
    {
        return already_exists(name);
    }
    let project = &mut store.projects[index];
    merge(&mut project.doc, &ask.body);
    answer(ask, 200, &render(ask, project))
}

fn delete(store: &mut Store, ask: &Ask) -> Reply {
    let group_id = ask.param("groupId");
    let Some(project) = store.project(group_id) else {
        return group_not_found(group_id);
    };
    if !project.clusters.is_empty() {
        return Reply::atlas_error(
            409,
            "CANNOT_CLOSE_GROUP_ACTIVE_ATLAS_CLUSTERS",
            "Cannot close group while it has active clusters; please terminate all clusters.",
        );
    }
    store
        .projects
        .retain(|project| text(&project.doc, "id") != group_id);
    empty(204)
}
