//! The path generated code reaches the runtime crate by: the one a `crate = "…"` flag names (a
//! facade that re-exports the runtime), or else the name the user's Cargo.toml gives the
//! `atlas-endpoint` dependency, renamed or not. Every runtime path the macros write starts here,
//! and goes through the runtime's hidden `__private` module: the one table of what generated
//! code names.

use crate::manifest::{self, Dependency};
use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, format_ident, quote};
use syn::parse::Parser;
use syn::{LitStr, Path};

/// The runtime's package name, as Cargo.toml dependencies name it.
const PACKAGE: &str = "atlas-endpoint";

/// The `crate` flag as messages show it, naming a facade's re-export.
pub const CRATE_EXAMPLE: &str = "crate = \"facade::atlas_endpoint\"";

/// How the runtime is found when no `crate = "…"` is given: [`manifest`], or a stand-in in tests.
pub type Lookup = fn() -> Dependency;

/// The runtime's dependency in the Cargo.toml of the crate being compiled.
pub fn manifest() -> Dependency {
    manifest::dependency(PACKAGE)
}

/// What the error for a crate without the dependency points at and suggests.
pub struct Suggestion {
    pub span: Span,
    /// The user's attribute with `crate = "…"` added.
    pub attribute: String,
}

/// How generated code names the runtime crate: `::atlas_endpoint`, `::atlas` (renamed) or
/// `facade::atlas_endpoint` (given).
pub struct Runtime(TokenStream);

impl Runtime {
    /// The path `crate = "…"` gives, or else the runtime as `lookup` finds it; `suggestion` is
    /// for a crate where it finds none.
    pub fn resolve(
        given: Option<&LitStr>,
        lookup: Lookup,
        suggestion: Suggestion,
    ) -> syn::Result<Self> {
        match given {
            Some(literal) => Self::given(literal),
            None => Self::found(lookup(), suggestion),
        }
    }

    /// A `crate = "path"` value: a path without generic arguments.
    fn given(literal: &LitStr) -> syn::Result<Self> {
        let path = literal.parse_with(Path::parse_mod_style).map_err(|error| {
            let value = literal.value();
            // A package name (`atlas-endpoint`) where Rust wants the crate name.
            let underscored = value.replace('-', "_");
            let fix = if value.contains('-')
                && Path::parse_mod_style.parse_str(&underscored).is_ok()
            {
                format!("Rust spells crate names with `_`: write `crate = {underscored:?}`")
            } else {
                format!("name the `atlas-endpoint` crate or its re-export, e.g. `{CRATE_EXAMPLE}`")
            };
            syn::Error::new(
                literal.span(),
                format!("`crate = {value:?}` is not a path ({error}); {fix}"),
            )
        })?;
        Ok(Self(path.into_token_stream()))
    }

    /// `::name`, where `name` is the dependency's name in the Cargo.toml of the crate being
    /// compiled.
    fn found(lookup: Dependency, suggestion: Suggestion) -> syn::Result<Self> {
        let name = match lookup {
            Dependency::Named(name) => name,
            Dependency::Missing => {
                return Err(syn::Error::new(
                    suggestion.span,
                    format!(
                        "this crate's Cargo.toml does not depend on `{PACKAGE}`, so the generated code cannot reach it: add `{PACKAGE}` to its [dependencies], or, to use it through a crate that re-exports it, name that path, e.g. `{}`",
                        suggestion.attribute
                    ),
                ));
            }
        };
        let name = format_ident!("{name}");
        Ok(Self(quote!(::#name)))
    }

    /// The path as if written at `span`, for code written at a user's type: an error there
    /// points at the type alone, not into the macro's expansion.
    pub fn at(&self, span: Span) -> TokenStream {
        self.to_token_stream()
            .into_iter()
            .map(|mut token| {
                token.set_span(span);
                token
            })
            .collect()
    }
}

impl ToTokens for Runtime {
    /// `runtime::__private`, where every item generated code names is re-exported.
    fn to_tokens(&self, tokens: &mut TokenStream) {
        self.0.to_tokens(tokens);
        quote!(::__private).to_tokens(tokens);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = "#[atlas_endpoint(GET, \"/orgs\", crate = \"facade::atlas_endpoint\")]";

    fn suggestion() -> Suggestion {
        Suggestion {
            span: Span::call_site(),
            attribute: EXAMPLE.to_owned(),
        }
    }

    /// The path as text, or the error's message.
    fn text(resolved: syn::Result<Runtime>) -> Result<String, String> {
        resolved
            .map(|runtime| runtime.0.to_string().replace(' ', ""))
            .map_err(|error| error.to_string())
    }

    fn found(lookup: Dependency) -> Result<String, String> {
        text(Runtime::found(lookup, suggestion()))
    }

    fn given(path: &str) -> Result<String, String> {
        text(Runtime::given(&LitStr::new(path, Span::call_site())))
    }

    #[test]
    fn a_dependency_is_named_as_cargo_toml_names_it() {
        let renamed = Dependency::Named("atlas".to_owned());
        assert_eq!(found(renamed).unwrap(), "::atlas");
        let plain = Dependency::Named("atlas_endpoint".to_owned());
        assert_eq!(found(plain).unwrap(), "::atlas_endpoint");
    }

    #[test]
    fn a_crate_without_the_dependency_is_told_both_fixes() {
        let message = found(Dependency::Missing).unwrap_err();
        assert!(
            message.contains("does not depend on `atlas-endpoint`"),
            "{message}"
        );
        assert!(
            message.contains("add `atlas-endpoint` to its [dependencies]"),
            "{message}"
        );
        assert!(message.contains(EXAMPLE), "{message}");
    }

    #[test]
    fn a_given_path_wins_over_the_manifest() {
        let facade = LitStr::new("facade::atlas_endpoint", Span::call_site());
        let resolved = Runtime::resolve(Some(&facade), || Dependency::Missing, suggestion());
        assert_eq!(text(resolved).unwrap(), "facade::atlas_endpoint");
        assert_eq!(
            given("::facade::atlas_endpoint").unwrap(),
            "::facade::atlas_endpoint"
        );
        let manifest = Runtime::resolve(None, || Dependency::Missing, suggestion());
        assert!(text(manifest).is_err());
    }

    #[test]
    fn a_given_value_must_be_a_plain_path() {
        for invalid in [
            "",
            "facade::",
            "facade atlas",
            "facade::atlas_endpoint<T>",
            "1facade",
        ] {
            let message = given(invalid).unwrap_err();
            assert!(
                message.starts_with(&format!("`crate = {invalid:?}` is not a path")),
                "{invalid}: {message}"
            );
        }
    }

    #[test]
    fn a_package_name_gets_the_crate_name() {
        let message = given("platform::atlas-endpoint").unwrap_err();
        assert!(
            message.ends_with(
                "; Rust spells crate names with `_`: write `crate = \"platform::atlas_endpoint\"`"
            ),
            "{message}"
        );
    }

    #[test]
    fn respanned_paths_keep_their_tokens() {
        let runtime =
            Runtime::found(Dependency::Named("atlas_endpoint".to_owned()), suggestion()).unwrap();
        let at = runtime.at(Span::call_site()).to_string();
        assert_eq!(at, runtime.into_token_stream().to_string());
    }
}
