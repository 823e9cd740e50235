//! Error collection and did-you-mean suggestions.

use proc_macro2::{Punct, Spacing, Span, TokenStream, TokenTree};
use std::fmt::Display;

/// A stretch of source from one token to another. Stable Rust cannot join spans, but an error
/// built from tokens spanned at both ends underlines everything between them.
#[derive(Clone, Copy)]
pub struct SpanRange {
    start: Span,
    end: Span,
}

impl SpanRange {
    /// From the token at `start` to the token at `end`.
    pub fn new(start: Span, end: Span) -> Self {
        Self { start, end }
    }

    /// An error underlining the whole range.
    pub fn error(self, message: impl Display) -> syn::Error {
        let ends: TokenStream = [self.start, self.end]
            .into_iter()
            .map(|span| {
                let mut punct = Punct::new('#', Spacing::Alone);
                punct.set_span(span);
                TokenTree::Punct(punct)
            })
            .collect();
        syn::Error::new_spanned(ends, message)
    }
}

impl From<Span> for SpanRange {
    fn from(span: Span) -> Self {
        Self::new(span, span)
    }
}

/// Collects every error of one declaration so they are reported together.
#[derive(Default)]
pub struct Diagnostics {
    errors: Vec<syn::Error>,
}

impl Diagnostics {
    /// Records an error underlining `at` (a span or a range).
    pub fn error(&mut self, at: impl Into<SpanRange>, message: impl Display) {
        self.errors.push(at.into().error(message));
    }

    /// Records an already built error.
    pub fn push(&mut self, error: syn::Error) {
        self.errors.push(error);
    }

    /// Whether nothing has been reported.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// Runs one stage of the checks with a sink of its own (as serde's `Ctxt` per derive): what
    /// the stage returns, and whether it reported nothing. Its errors join these either way, so
    /// everything is reported at once, but a stage's success never depends on what other stages
    /// reported before it.
    pub fn stage<T>(&mut self, run: impl FnOnce(&mut Diagnostics) -> T) -> Staged<T> {
        let mut own = Diagnostics::default();
        let value = run(&mut own);
        let clean = own.is_empty();
        self.errors.append(&mut own.errors);
        Staged { value, clean }
    }

    /// All errors as `compile_error!` invocations.
    pub fn to_compile_errors(&self) -> proc_macro2::TokenStream {
        self.errors
            .iter()
            .map(syn::Error::to_compile_error)
            .collect()
    }
}

/// What one stage of the checks returned, and whether it reported no error.
pub struct Staged<T> {
    pub value: T,
    pub clean: bool,
}

impl<T> Staged<T> {
    /// The value when the stage reported no error.
    pub fn ok(self) -> Option<T> {
        self.clean.then_some(self.value)
    }
}

/// The candidate closest to `wrong`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let wrong_lower = wrong.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|candidate| {
            (
                edit_distance(&wrong_lower, &candidate.to_ascii_lowercase()),
                candidate,
            )
        })
        .filter(|(distance, candidate)| *distance <= candidate.len().max(wrong.len()) / 3 + 1)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// `; did you mean `x`?` or nothing, to end a message with.
pub fn suggestion<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(wrong, candidates)
        .map(|found| format!("; did you mean `{found}`?"))
        .unwrap_or_default()
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

/// A type as written, without the spaces token printing puts in (`Vec<Cluster>`, `&str`).
pub fn type_text(ty: &impl quote::ToTokens) -> String {
    let text = ty.to_token_stream().to_string();
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let joins = matches!(out.chars().last(), Some('<' | '&' | ':' | '(' | '['))
            || matches!(next, Some('<' | '>' | ',' | ':' | ')' | ']'));
        if c == ' ' && joins {
            continue;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(did_you_mean("DELTE", ["GET", "DELETE"]), Some("DELETE"));
        assert_eq!(did_you_mean("delete", ["GET", "DELETE"]), Some("DELETE"));
        assert_eq!(
            did_you_mean("deprecatd", ["deprecated", "version"]),
            Some("deprecated")
        );
        assert_eq!(did_you_mean("banana", ["GET", "DELETE"]), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
