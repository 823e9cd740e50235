//! A cluster's topology (its shards, zones and regions) in each version's shape.
//!
//! The store keeps the 2024-08-05 shape: one `replicationSpecs` item per shard, each with its
//! `id`, its zone's `zoneId` and `zoneName`, and its `regionConfigs`. A write at an older
//! version is translated into it, and a read at an older version translates it back:
//!
//! - 2023-02-01 (`AdvancedClusterDescription`): one item per zone, with `numShards`;
//! - 2023-01-01 (`LegacyAtlasCluster`): one item per zone, with `numShards` and a
//!   `regionsConfig` map (`electableNodes`, `readOnlyNodes`, `analyticsNodes`, `priority` by
//!   region), and the cluster's `numShards` and `providerSettings` (provider, instance size and
//!   region of its first region).
//!
//! What one shape has and the other does not (auto-scaling, disk settings of each node type)
//! is not translated.

use super::store::Document;
use serde_json::{Map, Value, json};

/// The shapes of a cluster, by version.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Shape {
    /// `2023-01-01`.
    Legacy,
    /// `2023-02-01`.
    Advanced,
    /// `2024-08-05` and later.
    Sharded,
}

impl Shape {
    /// The shape of a cluster at `version` (a `YYYY-MM-DD` date).
    pub(super) fn of(version: &str) -> Self {
        if version < "2023-02-01" {
            Self::Legacy
        } else if version < "2024-08-05" {
            Self::Advanced
        } else {
            Self::Sharded
        }
    }
}

/// The fields of the legacy shape that describe the topology.
const LEGACY_FIELDS: [&str; 5] = [
    "providerSettings",
    "numShards",
    "replicationFactor",
    "replicationSpec",
    "replicationSpecs",
];

/// The most shards the emulator keeps in one zone (a larger `numShards` counts as this many).
const MAX_SHARDS: usize = 100;

/// The zone of a cluster whose body names none.
const DEFAULT_ZONE: &str = "Zone 1";

/// Electable nodes of a region whose legacy body gives no count.
const DEFAULT_NODES: u64 = 3;

/// Priority of a region whose legacy body gives none (the highest).
const DEFAULT_PRIORITY: u64 = 7;

/// Lays the topology of `body` (a create or update at a version of `shape`) over the stored
/// cluster `doc`, in the stored shape: shards keep the ids of the shards at the same position,
/// zones those of the same name, and new ones take ids from `next_id`. A body without a
/// topology leaves the stored one as it is.
pub(super) fn write(
    shape: Shape,
    body: &Value,
    doc: &mut Document,
    mut next_id: impl FnMut() -> String,
) {
    let shards = match shape {
        Shape::Legacy => legacy_shards(body),
        Shape::Advanced => advanced_shards(body),
        Shape::Sharded => body
            .get("replicationSpecs")
            .and_then(Value::as_array)
            .cloned(),
    };
    let Some(shards) = shards else {
        return;
    };
    if shape == Shape::Legacy {
        for field in LEGACY_FIELDS {
            doc.remove(field);
        }
    }
    let before: Vec<Value> = doc
        .get("replicationSpecs")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut zones: Vec<(String, String)> = before
        .iter()
        .map(|shard| (text(shard, "zoneName"), text(shard, "zoneId")))
        .filter(|(_, id)| !id.is_empty())
        .collect();
    let stored = shards
        .into_iter()
        .enumerate()
        .map(|(index, shard)| {
            let mut shard = shard.as_object().cloned().unwrap_or_default();
            shard.remove("numShards");
            let zone = shard
                .get("zoneName")
                .and_then(Value::as_str)
                .unwrap_or(DEFAULT_ZONE)
                .to_owned();
            let id = before
                .get(index)
                .map(|shard| text(shard, "id"))
                .filter(|id| !id.is_empty())
                .unwrap_or_else(&mut next_id);
            let zone_id = match zones.iter().find(|(name, _)| *name == zone) {
                Some((_, id)) => id.clone(),
                None => {
                    let id = next_id();
                    zones.push((zone.clone(), id.clone()));
                    id
                }
            };
            shard.insert("id".into(), json!(id));
            shard.insert("zoneId".into(), json!(zone_id));
            shard.insert("zoneName".into(), json!(zone));
            Value::Object(shard)
        })
        .collect();
    doc.insert("replicationSpecs".into(), Value::Array(stored));
}

/// The stored cluster `doc` with its topology in `shape`.
pub(super) fn read(shape: Shape, doc: &mut Document) {
    if shape == Shape::Sharded {
        return;
    }
    let Some(Value::Array(shards)) = doc.remove("replicationSpecs") else {
        return;
    };
    let zones = by_zone(&shards);
    let specs: Vec<Value> = zones
        .iter()
        .map(|(first, count)| {
            let mut spec = Map::new();
            spec.insert("id".into(), json!(text(first, "id")));
            spec.insert("numShards".into(), json!(count));
            spec.insert("zoneName".into(), json!(text(first, "zoneName")));
            let regions = first.get("regionConfigs").cloned().unwrap_or(json!([]));
            if shape == Shape::Legacy {
                spec.insert("regionsConfig".into(), regions_config(&regions));
            } else {
                spec.insert("zoneId".into(), json!(text(first, "zoneId")));
                spec.insert("regionConfigs".into(), regions);
            }
            Value::Object(spec)
        })
        .collect();
    if shape == Shape::Legacy {
        doc.insert("numShards".into(), json!(shards.len()));
        if let Some(settings) = shards.first().and_then(provider_settings) {
            doc.insert("providerSettings".into(), settings);
        }
    }
    doc.insert("replicationSpecs".into(), Value::Array(specs));
}

/// The shards of a 2023-02-01 body: each zone's item repeated `numShards` times.
fn advanced_shards(body: &Value) -> Option<Vec<Value>> {
    let specs = body.get("replicationSpecs")?.as_array()?;
    Some(
        specs
            .iter()
            .flat_map(|spec| std::iter::repeat_n(spec.clone(), count(spec, "numShards")))
            .collect(),
    )
}

/// The shards of a 2023-01-01 body, from its `replicationSpecs` (or, without them, its
/// `numShards`, `replicationSpec` and `providerSettings`), when it describes a topology.
fn legacy_shards(body: &Value) -> Option<Vec<Value>> {
    if !LEGACY_FIELDS.iter().any(|field| body.get(field).is_some()) {
        return None;
    }
    let settings = body.get("providerSettings");
    let setting = |name: &str| settings.and_then(|found| found.get(name)).cloned();
    let provider = setting("providerName").unwrap_or(json!("AWS"));
    let size = setting("instanceSizeName");
    let home = setting("regionName");
    let specs = match body.get("replicationSpecs").and_then(Value::as_array) {
        Some(specs) if !specs.is_empty() => specs.clone(),
        _ => vec![json!({
            "numShards": body.get("numShards").cloned().unwrap_or(json!(1)),
            "regionsConfig": body.get("replicationSpec").cloned().unwrap_or(Value::Null),
        })],
    };
    let node = |count: Option<&Value>| {
        let mut spec = Map::new();
        if let Some(size) = &size {
            spec.insert("instanceSize".into(), size.clone());
        }
        spec.insert("nodeCount".into(), count.cloned().unwrap_or(json!(0)));
        Value::Object(spec)
    };
    Some(
        specs
            .iter()
            .flat_map(|spec| {
                let regions: Vec<Value> = match spec.get("regionsConfig").and_then(Value::as_object)
                {
                    Some(regions) => regions
                        .iter()
                        .map(|(region, nodes)| {
                            let mut config = Map::new();
                            config.insert("providerName".into(), provider.clone());
                            config.insert("regionName".into(), json!(region));
                            config.insert(
                                "priority".into(),
                                nodes
                                    .get("priority")
                                    .cloned()
                                    .unwrap_or(json!(DEFAULT_PRIORITY)),
                            );
                            config.insert(
                                "electableSpecs".into(),
                                node(Some(
                                    nodes.get("electableNodes").unwrap_or(&json!(DEFAULT_NODES)),
                                )),
                            );
                            for (nodes_field, specs_field) in [
                                ("readOnlyNodes", "readOnlySpecs"),
                                ("analyticsNodes", "analyticsSpecs"),
                            ] {
                                let counted = nodes.get(nodes_field);
                                if counted.and_then(Value::as_u64).is_some_and(|n| n > 0) {
                                    config.insert(specs_field.into(), node(counted));
                                }
                            }
                            Value::Object(config)
                        })
                        .collect(),
                    None => home
                        .iter()
                        .map(|region| {
                            json!({
                                "providerName": provider,
                                "regionName": region,
                                "priority": DEFAULT_PRIORITY,
                                "electableSpecs": node(Some(&json!(DEFAULT_NODES))),
                            })
                        })
                        .collect(),
                };
                let mut shard = Map::new();
                if let Some(zone) = spec.get("zoneName") {
                    shard.insert("zoneName".into(), zone.clone());
                }
                shard.insert("regionConfigs".into(), Value::Array(regions));
                std::iter::repeat_n(Value::Object(shard), count(spec, "numShards"))
            })
            .collect(),
    )
}

/// Consecutive shards grouped by zone: the first shard of each zone and how many it has.
fn by_zone(shards: &[Value]) -> Vec<(&Value, usize)> {
    let mut zones: Vec<(&Value, usize)> = Vec::new();
    for shard in shards {
        match zones.last_mut() {
            Some((first, count)) if text(first, "zoneId") == text(shard, "zoneId") => {
                *count = count.saturating_add(1);
            }
            _ => zones.push((shard, 1)),
        }
    }
    zones
}

/// A legacy `regionsConfig` map from `regionConfigs`.
fn regions_config(regions: &Value) -> Value {
    let nodes = |config: &Value, specs: &str| {
        config
            .get(specs)
            .and_then(|found| found.get("nodeCount"))
            .cloned()
            .unwrap_or(json!(0))
    };
    Value::Object(
        regions
            .as_array()
            .into_iter()
            .flatten()
            .map(|config| {
                let mut region = Map::new();
                region.insert("electableNodes".into(), nodes(config, "electableSpecs"));
                region.insert("readOnlyNodes".into(), nodes(config, "readOnlySpecs"));
                region.insert("analyticsNodes".into(), nodes(config, "analyticsSpecs"));
                if let Some(priority) = config.get("priority") {
                    region.insert("priority".into(), priority.clone());
                }
                (text(config, "regionName"), Value::Object(region))
            })
            .collect(),
    )
}

/// The legacy `providerSettings` of a shard: its first region's provider, region and instance
/// size.
fn provider_settings(shard: &Value) -> Option<Value> {
    let first = shard.get("regionConfigs")?.as_array()?.first()?;
    let mut settings = Map::new();
    settings.insert("providerName".into(), first.get("providerName")?.clone());
    if let Some(region) = first.get("regionName") {
        settings.insert("regionName".into(), region.clone());
    }
    if let Some(size) = first
        .get("electableSpecs")
        .and_then(|specs| specs.get("instanceSize"))
    {
        settings.insert("instanceSizeName".into(), size.clone());
    }
    Some(Value::Object(settings))
}

/// A whole-number field within 1..=[`MAX_SHARDS`] (1 when absent).
fn count(value: &Value, name: &str) -> usize {
    value
        .get(name)
        .and_then(Value::as_u64)
        .and_then(|count| usize::try_from(count).ok())
        .unwrap_or(1)
        .clamp(1, MAX_SHARDS)
}

/// A string field (empty when absent).
fn text(value: &Value, name: &str) -> String {
    value
        .get(name)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}
