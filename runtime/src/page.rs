//! Paginated list operations: one page, and a lazy stream over every item of every page.
//!
//! Declare the list endpoint with its paging parameters and a `Page<T>` return, then let
//! [`paginate`] drive it:
//!
//! ```no_run
//! # use atlas_endpoint::{atlas_endpoint, paginate, Client, Page, Result, TryStreamExt};
//! #[atlas_endpoint(GET, "/groups/<groupId>/clusters")]
//! async fn list_clusters(
//!     client: &Client,
//!     group_id: &str,
//!     #[query("pageNum")] page_num: u32,
//!     #[query("itemsPerPage")] items_per_page: u32,
//! ) -> Result<Page<serde_json::Value>>;
//!
//! # async fn run(client: &Client) -> Result<()> {
//! let clusters: Vec<serde_json::Value> =
//!     paginate(500, |page| list_clusters(client, "5f1b2c3d4e5f6a7b8c9d0e1f", page.page_num, page.items_per_page))
//!         .try_collect()
//!         .await?;
//! # Ok(()) }
//! ```

use crate::error::Result;
use futures_util::Stream;
use serde::Deserialize;
use std::collections::VecDeque;
use std::future::Future;

/// Atlas's largest page.
pub const MAX_ITEMS_PER_PAGE: u32 = 500;

/// One page of a list operation: `{results, totalCount, links}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    /// The items of this page.
    #[serde(default = "Vec::new")]
    pub results: Vec<T>,
    /// The number of items in all pages, when Atlas reports it (`includeCount`); it may be an
    /// estimate, so it never decides alone that the list has ended.
    #[serde(default)]
    pub total_count: Option<u64>,
    /// Links to this and neighbouring pages.
    #[serde(default)]
    pub links: Vec<Link>,
}

/// A link of a page, e.g. `rel: "next"`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct Link {
    /// The target URL.
    #[serde(default)]
    pub href: String,
    /// The relation: `self`, `next`, `previous`.
    #[serde(default)]
    pub rel: String,
}

/// Which page to fetch next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    /// The page number, from 1.
    pub page_num: u32,
    /// The page size, 1 to 500.
    pub items_per_page: u32,
}

impl<T> Page<T> {
    /// Whether more pages follow this one, given the page size asked for and the number of
    /// items seen so far (this page included).
    ///
    /// An empty page ends the list. When Atlas sends links, a `next` link decides. Otherwise a
    /// short page ends the list, and so does reaching `totalCount`.
    pub fn continues(&self, items_per_page: u32, seen: u64) -> bool {
        if self.results.is_empty() {
            return false;
        }
        if !self.links.is_empty() {
            return self.links.iter().any(|link| link.rel == "next");
        }
        let full = self.results.len() >= items_per_page as usize;
        full && self.total_count.is_none_or(|total| seen < total)
    }
}

/// Streams every item of a list operation, fetching page after page lazily with `fetch`.
///
/// `items_per_page` is clamped to 1–500. The stream ends after the last page (see
/// [`Page::continues`]) or after yielding the first error.
pub fn paginate<T, F, Fut>(items_per_page: u32, fetch: F) -> impl Stream<Item = Result<T>>
where
    F: FnMut(PageRequest) -> Fut,
    Fut: Future<Output = Result<Page<T>>>,
{
    let state = State {
        fetch,
        next: Some(PageRequest {
            page_num: 1,
            items_per_page: items_per_page.clamp(1, MAX_ITEMS_PER_PAGE),
        }),
        seen: 0,
        buffered: VecDeque::new(),
    };
    futures_util::stream::unfold(state, |mut state| async move {
        loop {
            if let Some(item) = state.buffered.pop_front() {
                return Some((Ok(item), state));
            }
            let request = state.next.take()?;
            match (state.fetch)(request).await {
                Err(error) => return Some((Err(error), state)),
                Ok(page) => {
                    state.seen += page.results.len() as u64;
                    if page.continues(request.items_per_page, state.seen) {
                        state.next = Some(PageRequest {
                            page_num: request.page_num.saturating_add(1),
                            ..request
                        });
                    }
                    state.buffered.extend(page.results);
                }
            }
        }
    })
}

struct State<F, T> {
    fetch: F,
    next: Option<PageRequest>,
    seen: u64,
    buffered: VecDeque<T>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::TryStreamExt;

    fn page(results: Vec<u32>, total_count: Option<u64>, next: Option<bool>) -> Page<u32> {
        let links = match next {
            None => Vec::new(),
            Some(next) => {
                let mut links = vec![Link {
                    href: "self".into(),
                    rel: "self".into(),
                }];
                if next {
                    links.push(Link {
                        href: "next".into(),
                        rel: "next".into(),
                    });
                }
                links
            }
        };
        Page {
            results,
            total_count,
            links,
        }
    }

    /// Serves `items` in pages, optionally with links and a (possibly wrong) total.
    async fn collect(
        items: u32,
        per_page: u32,
        total: Option<u64>,
        links: bool,
    ) -> (Vec<u32>, u32) {
        let mut calls = 0;
        let all: Vec<u32> = paginate(per_page, |request| {
            calls += 1;
            let start = (request.page_num - 1) * request.items_per_page;
            let end = (start + request.items_per_page).min(items);
            let results: Vec<u32> = (start.min(items)..end).collect();
            let next = links.then_some(end < items);
            std::future::ready(Ok(page(results, total, next)))
        })
        .try_collect()
        .await
        .unwrap();
        (all, calls)
    }

    #[tokio::test]
    async fn stops_on_a_short_page() {
        let (all, calls) = collect(1001, 500, None, false).await;
        assert_eq!(all, (0..1001).collect::<Vec<_>>());
        assert_eq!(calls, 3);
    }

    #[tokio::test]
    async fn an_exact_multiple_costs_one_empty_page_without_a_total() {
        let (all, calls) = collect(1000, 500, None, false).await;
        assert_eq!(all.len(), 1000);
        assert_eq!(calls, 3);
    }

    #[tokio::test]
    async fn the_total_saves_the_empty_page() {
        let (all, calls) = collect(1000, 500, Some(1000), false).await;
        assert_eq!(all.len(), 1000);
        assert_eq!(calls, 2);
    }

    #[tokio::test]
    async fn links_decide_over_a_wrong_estimate() {
        let (all, calls) = collect(1200, 500, Some(700), true).await;
        assert_eq!(
            all.len(),
            1200,
            "an underestimated total must not lose items"
        );
        assert_eq!(calls, 3);
    }

    #[tokio::test]
    async fn an_error_ends_the_stream_after_being_yielded() {
        let results: Vec<Result<u32>> = futures_util::StreamExt::collect(paginate(2, |request| {
            std::future::ready(if request.page_num == 1 {
                Ok(page(vec![1, 2], None, None))
            } else {
                Err(crate::Error::Config("boom".into()))
            })
        }))
        .await;
        assert_eq!(results.len(), 3);
        assert!(results[2].is_err());
    }

    #[tokio::test]
    async fn page_size_is_clamped() {
        for (asked, sent) in [(0, 1), (10_000, MAX_ITEMS_PER_PAGE)] {
            let mut sizes = Vec::new();
            let _: Vec<u32> = paginate(asked, |request| {
                sizes.push(request.items_per_page);
                std::future::ready(Ok(page(Vec::new(), None, None)))
            })
            .try_collect()
            .await
            .unwrap();
            assert_eq!(sizes, [sent]);
        }
    }
}
