//! What a program calls, before it calls anything: the declarations of the quickstart and of
//! the wait example (compiled in here as modules; their `main`s are not run), listed by
//! `atlas_endpoint::manifest()` as a table with the roles each needs and the sunsets ahead,
//! then as JSON for policy tooling. Nothing is sent.

use atlas_endpoint::{Date, manifest};

#[allow(
    dead_code,
    reason = "only the declarations are listed; the example's main is not run"
)]
#[path = "quickstart.rs"]
mod quickstart;

#[allow(
    dead_code,
    reason = "only the declarations are listed; the example's main is not run"
)]
#[path = "wait_for_cluster.rs"]
mod wait_for_cluster;

fn main() -> Result<(), serde_json::Error> {
    let manifest = manifest();
    println!("{manifest}");
    let horizon = Date::today().plus_days(365);
    println!("Sunsets before {horizon}:");
    for sunset in manifest.sunsets(horizon) {
        let advice = sunset
            .move_to
            .map_or("no newer version".to_owned(), |version| {
                format!("move to {version}")
            });
        println!(
            "  {} {}: {} ({advice})",
            sunset.endpoint.declared_as(),
            sunset.endpoint.version,
            sunset.date
        );
    }
    println!("\n{}", serde_json::to_string_pretty(&manifest)?);
    Ok(())
}
