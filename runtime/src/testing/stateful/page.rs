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
    let paging = Paging::asked(ask)?;
    let total = items.len();
    let results = items
        .into_iter()
        .skip(paging.skipped())
        .take(paging.per_page);
    Ok(paging.answer(ask, total, results.collect()))
}

/// The paging parameters of a list request.
pub(super) struct Paging {
    /// The page asked for, from 1.
    page_num: usize,
    /// Items per page.
    per_page: usize,
    /// Whether the answer carries `totalCount`.
    include_count: bool,
}

impl Paging {
    /// The paging the query asks for, or Atlas's 400 for a parameter out of range.
    pub(super) fn asked(ask: &Ask) -> Result<Self, Reply> {
        let page_num = number(ask, "pageNum", 1, usize::MAX)?.unwrap_or(1);
        let per_page = number(ask, "itemsPerPage", 1, MAX_ITEMS_PER_PAGE as usize)?
            .unwrap_or(DEFAULT_ITEMS_PER_PAGE);
        let include_count = match ask.query("includeCount") {
            None | Some("true") => true,
            Some("false") => false,
            Some(_) => return Err(invalid("includeCount")),
        };
        Ok(Self {
            page_num,
            per_page,
            include_count,
        })
    }

    /// How many items come before the page.
    fn skipped(&self) -> usize {
        self.page_num
            .saturating_sub(1)
            .saturating_mul(self.per_page)
    }

    /// The positions of a list of `total` items that are on the page.
    pub(super) fn window(&self, total: usize) -> std::ops::Range<usize> {
        let start = self.skipped().min(total);
        start..start.saturating_add(self.per_page).min(total)
    }

    /// The answer carrying `results`, the page of a list of `total` items.
    pub(super) fn answer(&self, ask: &Ask, total: usize, results: Vec<Value>) -> Value {
        let per_page = self.per_page;
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
        if self.page_num > 1 {
            links.push(link("previous", self.page_num.saturating_sub(1)));
        }
        links.push(link("self", self.page_num));
        if self.skipped().saturating_add(per_page) < total {
            links.push(link("next", self.page_num.saturating_add(1)));
        }
        let mut answer = json!({ "links": links, "results": results });
        if self.include_count {
            answer["totalCount"] = json!(total);
        }
        answer
    }
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
