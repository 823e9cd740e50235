//! The resources the stateful mode keeps, per organization and project.

use super::clock::timestamp;
use super::lifecycle::{Lifecycle, Phase};
use serde_json::{Map, Value};

/// A stored resource: every field it was given, and those Atlas adds.
pub(super) type Document = Map<String, Value>;

/// Everything the stateful emulator holds.
pub(super) struct Store {
    /// How long transitional states last.
    pub(super) lifecycle: Lifecycle,
    /// Projects, in order of creation.
    pub(super) projects: Vec<Project>,
    /// Organization invitations, in order of creation.
    pub(super) invitations: Vec<Document>,
    /// Where fresh ids come from.
    ids: Ids,
}

/// Fresh 24-hex-digit ids, as Atlas's ObjectIds.
pub(super) struct Ids {
    /// The high half of every id: when the store was made, in seconds (as ObjectIds start).
    epoch: u32,
    /// Ids handed out so far.
    issued: u64,
}

impl Ids {
    /// A fresh id.
    pub(super) fn next(&mut self) -> String {
        self.issued = self.issued.saturating_add(1);
        format!("{:08x}{:016x}", self.epoch, self.issued)
    }
}

impl Project {
    /// Its id.
    pub(super) fn id(&self) -> &str {
        text(&self.doc, "id")
    }
}

/// A project (a group) and what it holds.
pub(super) struct Project {
    /// The project as Atlas describes it (`id`, `orgId`, `name`, `created`, …).
    pub(super) doc: Document,
    /// Its clusters, in order of creation.
    pub(super) clusters: Vec<Cluster>,
    /// Its database users, in order of creation.
    pub(super) users: Vec<Document>,
    /// Its IP access list, in order of creation.
    pub(super) access_list: Vec<Document>,
}

/// A cluster and where it is in its life.
pub(super) struct Cluster {
    /// The cluster as given by any version, with the fields Atlas adds.
    pub(super) doc: Document,
    /// Where it is in its life.
    pub(super) phase: Phase,
}

impl Store {
    /// An empty store.
    pub(super) fn new(lifecycle: Lifecycle) -> Self {
        let epoch = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|elapsed| u32::try_from(elapsed.as_secs()).unwrap_or(u32::MAX))
            .unwrap_or(0);
        Self {
            lifecycle,
            projects: Vec::new(),
            invitations: Vec::new(),
            ids: Ids { epoch, issued: 0 },
        }
    }

    /// A fresh 24-hex-digit id.
    pub(super) fn next_id(&mut self) -> String {
        self.ids.next()
    }

    /// Adds a project of `org_id` named `name` (with the other fields `given`), as
    /// `createGroup` does, and returns it.
    pub(super) fn add_project(&mut self, org_id: &str, name: &str, given: &Value) -> &Project {
        let id = self.next_id();
        let mut doc = given.as_object().cloned().unwrap_or_default();
        doc.insert("id".into(), Value::String(id));
        doc.insert("orgId".into(), Value::String(org_id.to_owned()));
        doc.insert("name".into(), Value::String(name.to_owned()));
        doc.insert("created".into(), Value::String(timestamp(0)));
        let index = self.projects.len();
        self.projects.push(Project {
            doc,
            clusters: Vec::new(),
            users: Vec::new(),
            access_list: Vec::new(),
        });
        &self.projects[index]
    }

    /// Where the project `group_id` is in [`projects`](Self::projects).
    pub(super) fn position(&self, group_id: &str) -> Option<usize> {
        self.projects
            .iter()
            .position(|project| text(&project.doc, "id") == group_id)
    }

    /// Whether `org_id` has a project named `name` other than `except`.
    pub(super) fn name_taken(&self, org_id: &str, name: &str, except: &str) -> bool {
        self.projects.iter().any(|project| {
            text(&project.doc, "orgId") == org_id
                && text(&project.doc, "name") == name
                && text(&project.doc, "id") != except
        })
    }

    /// Drops every cluster whose deletion has finished, so that nothing (a list, a count, a
    /// name taken, a project's deletion) sees it.
    pub(super) fn prune(&mut self) {
        for project in &mut self.projects {
            project.clusters.retain(|cluster| !cluster.phase.gone());
        }
    }

    /// The project `group_id`, and the store's ids for what it adds to it.
    pub(super) fn project_with_ids(&mut self, group_id: &str) -> Option<(&mut Project, &mut Ids)> {
        let project = self
            .projects
            .iter_mut()
            .find(|project| text(&project.doc, "id") == group_id)?;
        Some((project, &mut self.ids))
    }

    /// The project `group_id`.
    pub(super) fn project(&mut self, group_id: &str) -> Option<&mut Project> {
        self.projects
            .iter_mut()
            .find(|project| text(&project.doc, "id") == group_id)
    }
}

/// A string field of a document (empty when absent).
pub(super) fn text<'a>(doc: &'a Document, name: &str) -> &'a str {
    doc.get(name).and_then(Value::as_str).unwrap_or("")
}

/// The fields of a `PATCH` body laid over a stored resource.
pub(super) fn merge(doc: &mut Document, body: &Value) {
    if let Some(fields) = body.as_object() {
        for (key, value) in fields {
            doc.insert(key.clone(), value.clone());
        }
    }
}
