//! The operations measured by the probes (`callgrind-probe`, `alloc-count`), by name, with
//! everything they need set up and warmed.

use crate::hand::Hand;
use crate::{
    CLUSTER, GROUP, NewUser, Scheme, create_database_user, get_cluster, list_database_users,
    new_user, pair,
};
use atlas_endpoint::Client;
use std::hint::black_box;

/// Every operation: `(name, what it does)`. Each comes as `…-ours` and `…-hand`.
pub const OPERATIONS: &[(&str, &str)] = &[
    (
        "prep-get",
        "prepare GET /groups/{groupId}/clusters/{clusterName}",
    ),
    (
        "prep-post",
        "prepare POST /groups/{groupId}/databaseUsers (JSON body)",
    ),
    (
        "prep-list",
        "prepare GET /groups/{groupId}/databaseUsers?itemsPerPage&pageNum",
    ),
    ("call-bearer", "full call get_cluster, bearer token"),
    ("call-post", "full call create_database_user, bearer token"),
    (
        "call-sa",
        "full call get_cluster, service account (cached token)",
    ),
    (
        "call-digest",
        "full call get_cluster, Digest after the challenge",
    ),
];

/// Both sides for every scheme, connected to `base_url` and warmed.
pub struct Setup {
    pub bearer: (Client, Hand),
    pub service_account: (Client, Hand),
    pub digest: (Client, Hand),
    pub user: NewUser,
}

impl Setup {
    /// Builds every client and makes one call with each.
    pub async fn new(base_url: &str) -> Self {
        Self {
            bearer: pair(base_url, Scheme::Bearer).await,
            service_account: pair(base_url, Scheme::ServiceAccount).await,
            digest: pair(base_url, Scheme::Digest).await,
            user: new_user(),
        }
    }

    /// Runs `mode` (`<operation>-ours` or `<operation>-hand`) once; `false` for an unknown mode.
    pub async fn run(&self, mode: &str) -> bool {
        let (client, hand) = &self.bearer;
        match mode {
            "prep-get-ours" => drop(black_box(
                get_cluster::request(black_box(client), black_box(GROUP), black_box(CLUSTER))
                    .map(atlas_endpoint::Request::into_reqwest),
            )),
            "prep-get-hand" => drop(black_box(
                hand.get_cluster_request(black_box(GROUP), black_box(CLUSTER)),
            )),
            "prep-post-ours" => drop(black_box(
                create_database_user::request(
                    black_box(client),
                    black_box(GROUP),
                    black_box(&self.user),
                )
                .map(atlas_endpoint::Request::into_reqwest),
            )),
            "prep-post-hand" => drop(black_box(
                hand.create_database_user_request(black_box(GROUP), black_box(&self.user)),
            )),
            "prep-list-ours" => drop(black_box(
                list_database_users::request(
                    black_box(client),
                    black_box(GROUP),
                    black_box(Some(100)),
                    black_box(Some(2)),
                )
                .map(atlas_endpoint::Request::into_reqwest),
            )),
            "prep-list-hand" => drop(black_box(hand.list_database_users_request(
                black_box(GROUP),
                black_box(100),
                black_box(2),
            ))),
            "call-bearer-ours" => drop(get_cluster(client, GROUP, CLUSTER).await.unwrap()),
            "call-bearer-hand" => drop(hand.get_cluster(GROUP, CLUSTER).await.unwrap()),
            "call-post-ours" => drop(
                create_database_user(client, GROUP, &self.user)
                    .await
                    .unwrap(),
            ),
            "call-post-hand" => drop(hand.create_database_user(GROUP, &self.user).await.unwrap()),
            "call-sa-ours" => drop(
                get_cluster(&self.service_account.0, GROUP, CLUSTER)
                    .await
                    .unwrap(),
            ),
            "call-sa-hand" => drop(
                self.service_account
                    .1
                    .get_cluster(GROUP, CLUSTER)
                    .await
                    .unwrap(),
            ),
            "call-digest-ours" => drop(get_cluster(&self.digest.0, GROUP, CLUSTER).await.unwrap()),
            "call-digest-hand" => drop(self.digest.1.get_cluster(GROUP, CLUSTER).await.unwrap()),
            _ => return false,
        }
        true
    }

    /// The size in bytes of each full call's future, ours and hand-written (not polled):
    /// `(operation, ours, hand)`. Every in-flight call holds one (boxed by `tokio::spawn` and
    /// `buffer_unordered`), so its size decides which allocator size class it lands in.
    pub fn future_sizes(&self) -> [(&'static str, usize, usize); 2] {
        let (client, hand) = &self.bearer;
        [
            (
                "get_cluster",
                std::mem::size_of_val(&get_cluster(client, GROUP, CLUSTER)),
                std::mem::size_of_val(&hand.get_cluster(GROUP, CLUSTER)),
            ),
            (
                "create_database_user",
                std::mem::size_of_val(&create_database_user(client, GROUP, &self.user)),
                std::mem::size_of_val(&hand.create_database_user(GROUP, &self.user)),
            ),
        ]
    }

    /// Runs every mode `times` times (so that caches, pools and lazily compiled patterns are
    /// warm whatever is measured next).
    pub async fn warm(&self, times: usize) {
        for _ in 0..times {
            for (operation, _) in OPERATIONS {
                for side in ["ours", "hand"] {
                    self.run(&format!("{operation}-{side}")).await;
                }
            }
        }
    }
}
