//! The project IP access list: add entries (adding an existing one updates it), get, list,
//! delete. An entry is named by its IP address, CIDR block or AWS security group.

use super::call::{Ask, Handler};
use super::errors::group_not_found;
use super::page::page;
use super::render::{answer, empty, self_link};
use super::store::{Document, Project, Store, text};
use crate::testing::Reply;
use serde_json::{Value, json};
use std::net::IpAddr;

/// The access list operations and their handlers.
pub(super) const HANDLERS: &[(&str, Handler)] = &[
    ("listGroupAccessListEntries", list),
    ("createGroupAccessListEntry", create),
    ("getGroupAccessListEntry", get),
    ("deleteGroupAccessListEntry", delete),
];

/// The fields that name an entry, in the order Atlas reads them.
const NAMES: [&str; 3] = ["cidrBlock", "ipAddress", "awsSecurityGroup"];

/// An entry as Atlas answers it.
fn render(ask: &Ask, group_id: &str, entry: &Document) -> Value {
    let mut doc = entry.clone();
    let links = self_link(ask, &["groups", group_id, "accessList", name(entry)]);
    doc.insert("groupId".into(), json!(group_id));
    doc.insert("links".into(), links);
    Value::Object(doc)
}

/// The value that names `entry` (its CIDR block, or its security group).
fn name(entry: &Document) -> &str {
    NAMES
        .iter()
        .map(|field| text(entry, field))
        .find(|value| !value.is_empty())
        .unwrap_or_default()
}

/// Whether `entry` is the one named `value`.
fn is(entry: &Document, value: &str) -> bool {
    NAMES.iter().any(|field| text(entry, field) == value)
}

/// Whether `text` is an IP address, or a CIDR block when `block` is set.
fn valid_address(text: &str, block: bool) -> bool {
    let (address, bits) = match text.split_once('/') {
        Some((address, bits)) if block => (address, Some(bits)),
        Some(_) => return false,
        None => (text, None),
    };
    let Ok(ip) = address.parse::<IpAddr>() else {
        return false;
    };
    let most = if ip.is_ipv4() { 32 } else { 128 };
    match bits {
        Some(bits) => bits.parse::<u8>().is_ok_and(|bits| bits <= most),
        None => !block,
    }
}

/// The entry to store for one item of the body, or Atlas's 400 for it.
fn entry(given: &Value) -> Result<Document, Reply> {
    let mut doc = given.as_object().cloned().unwrap_or_default();
    let named: Vec<&str> = NAMES
        .iter()
        .copied()
        .filter(|field| doc.contains_key(*field))
        .collect();
    if named.len() != 1 {
        return Err(Reply::atlas_error(
            400,
            "MISSING_ONE_OF_THREE_ATTRIBUTES",
            "Either the ipAddress attribute, the cidrBlock attribute, or the awsSecurityGroup attribute must be specified.",
        ));
    }
    for (field, block) in [("ipAddress", false), ("cidrBlock", true)] {
        let value = text(&doc, field);
        if doc.contains_key(field) && !valid_address(value, block) {
            return Err(Reply::atlas_error(
                400,
                "INVALID_IP_ADDRESS_OR_CIDR_NOTATION",
                &format!("The address {value} must be in valid IP address or CIDR notation."),
            ));
        }
    }
    // Atlas stores a single address as its one-address block too.
    let address = text(&doc, "ipAddress").to_owned();
    if let Ok(ip) = address.parse::<IpAddr>() {
        let bits = if ip.is_ipv4() { 32 } else { 128 };
        doc.insert("cidrBlock".into(), json!(format!("{address}/{bits}")));
    }
    Ok(doc)
}

/// The whole list, paged as the query asks.
fn listed(ask: &Ask, group_id: &str, project: &Project) -> Reply {
    let entries = project
        .access_list
        .iter()
        .map(|entry| render(ask, group_id, entry))
        .collect();
    match page(ask, entries) {
        Ok(listed) => answer(ask, 200, &listed),
        Err(refused) => refused,
    }
}

fn list(store: &mut Store, ask: &Ask) -> Reply {
    let group_id = ask.param("groupId");
    match store.project(group_id) {
        Some(project) => listed(ask, group_id, project),
        None => group_not_found(group_id),
    }
}

fn create(store: &mut Store, ask: &Ask) -> Reply {
    let group_id = ask.param("groupId");
    let Some(project) = store.project(group_id) else {
        return group_not_found(group_id);
    };
    let given = ask.body.as_array().cloned().unwrap_or_default();
    let mut entries = Vec::new();
    for item in &given {
        match entry(item) {
            Ok(entry) => entries.push(entry),
            Err(refused) => return refused,
        }
    }
    for entry in entries {
        let key = name(&entry).to_owned();
        match project
            .access_list
            .iter_mut()
            .find(|stored| is(stored, &key))
        {
            Some(stored) => *stored = entry,
            None => project.access_list.push(entry),
        }
    }
    listed(ask, group_id, project)
}

fn get(store: &mut Store, ask: &Ask) -> Reply {
    let (group_id, value) = (ask.param("groupId"), ask.param("entryValue"));
    let Some(project) = store.project(group_id) else {
        return group_not_found(group_id);
    };
    match project.access_list.iter().find(|entry| is(entry, value)) {
        Some(entry) => answer(ask, 200, &render(ask, group_id, entry)),
        None => not_found(value, group_id),
    }
}

fn delete(store: &mut Store, ask: &Ask) -> Reply {
    let (group_id, value) = (ask.param("groupId"), ask.param("entryValue"));
    let Some(project) = store.project(group_id) else {
        return group_not_found(group_id);
    };
    let before = project.access_list.len();
    project.access_list.retain(|entry| !is(entry, value));
    if project.access_list.len() == before {
        return not_found(value, group_id);
    }
    empty(204)
}

/// `404 ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND`.
fn not_found(value: &str, group_id: &str) -> Reply {
    Reply::atlas_error(
        404,
        "ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND",
        &format!("IP Address {value} not on Atlas access list for group {group_id}."),
    )
}

#[cfg(test)]
mod tests {
    use super::valid_address;

    #[test]
    fn addresses_and_blocks_are_told_apart() {
        assert!(valid_address("192.0.2.1", false));
        assert!(!valid_address("192.0.2.1/32", false));
        assert!(valid_address("192.0.2.0/24", true));
        assert!(valid_address("2001:db8::/32", true));
        assert!(!valid_address("192.0.2.0/33", true));
        assert!(!valid_address("192.0.2.0", true));
        assert!(!valid_address("not an address", false));
    }
}
