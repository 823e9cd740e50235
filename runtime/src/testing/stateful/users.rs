//! Database users: create, get, list, update, delete. A user is named by its authentication
//! database and username.

use super::call::{Ask, Handler};
use super::errors::{group_mismatch, group_not_found};
use super::page::page;
use super::render::{answer, empty, self_link};
use super::store::{Document, Store, merge, text};
use crate::testing::Reply;
use serde_json::Value;

/// The database user operations and their handlers.
pub(super) const HANDLERS: &[(&str, Handler)] = &[
    ("listGroupDatabaseUsers", list),
    ("createGroupDatabaseUser", create),
    ("getGroupDatabaseUser", get),
    ("updateGroupDatabaseUser", update),
    ("deleteGroupDatabaseUser", delete),
];

/// A database user as Atlas answers it (its password and group id are write-only).
fn render(ask: &Ask, group_id: &str, user: &Document) -> Value {
    let mut doc = user.clone();
    let path = [
        "groups",
        group_id,
        "databaseUsers",
        text(user, "databaseName"),
        text(user, "username"),
    ];
    doc.insert("links".into(), self_link(ask, &path));
    Value::Object(doc)
}

/// Whether `user` is `username` of `database`.
fn is(user: &Document, database: &str, username: &str) -> bool {
    text(user, "databaseName") == database && text(user, "username") == username
}

/// `404 USERNAME_NOT_FOUND`.
fn not_found(username: &str) -> Reply {
    Reply::atlas_error(
        404,
        "USERNAME_NOT_FOUND",
        &format!("No user with username {username} exists."),
    )
}

fn list(store: &mut Store, ask: &Ask) -> Reply {
    let group_id = ask.param("groupId");
    let Some(project) = store.project(group_id) else {
        return group_not_found(group_id);
    };
    let users = project
        .users
        .iter()
        .map(|user| render(ask, group_id, user))
        .collect();
    match page(ask, users) {
        Ok(listed) => answer(ask, 200, &listed),
        Err(refused) => refused,
    }
}

fn create(store: &mut Store, ask: &Ask) -> Reply {
    let group_id = ask.param("groupId");
    let Some(project) = store.project(group_id) else {
        return group_not_found(group_id);
    };
    if let Some(given) = ask.field("groupId").filter(|given| *given != group_id) {
        return group_mismatch(given);
    }
    let database = ask.field("databaseName").unwrap_or_default();
    let username = ask.field("username").unwrap_or_default();
    if project
        .users
        .iter()
        .any(|user| is(user, database, username))
    {
        return Reply::atlas_error(
            409,
            "USER_ALREADY_EXISTS",
            &format!("A user with username {username} already exists."),
        );
    }
    let user = ask.body.as_object().cloned().unwrap_or_default();
    let created = render(ask, group_id, &user);
    project.users.push(user);
    answer(ask, 201, &created)
}

fn get(store: &mut Store, ask: &Ask) -> Reply {
    let group_id = ask.param("groupId");
    let (database, username) = (ask.param("databaseName"), ask.param("username"));
    let Some(project) = store.project(group_id) else {
        return group_not_found(group_id);
    };
    match project
        .users
        .iter()
        .find(|user| is(user, database, username))
    {
        Some(user) => answer(ask, 200, &render(ask, group_id, user)),
        None => not_found(username),
    }
}

fn update(store: &mut Store, ask: &Ask) -> Reply {
    let group_id = ask.param("groupId");
    let (database, username) = (ask.param("databaseName"), ask.param("username"));
    let Some(project) = store.project(group_id) else {
        return group_not_found(group_id);
    };
    let Some(user) = project
        .users
        .iter_mut()
        .find(|user| is(user, database, username))
    else {
        return not_found(username);
    };
    if ask.field("username").is_some_and(|given| given != username) {
        return Reply::atlas_error(
            409,
            "DATABASE_USERNAME_CANNOT_BE_CHANGED",
            "Cannot modify the username of an existing database user.",
        );
    }
    if ask
        .field("databaseName")
        .is_some_and(|given| given != database)
    {
        return Reply::atlas_error(
            409,
            "DATABASE_NAME_CANNOT_BE_CHANGED",
            "Cannot modify the authentication database of an existing database user.",
        );
    }
    if let Some(given) = ask.field("groupId").filter(|given| *given != group_id) {
        return group_mismatch(given);
    }
    merge(user, &ask.body);
    answer(ask, 200, &render(ask, group_id, user))
}

fn delete(store: &mut Store, ask: &Ask) -> Reply {
    let group_id = ask.param("groupId");
    let (database, username) = (ask.param("databaseName"), ask.param("username"));
    let Some(project) = store.project(group_id) else {
        return group_not_found(group_id);
    };
    let before = project.users.len();
    project.users.retain(|user| !is(user, database, username));
    if project.users.len() == before {
        return not_found(username);
    }
    empty(204)
}
