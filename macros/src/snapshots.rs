//! Expansion snapshots: the pretty-printed code users get for representative declarations.
//! Run with `BLESS=1` to rewrite the files in `macros/snapshots/` after an intended change.

use crate::manifest::Dependency;
use quote::quote;
use std::path::PathBuf;

/// A crate whose Cargo.toml depends on `atlas-endpoint` under its own name.
fn plain_dependency() -> Dependency {
    Dependency::Named("atlas_endpoint".to_owned())
}

/// A crate whose Cargo.toml says `atlas = { package = "atlas-endpoint", … }`.
fn renamed_dependency() -> Dependency {
    Dependency::Named("atlas".to_owned())
}

/// A crate without the dependency, reaching the runtime through a facade.
fn no_dependency() -> Dependency {
    Dependency::Missing
}

fn check(name: &str, attr: proc_macro2::TokenStream, item: proc_macro2::TokenStream) {
    compare(name, crate::expand(attr, item, plain_dependency));
}

/// Compares (or, with `BLESS`, writes) the pretty-printed expansion.
fn compare(name: &str, expanded: proc_macro2::TokenStream) {
    let file: syn::File = syn::parse2(expanded).expect("the expansion parses as a file");
    let pretty = prettyplease::unparse(&file);
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("snapshots")
        .join(format!("{name}.rs"));
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, &pretty).expect("write snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing snapshot {}; run with BLESS=1", path.display()));
    assert_eq!(
        pretty, expected,
        "expansion of {name} changed; inspect and run with BLESS=1 if intended"
    );
}

#[test]
fn mission_declaration() {
    check(
        "delete_org_invite",
        quote!(DELETE, "/orgs/<orgId>/invites/<invitationId>", deprecated),
        quote! {
            /// Cancel one pending invitation to join an organization.
            pub async fn delete_org_invite(client: &Client, org_id: &str, invitation_id: &str) -> Result<()>;
        },
    );
}

#[test]
fn query_and_header() {
    check(
        "list_clusters",
        quote!(GET, "/groups/<groupId>/clusters"),
        quote! {
            /// Clusters of one project, one page at a time.
            pub async fn list_clusters(
                client: &Client,
                group_id: &str,
                #[query("pageNum")] page_num: u32,
                #[query("itemsPerPage")] items_per_page: u32,
                #[header("Use-Effective-Instance-Fields")] effective: Option<bool>,
            ) -> Result<Page<ClusterDescription>>;
        },
    );
}

#[test]
fn json_body() {
    check(
        "create_cluster",
        quote!(POST, "/groups/<groupId>/clusters"),
        quote! {
            pub async fn create_cluster(client: &Client, group_id: &str, #[body] cluster: &ClusterDescription) -> Result<ClusterDescription>;
        },
    );
}

#[test]
fn raw_download() {
    check(
        "download_cluster_log",
        quote!(
            GET,
            "/groups/<groupId>/clusters/<hostName>/logs/<logName>.gz",
            version = "2023-02-01",
            media = "gzip"
        ),
        quote! {
            pub async fn download_cluster_log(
                client: &Client,
                group_id: &str,
                host_name: &str,
                log_name: &str,
                #[query("startDate")] start: Option<i64>,
            ) -> Result<Vec<u8>>;
        },
    );
}

#[test]
fn unchecked_endpoint() {
    check(
        "unchecked",
        quote!(
            POST,
            "/groups/<groupId>/clusters/<clusterName>:pause",
            unchecked,
            version = "2026-06-01"
        ),
        quote! {
            pub async fn pause_cluster(client: &Client, group_id: &str, cluster_name: &str) -> Result<()>;
        },
    );
}

#[test]
fn invalid_declaration_keeps_a_stub() {
    check(
        "invalid_stub",
        quote!(DELTE, "/orgs/<orgId>"),
        quote! {
            pub async fn delete_org(client: &Client, org_id: &str) -> Result<()>;
        },
    );
}

#[test]
fn pinned_deprecated_version() {
    check(
        "get_cluster_2023_02_01",
        quote!(
            GET,
            "/groups/<groupId>/clusters/<clusterName>",
            version = "2023-02-01"
        ),
        quote! {
            /// One cluster, in the answer shape of 2023.
            pub async fn get_cluster(client: &Client, group_id: &str, cluster_name: &str) -> Result<serde_json::Value>;
        },
    );
}

#[test]
fn model() {
    compare(
        "model_new_user",
        crate::model::derive(
            quote! {
            #[atlas_model(CloudDatabaseUser)]
            #[serde(rename_all = "camelCase")]
            pub struct NewUser<'a> {
                pub database_name: &'a str,
                pub group_id: &'a str,
                pub username: &'a str,
                pub roles: Vec<Role>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub description: Option<String>,
            }
            },
            plain_dependency,
        ),
    );
}

#[test]
fn renamed_dependency_is_named_as_cargo_toml_names_it() {
    compare(
        "renamed_dependency",
        crate::expand(
            quote!(GET, "/groups/<groupId>/clusters"),
            quote! {
                pub async fn list_clusters(client: &Client, group_id: &str, #[query("itemsPerPage")] items_per_page: u32) -> Result<Page<Cluster>>;
            },
            renamed_dependency,
        ),
    );
}

#[test]
fn facade_path_is_used_as_given() {
    compare(
        "facade",
        crate::expand(
            quote!(
                DELETE,
                "/orgs/<orgId>/invites/<invitationId>",
                deprecated,
                crate = "facade::atlas_endpoint"
            ),
            quote! {
                pub async fn delete_org_invite(client: &Client, org_id: &str, invitation_id: &str) -> Result<()>;
            },
            no_dependency,
        ),
    );
}

#[test]
fn facade_model_uses_the_given_path() {
    compare(
        "facade_model",
        crate::model::derive(
            quote! {
                #[atlas_model(ClusterDescription20240805.stateName, crate = "facade::atlas_endpoint")]
                #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
                pub enum State { Idle, Creating }
            },
            no_dependency,
        ),
    );
}
