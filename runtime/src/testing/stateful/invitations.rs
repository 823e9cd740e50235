//! Organization invitations: create, get, list (optionally by username), update (by id or by
//! username), delete. Any organization id is an organization here.

use super::call::{Ask, Handler};
use super::clock::timestamp;
use super::render::{answer, empty, self_link};
use super::store::{Document, Store, text};
use crate::testing::Reply;
use serde_json::{Value, json};

/// The invitation operations and their handlers.
pub(super) const HANDLERS: &[(&str, Handler)] = &[
    ("listOrgInvites", list),
    ("createOrgInvite", create),
    ("getOrgInvite", get),
    ("updateOrgInviteById", update_by_id),
    ("updateOrgInvites", update_by_username),
    ("deleteOrgInvite", delete),
];

/// How long an invitation stays open, in days.
const EXPIRES_AFTER_DAYS: u64 = 30;

/// An invitation as Atlas answers it.
fn render(ask: &Ask, invitation: &Document) -> Value {
    let mut doc = invitation.clone();
    let path = [
        "orgs",
        text(invitation, "orgId"),
        "invites",
        text(invitation, "id"),
    ];
    doc.insert("links".into(), self_link(ask, &path));
    Value::Object(doc)
}

/// The request's roles and team ids laid over `invitation`; project role assignments are
/// answered as one `{groupId, groupRole}` per role.
fn apply(invitation: &mut Document, body: &Value) {
    for field in ["roles", "teamIds"] {
        if let Some(value) = body.get(field) {
            invitation.insert(field.into(), value.clone());
        }
    }
    if let Some(assignments) = body.get("groupRoleAssignments").and_then(Value::as_array) {
        let roles: Vec<Value> = assignments
            .iter()
            .flat_map(|assignment| {
                let group_id = assignment.get("groupId").cloned().unwrap_or(Value::Null);
                assignment
                    .get("roles")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .map(move |role| json!({ "groupId": group_id, "groupRole": role }))
            })
            .collect();
        invitation.insert("groupRoleAssignments".into(), Value::Array(roles));
    }
}

/// The invitation `id` of `org_id`.
fn find<'a>(store: &'a mut Store, org_id: &str, id: &str) -> Option<&'a mut Document> {
    store
        .invitations
        .iter_mut()
        .find(|invitation| text(invitation, "orgId") == org_id && text(invitation, "id") == id)
}

/// `404 RESOURCE_NOT_FOUND`.
fn not_found(what: &str) -> Reply {
    Reply::atlas_error(
        404,
        "RESOURCE_NOT_FOUND",
        &format!("Cannot find resource {what}."),
    )
}

fn list(store: &mut Store, ask: &Ask) -> Reply {
    let org_id = ask.param("orgId");
    let username = ask.query("username");
    let invitations: Vec<Value> = store
        .invitations
        .iter()
        .filter(|invitation| text(invitation, "orgId") == org_id)
        .filter(|invitation| username.is_none_or(|name| text(invitation, "username") == name))
        .map(|invitation| render(ask, invitation))
        .collect();
    answer(ask, 200, &Value::Array(invitations))
}

fn create(store: &mut Store, ask: &Ask) -> Reply {
    let org_id = ask.param("orgId").to_owned();
    let mut invitation = Document::new();
    for (key, value) in [
        ("id", json!(store.next_id())),
        ("orgId", json!(org_id)),
        ("orgName", json!(format!("Organization {org_id}"))),
        ("createdAt", json!(timestamp(0))),
        ("expiresAt", json!(timestamp(EXPIRES_AFTER_DAYS))),
        ("roles", json!([])),
        ("teamIds", json!([])),
    ] {
        invitation.insert(key.into(), value);
    }
    if let Some(username) = ask.body.get("username") {
        invitation.insert("username".into(), username.clone());
    }
    apply(&mut invitation, &ask.body);
    let created = render(ask, &invitation);
    store.invitations.push(invitation);
    answer(ask, 200, &created)
}

fn get(store: &mut Store, ask: &Ask) -> Reply {
    let id = ask.param("invitationId");
    match find(store, ask.param("orgId"), id) {
        Some(invitation) => answer(ask, 200, &render(ask, invitation)),
        None => not_found(id),
    }
}

fn update_by_id(store: &mut Store, ask: &Ask) -> Reply {
    let id = ask.param("invitationId");
    let Some(invitation) = find(store, ask.param("orgId"), id) else {
        return not_found(id);
    };
    apply(invitation, &ask.body);
    answer(ask, 200, &render(ask, invitation))
}

fn update_by_username(store: &mut Store, ask: &Ask) -> Reply {
    let org_id = ask.param("orgId");
    let username = ask.field("username").unwrap_or_default();
    let Some(invitation) = store.invitations.iter_mut().find(|invitation| {
        text(invitation, "orgId") == org_id && text(invitation, "username") == username
    }) else {
        return not_found(username);
    };
    apply(invitation, &ask.body);
    answer(ask, 200, &render(ask, invitation))
}

fn delete(store: &mut Store, ask: &Ask) -> Reply {
    let (org_id, id) = (ask.param("orgId"), ask.param("invitationId"));
    let before = store.invitations.len();
    store.invitations.retain(|invitation| {
        !(text(invitation, "orgId") == org_id && text(invitation, "id") == id)
    });
    if store.invitations.len() == before {
        return Reply::atlas_error(
            400,
            "INVALID_INVITATION_ID",
            "The invitation you tried to delete does not exist or has already been accepted.",
        );
    }
    empty(204)
}
