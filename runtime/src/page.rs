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

use crate::error::{Error, Result};
use futures_util::Stream;
use serde::de::{DeserializeOwned, Deserializer, Error as _};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::hash::{Hash, Hasher};

/// Atlas's largest page.
pub const MAX_ITEMS_PER_PAGE: u32 = 500;
/// The most pages [`paginate`] fetches before it gives up with an error (5 million items at
/// 500 per page): a server that always says there is more cannot keep a stream going forever.
pub const MAX_PAGES: u32 = 10_000;

/// One page of a list operation: `{results, totalCount, links}`.
///
/// A page decoded from an answer remembers a digest of its `results` as sent, so that
/// [`paginate`] notices a server that answers the same page again.
#[derive(Clone)]
pub struct Page<T> {
    /// The items of this page.
    pub results: Vec<T>,
    /// The number of items in all pages, when Atlas reports it (`includeCount`). Atlas
    /// documents it as an estimate: see [`Page::continues`] for how it is used.
    pub total_count: Option<u64>,
    /// Links to this and neighbouring pages.
    pub links: Vec<Link>,
    /// A digest of `results` as received; `None` for a page built in code.
    digest: Option<u64>,
}

/// A link of a page, e.g. `rel: "next"`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
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
    /// A page built in code (tests, adapters); pages decoded from answers come from serde.
    pub fn new(results: Vec<T>, total_count: Option<u64>, links: Vec<Link>) -> Self {
        Self {
            results,
            total_count,
            links,
            digest: None,
        }
    }

    /// Whether more pages follow this one, given the page size asked for and the number of
    /// items seen so far (this page included).
    ///
    /// An empty page ends the list. When Atlas sends links, the list continues only while a
    /// `next` link is present; otherwise a short page ends it. Reaching `totalCount` ends the
    /// list too, except after a full page with a `next` link: Atlas's count is an estimate,
    /// so one more page is asked for, and the list goes on only if it brings new items.
    pub fn continues(&self, items_per_page: u32, seen: u64) -> bool {
        if self.results.is_empty() {
            return false;
        }
        let full = self.results.len() >= items_per_page as usize;
        let next = if self.links.is_empty() {
            full
        } else {
            self.links.iter().any(|link| link.rel == "next")
        };
        let counted = self.total_count.is_some_and(|total| seen >= total);
        next && (!counted || (full && !self.links.is_empty()))
    }

    /// Whether this page holds the same items, as received, as `previous`.
    fn repeats(&self, previous: Option<u64>) -> bool {
        self.digest.is_some() && self.digest == previous
    }
}

impl<T: PartialEq> PartialEq for Page<T> {
    fn eq(&self, other: &Self) -> bool {
        self.results == other.results
            && self.total_count == other.total_count
            && self.links == other.links
    }
}

impl<T: fmt::Debug> fmt::Debug for Page<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Page")
            .field("results", &self.results)
            .field("total_count", &self.total_count)
            .field("links", &self.links)
            .finish()
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Page<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Wire {
            results: Option<Box<RawValue>>,
            #[serde(default)]
            total_count: Option<u64>,
            #[serde(default)]
            links: Vec<Link>,
        }
        let wire = Wire::deserialize(deserializer)?;
        let (results, digest) = match wire.results {
            None => (Vec::new(), None),
            Some(raw) => {
                let mut hasher = std::collections::hash_map::DefaultHasher::new();
                raw.get().hash(&mut hasher);
                let results = serde_json::from_str(raw.get())
                    .map_err(|error| D::Error::custom(format_args!("results: {error}")))?;
                (results, Some(hasher.finish()))
            }
        };
        Ok(Self {
            results,
            total_count: wire.total_count,
            links: wire.links,
            digest,
        })
    }
}

/// Streams every item of a list operation, fetching page after page lazily with `fetch`.
///
/// `items_per_page` is clamped to 1–500. The stream ends after the last page (see
/// [`Page::continues`]) or after yielding the first error. It always ends: a page that
/// repeats the previous page's items (a server ignoring `pageNum`) is an error, and so is a
/// list longer than [`MAX_PAGES`] pages.
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
        previous: None,
        buffered: VecDeque::new(),
        failure: None,
    };
    futures_util::stream::unfold(state, |mut state| async move {
        loop {
            if let Some(item) = state.buffered.pop_front() {
                return Some((Ok(item), state));
            }
            if let Some(error) = state.failure.take() {
                return Some((Err(error), state));
            }
            let request = state.next.take()?;
            let page = match (state.fetch)(request).await {
                Err(error) => return Some((Err(error), state)),
                Ok(page) => page,
            };
            if page.repeats(state.previous) {
                let why = "repeated the previous page's items (the server ignores `pageNum`)";
                return Some((Err(paging_error(request, why)), state));
            }
            state.previous = page.digest;
            state.seen = state.seen.saturating_add(page.results.len() as u64);
            if page.continues(request.items_per_page, state.seen) {
                if request.page_num >= MAX_PAGES {
                    let why = "still announced more: stopped at the limit of MAX_PAGES pages";
                    state.failure = Some(paging_error(request, why));
                } else {
                    state.next = Some(PageRequest {
                        page_num: request.page_num.saturating_add(1),
                        ..request
                    });
                }
            }
            state.buffered.extend(page.results);
        }
    })
}

/// Why a list stopped early.
fn paging_error(request: PageRequest, what: &str) -> Error {
    Error::Paging {
        page_num: request.page_num,
        message: format!("page {} {what}", request.page_num),
    }
}

struct State<F, T> {
    fetch: F,
    next: Option<PageRequest>,
    seen: u64,
    /// The digest of the previous page's items.
    previous: Option<u64>,
    buffered: VecDeque<T>,
    /// The error to yield once the buffered items are out.
    failure: Option<Error>,
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
        Page::new(results, total_count, links)
    }

    /// A page as decoded from an answer (with the digest of its items).
    fn decoded(results: &[u32], total_count: u64, next: bool) -> Page<u32> {
        let links = if next {
            r#"[{"rel":"next","href":"n"}]"#
        } else {
            "[]"
        };
        serde_json::from_str(&format!(
            r#"{{"results":{results:?},"totalCount":{total_count},"links":{links}}}"#
        ))
        .unwrap()
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
    async fn full_pages_with_next_links_go_past_a_low_estimate() {
        let (all, calls) = collect(1200, 500, Some(700), true).await;
        assert_eq!(
            all.len(),
            1200,
            "an underestimated total must not lose items"
        );
        assert_eq!(calls, 3);
    }

    #[tokio::test]
    async fn the_total_ends_a_short_page_that_still_links_next() {
        let mut calls = 0;
        let all: Vec<u32> = paginate(500, |_| {
            calls += 1;
            std::future::ready(Ok(decoded(&[1, 2], 2, true)))
        })
        .try_collect()
        .await
        .unwrap();
        assert_eq!((all, calls), (vec![1, 2], 1));
    }

    #[tokio::test]
    async fn a_repeated_page_is_an_error_not_a_loop() {
        let mut calls = 0;
        let results: Vec<Result<u32>> = futures_util::StreamExt::collect(paginate(2, |_| {
            calls += 1;
            std::future::ready(Ok(decoded(&[1, 2], 2, true)))
        }))
        .await;
        assert_eq!(calls, 2, "the repeat is noticed on the second page");
        assert_eq!(results.len(), 3);
        let error = results[2].as_ref().unwrap_err();
        assert!(
            matches!(error, Error::Paging { page_num: 2, .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains("repeated"), "{error}");
    }

    #[tokio::test]
    async fn endless_new_pages_stop_at_the_page_limit_with_an_error() {
        let mut calls = 0u32;
        let results: Vec<Result<u32>> = futures_util::StreamExt::collect(paginate(1, |request| {
            calls += 1;
            std::future::ready(Ok(decoded(&[request.page_num], 1, true)))
        }))
        .await;
        assert_eq!(calls, MAX_PAGES);
        assert_eq!(
            results.len() as u32,
            MAX_PAGES + 1,
            "every item, then the error"
        );
        assert!(results[..MAX_PAGES as usize].iter().all(Result::is_ok));
        let error = results.last().unwrap().as_ref().unwrap_err();
        assert!(error.to_string().contains("MAX_PAGES"), "{error}");
    }

    #[test]
    fn decoded_pages_keep_their_fields_and_tell_bad_items() {
        let page = decoded(&[7], 9, true);
        assert_eq!(page, Page::new(vec![7], Some(9), page.links.clone()));
        assert_eq!(page.links[0].rel, "next");
        let error = serde_json::from_str::<Page<u32>>(r#"{"results":["x"]}"#).unwrap_err();
        assert!(error.to_string().contains("results"), "{error}");
        let empty: Page<u32> = serde_json::from_str("{}").unwrap();
        assert!(empty.results.is_empty());
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
