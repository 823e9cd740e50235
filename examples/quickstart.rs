//! The five-minute tour: declare one Atlas endpoint and call it.
//!
//! With no credentials in the environment this runs against the embedded local Atlas emulator,
//! authenticating with a service account as Atlas recommends. With credentials in the
//! environment (see `Client::from_env`: `MONGODB_ATLAS_CLIENT_ID`/`_CLIENT_SECRET`, API keys,
//! or `MONGODB_ATLAS_ACCESS_TOKEN`) plus `ATLAS_ORG_ID` and `ATLAS_INVITATION_ID`, it deletes
//! that invitation in the real Atlas (`MONGODB_ATLAS_BASE_URL` overrides the host).

use atlas_endpoint::testing::{Emulator, EmulatorAuth, Reply};
use atlas_endpoint::{Client, Error, Result, atlas_endpoint};
use std::collections::HashSet;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

/// Cancel one pending invitation to join an organization.
#[atlas_endpoint(DELETE, "/orgs/<orgId>/invites/<invitationId>", deprecated)]
pub async fn delete_org_invite(client: &Client, org_id: &str, invitation_id: &str) -> Result<()>;

const ORG_ID: &str = "5f1b2c3d4e5f6a7b8c9d0e1f";
const INVITATION_ID: &str = "65a1b2c3d4e5f6a7b8c9d0e1";

#[tokio::main]
async fn main() -> ExitCode {
    let credentials_set = [
        "MONGODB_ATLAS_CLIENT_ID",
        "MONGODB_ATLAS_PUBLIC_API_KEY",
        "MONGODB_ATLAS_PUBLIC_KEY",
        "MONGODB_ATLAS_ACCESS_TOKEN",
    ]
    .iter()
    .any(|name| std::env::var_os(name).is_some());
    let outcome = if credentials_set {
        real_atlas().await
    } else {
        emulated().await
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

// deleteOrgInvite is deprecated by Atlas: every call site gets a warning naming it unless it
// acknowledges the deprecation, as these functions do.
#[allow(deprecated)]
async fn emulated() -> Result<()> {
    let service_account =
        EmulatorAuth::service_account("mdb_sa_id_0123456789abcdef01234567", "quickstart-secret");
    let emulator = Emulator::start_with(service_account)
        .await
        .map_err(|error| Error::Config(error.to_string()))?;
    let pending = Arc::new(Mutex::new(HashSet::from([INVITATION_ID.to_owned()])));
    emulator.route(&delete_org_invite::ENDPOINT, move |request| {
        let id = request.path_param("invitationId").unwrap_or_default();
        if pending.lock().expect("invites lock").remove(id) {
            Reply::no_content()
        } else {
            Reply::atlas_error(
                404,
                "RESOURCE_NOT_FOUND",
                &format!("Cannot find resource invitation {id}."),
            )
        }
    });
    let client = emulator.client();
    println!(
        "No Atlas credentials in the environment: using the embedded Atlas emulator at {},\nauthenticated as a service account (OAuth2 client credentials).\n",
        emulator.base_url()
    );
    println!("Endpoint: {}", delete_org_invite::ENDPOINT);

    println!("\n1. The request delete_org_invite sends:\n");
    let request = delete_org_invite::request(&client, ORG_ID, INVITATION_ID)?;
    println!("{}", indent(&request.to_string()));

    delete_org_invite(&client, ORG_ID, INVITATION_ID).await?;
    let answered = emulator
        .requests()
        .last()
        .map_or(0, |request| request.status);
    println!("\n   → {answered}: invitation {INVITATION_ID} deleted");

    println!("\n2. Malformed ids are rejected before any I/O:\n");
    let before = emulator.requests().len();
    for (org_id, invitation_id) in [("my-org", INVITATION_ID), (ORG_ID, "bob@example.com")] {
        let error = delete_org_invite(&client, org_id, invitation_id)
            .await
            .expect_err("an id that is not 24 hex digits is rejected");
        println!("   {error}");
    }
    let sent = emulator.requests().len() - before;
    println!("   requests sent: {sent}");

    println!("\n3. Deleting it again: Atlas's 404 becomes a typed error:\n");
    match delete_org_invite(&client, ORG_ID, INVITATION_ID).await {
        Err(error) if error.is_code("RESOURCE_NOT_FOUND") => {
            let status = error
                .status()
                .map(|status| status.to_string())
                .unwrap_or_default();
            println!("   {error}\n   status: {status}, is_code(\"RESOURCE_NOT_FOUND\"): true");
        }
        other => println!("   unexpected: {other:?}"),
    }
    let api_calls = emulator
        .requests()
        .iter()
        .filter(|request| request.path.starts_with("/api/atlas/v2/"))
        .count();
    let tokens = emulator.auth_stats().token_requests;
    println!(
        "\n4. Authentication: {tokens} token request served all {api_calls} API calls (the token is cached, shared and refreshed before it expires)."
    );
    Ok(())
}

#[allow(deprecated)]
async fn real_atlas() -> Result<()> {
    let setting = |name: &str| {
        std::env::var(name).map_err(|_| Error::Config(format!("set {name} to run against Atlas")))
    };
    let org_id = setting("ATLAS_ORG_ID")?;
    let invitation_id = setting("ATLAS_INVITATION_ID")?;
    let client = Client::from_env()?;
    println!(
        "Atlas at {} ({})\n",
        client.base_url(),
        client.auth_scheme()
    );
    println!(
        "{}\n",
        delete_org_invite::request(&client, &org_id, &invitation_id)?
    );
    delete_org_invite(&client, &org_id, &invitation_id).await?;
    println!("→ invitation {invitation_id} deleted");
    Ok(())
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|line| format!("   {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}
