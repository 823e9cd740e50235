//! One page of a list, as Atlas pages them: `pageNum` (from 1), `itemsPerPage` (1 to 500,
//! 100 by default) and `includeCount` (true by default) in; `results`, `totalCount` and
//! `links` (`self`, and `previous` / `next` where there are such pages) out.

use super::call::Ask;
use crate::MAX_ITEMS_PER_PAGE;
use crate::testing::Reply;
use serde_json::{Value, json};

/// Atlas's page size when none is asked for.
const DEFAULT_ITEMS_PER_PAGE: usize = 100;

/// The page of `items` the query asks for, or Atlas's 400 for a paging parameter out of range.
pub(super) fn page(ask: &Ask, items: Vec<Value>) -> Result<Value, Reply> {
    let page_num = number(ask, "pageNum", 1, usize::MAX)?.unwrap_or(1);
    let per_page = number(ask, "itemsPerPage", 1, MAX_ITEMS_PER_PAGE as usize)?
        .unwrap_or(DEFAULT_ITEMS_PER_PAGE);
    let include_count = match ask.query("includeCount") {
        None | Some("true") => true,
        Some("false") => false,
        Some(_) => return Err(invalid("includeCount")),
    };
    let total = items.len();
    let skipped = (page_num - 1).saturating_mul(per_page);
    let results: Vec<Value> = items.into_iter().skip(skipped).take(per_page).collect();
    let link = |rel: &str, number: usize| {
        json!({
            "href": format!(
                "{}?pageNum={number}&itemsPerPage={per_page}",
                ask.url(&ask.path)
            ),
            "rel": rel,
        })
    };
    let mut links = Vec::new();
    if page_num > 1 {
        links.push(link("previous", page_num - 1));
    }
    links.push(link("self", page_num));
    if skipped.saturating_add(per_page) < total {
        links.push(link("next", page_num + 1));
    }
    let mut answer = json!({ "links": links, "results": results });
    if include_count {
        answer["totalCount"] = json!(total);
    }
    Ok(answer)
}

/// A whole-number query parameter within `min..=max`.
fn number(ask: &Ask, name: &str, min: usize, max: usize) -> Result<Option<usize>, Reply> {
    let Some(text) = ask.query(name) else {
        return Ok(None);
    };
    match text.parse::<usize>() {
        Ok(value) if (min..=max).contains(&value) => Ok(Some(value)),
        _ => Err(invalid(name)),
    }
}

/// Atlas's answer to a query parameter it cannot use.
fn invalid(name: &str) -> Reply {
    Reply::atlas_error(
        400,
        "INVALID_QUERY_PARAMETER",
        &format!("Invalid query parameter {name} specified."),
    )
}
