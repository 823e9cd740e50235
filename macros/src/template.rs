//! Pure parser for path templates such as `/orgs/<orgId>/invites/<invitationId>`.
//!
//! No `syn` here: the parser works on a plain `&str` so it can be tested and fuzzed alone.

use std::fmt;

/// One piece of a parsed template, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Literal text, including the `/` separators.
    Literal(String),
    /// A `<camelCase>` placeholder, by name.
    Placeholder(String),
}

/// A template that parsed cleanly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub pieces: Vec<Piece>,
}

impl Template {
    /// The path as Atlas documents it, with `{name}` placeholders.
    pub fn atlas_path(&self) -> String {
        self.pieces
            .iter()
            .map(|piece| match piece {
                Piece::Literal(text) => text.clone(),
                Piece::Placeholder(name) => format!("{{{name}}}"),
            })
            .collect()
    }

    /// Placeholder names in the order they appear.
    pub fn placeholders(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(|piece| match piece {
            Piece::Placeholder(name) => Some(name.as_str()),
            Piece::Literal(_) => None,
        })
    }
}

impl fmt::Display for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for piece in &self.pieces {
            match piece {
                Piece::Literal(text) => f.write_str(text)?,
                Piece::Placeholder(name) => write!(f, "<{name}>")?,
            }
        }
        Ok(())
    }
}

/// Why a template is not valid. Each message names the offending part, because on stable Rust
/// the whole literal is underlined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    Empty,
    NotAbsolute,
    TrailingSlash,
    EmptySegment,
    Unclosed { partial: String },
    UnexpectedClose { segment: String },
    EmptyPlaceholder,
    InvalidPlaceholder { name: String },
    BracePlaceholders { corrected: String },
    Duplicate { name: String },
    Adjacent { first: String, second: String },
    QueryOrFragment { found: char },
    InvalidCharacter { found: char, segment: String },
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("the path template is empty; write the path after /api/atlas/v2, e.g. \"/orgs/<orgId>\""),
            Self::NotAbsolute => f.write_str("the path template must start with `/` (it is relative to /api/atlas/v2), e.g. \"/orgs/<orgId>\""),
            Self::TrailingSlash => f.write_str("the path template must not end with `/`; Atlas paths have no trailing slash"),
            Self::EmptySegment => f.write_str("the path template has an empty segment (`//`); remove the extra `/`"),
            Self::Unclosed { partial } => write!(f, "placeholder `<{partial}` is not closed; add `>` after the name"),
            Self::UnexpectedClose { segment } => write!(f, "segment `{segment}` has a `>` with no matching `<`"),
            Self::EmptyPlaceholder => f.write_str("the path template has an empty placeholder `<>`; name it, e.g. `<groupId>`"),
            Self::InvalidPlaceholder { name } => match camel_case_placeholder(name) {
                Some(camel) => write!(f, "placeholder `<{name}>` is not a valid name; placeholders are camelCase as in Atlas's documentation: write `<{camel}>`"),
                None => write!(f, "placeholder `<{name}>` is not a valid name; use camelCase letters and digits, e.g. `<groupId>`"),
            },
            Self::BracePlaceholders { corrected } => write!(f, "placeholders are written in angle brackets here, not in braces as in Atlas's documentation: write \"{corrected}\""),
            Self::Duplicate { name } => write!(f, "placeholder `<{name}>` appears more than once in the path template; each placeholder names one parameter"),
            Self::Adjacent { first, second } => write!(f, "placeholders `<{first}>` and `<{second}>` touch; separate them with literal text or `/`"),
            Self::QueryOrFragment { found } => write!(f, "the path template contains `{found}`; declare query parameters with #[query] instead"),
            Self::InvalidCharacter { found, segment } => write!(f, "segment `{segment}` contains `{}`, which is not allowed in a path template", found.escape_default()),
        }
    }
}

/// Parses a template, returning every error found (one per problem, in order).
pub fn parse(text: &str) -> Result<Template, Vec<TemplateError>> {
    if text.is_empty() {
        return Err(vec![TemplateError::Empty]);
    }
    if !text.starts_with('/') {
        return Err(vec![TemplateError::NotAbsolute]);
    }
    let mut errors = Vec::new();
    let corrected = angle_placeholders(text);
    let text = match &corrected {
        Some(corrected) => {
            errors.push(TemplateError::BracePlaceholders {
                corrected: corrected.clone(),
            });
            corrected.as_str()
        }
        None => text,
    };
    if text.len() > 1 && text.ends_with('/') {
        errors.push(TemplateError::TrailingSlash);
    }
    let mut pieces: Vec<Piece> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    let body = text.trim_end_matches('/');
    for segment in body.split('/').skip(1) {
        if segment.is_empty() {
            if !errors.contains(&TemplateError::EmptySegment) {
                errors.push(TemplateError::EmptySegment);
            }
            continue;
        }
        push_literal(&mut pieces, "/");
        parse_segment(segment, &mut pieces, &mut seen, &mut errors);
    }
    if body == "/" || body.is_empty() {
        push_literal(&mut pieces, "/");
    }
    if errors.is_empty() {
        Ok(Template { pieces })
    } else {
        Err(errors)
    }
}

fn parse_segment(
    segment: &str,
    pieces: &mut Vec<Piece>,
    seen: &mut Vec<String>,
    errors: &mut Vec<TemplateError>,
) {
    let mut rest = segment;
    let mut previous_placeholder: Option<String> = None;
    while !rest.is_empty() {
        if let Some(after_open) = rest.strip_prefix('<') {
            let Some(close) = after_open.find('>') else {
                errors.push(TemplateError::Unclosed {
                    partial: after_open.to_owned(),
                });
                return;
            };
            let name = &after_open[..close];
            rest = &after_open[close + 1..];
            if name.is_empty() {
                errors.push(TemplateError::EmptyPlaceholder);
                continue;
            }
            if name.contains('<') {
                errors.push(TemplateError::Unclosed {
                    partial: name[..name.find('<').unwrap_or(0)].to_owned(),
                });
                continue;
            }
            if !is_placeholder_name(name) {
                errors.push(TemplateError::InvalidPlaceholder {
                    name: name.to_owned(),
                });
                continue;
            }
            if let Some(first) = previous_placeholder.take() {
                errors.push(TemplateError::Adjacent {
                    first,
                    second: name.to_owned(),
                });
            }
            if seen.iter().any(|other| other == name) {
                errors.push(TemplateError::Duplicate {
                    name: name.to_owned(),
                });
            } else {
                seen.push(name.to_owned());
            }
            previous_placeholder = Some(name.to_owned());
            pieces.push(Piece::Placeholder(name.to_owned()));
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let literal = &rest[..end];
            rest = &rest[end..];
            previous_placeholder = None;
            if let Some(found) = literal.chars().find(|c| matches!(c, '?' | '#')) {
                errors.push(TemplateError::QueryOrFragment { found });
            } else if literal.contains('>') {
                errors.push(TemplateError::UnexpectedClose {
                    segment: segment.to_owned(),
                });
            } else if let Some(found) = literal.chars().find(|c| !is_literal_char(*c)) {
                errors.push(TemplateError::InvalidCharacter {
                    found,
                    segment: segment.to_owned(),
                });
            }
            push_literal(pieces, literal);
        }
    }
}

/// `text` with every `{name}` rewritten as `<name>`, when it has any.
fn angle_placeholders(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut rewritten = false;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            break;
        };
        let name = &after[..close];
        out.push_str(&rest[..open]);
        if name.is_empty() || name.contains(['{', '/']) {
            out.push('{');
            rest = after;
            continue;
        }
        out.push('<');
        out.push_str(name);
        out.push('>');
        rest = &after[close + 1..];
        rewritten = true;
    }
    out.push_str(rest);
    rewritten.then_some(out)
}

/// The camelCase spelling of a placeholder written another way (`org_id`, `org-id`,
/// `OrgId` → `orgId`), when there is one.
fn camel_case_placeholder(name: &str) -> Option<String> {
    let words: Vec<&str> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect();
    let mut camel = String::with_capacity(name.len());
    for (index, word) in words.iter().enumerate() {
        let mut chars = word.chars();
        let first = chars.next()?;
        camel.push(if index == 0 {
            first.to_ascii_lowercase()
        } else {
            first.to_ascii_uppercase()
        });
        camel.extend(chars);
    }
    (is_placeholder_name(&camel) && camel != name).then_some(camel)
}

fn push_literal(pieces: &mut Vec<Piece>, text: &str) {
    if let Some(Piece::Literal(last)) = pieces.last_mut() {
        last.push_str(text);
    } else {
        pieces.push(Piece::Literal(text.to_owned()));
    }
}

/// `camelCase`: an ASCII letter, then ASCII letters and digits.
pub fn is_placeholder_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric())
}

/// Characters a literal segment may hold: RFC 3986 unreserved plus `:` `@` and a few sub-delims.
fn is_literal_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '-' | '.'
                | '_'
                | '~'
                | ':'
                | '@'
                | '!'
                | '$'
                | '&'
                | '\''
                | '('
                | ')'
                | '*'
                | '+'
                | ','
                | ';'
                | '='
        )
}

/// `groupId` → `group_id`: how a placeholder is spelled as a Rust parameter.
pub fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (index, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if index > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `items_per_page` → `itemsPerPage`: the default query name of a parameter.
pub fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Template {
        parse(text).unwrap_or_else(|errors| panic!("{text}: {errors:?}"))
    }

    #[test]
    fn parses_placeholders_and_literals() {
        let template = ok("/orgs/<orgId>/invites/<invitationId>");
        assert_eq!(
            template.pieces,
            vec![
                Piece::Literal("/orgs/".into()),
                Piece::Placeholder("orgId".into()),
                Piece::Literal("/invites/".into()),
                Piece::Placeholder("invitationId".into()),
            ]
        );
        assert_eq!(template.to_string(), "/orgs/<orgId>/invites/<invitationId>");
    }

    #[test]
    fn supports_suffixes_after_placeholders() {
        let template = ok("/groups/<groupId>:migrate/logs/<logName>.gz");
        assert_eq!(
            template.placeholders().collect::<Vec<_>>(),
            ["groupId", "logName"]
        );
        assert_eq!(
            template.to_string(),
            "/groups/<groupId>:migrate/logs/<logName>.gz"
        );
    }

    #[test]
    fn reports_every_error() {
        let errors = parse("/a//<>/<x y>/<a>/<a>").unwrap_err();
        assert_eq!(
            errors,
            vec![
                TemplateError::EmptySegment,
                TemplateError::EmptyPlaceholder,
                TemplateError::InvalidPlaceholder { name: "x y".into() },
                TemplateError::Duplicate { name: "a".into() },
            ]
        );
    }

    #[test]
    fn rejects_malformed_templates() {
        assert_eq!(parse("orgs").unwrap_err(), vec![TemplateError::NotAbsolute]);
        assert_eq!(parse("").unwrap_err(), vec![TemplateError::Empty]);
        assert_eq!(
            parse("/orgs/<orgId").unwrap_err(),
            vec![TemplateError::Unclosed {
                partial: "orgId".into()
            }]
        );
        assert_eq!(
            parse("/orgs/<a><b>").unwrap_err(),
            vec![TemplateError::Adjacent {
                first: "a".into(),
                second: "b".into()
            }]
        );
        assert_eq!(
            parse("/orgs?x=1").unwrap_err(),
            vec![TemplateError::QueryOrFragment { found: '?' }]
        );
        assert_eq!(
            parse("/orgs/").unwrap_err(),
            vec![TemplateError::TrailingSlash]
        );
    }

    #[test]
    fn rewrites_documentation_braces_once() {
        assert_eq!(
            parse("/groups/{groupId}/clusters/{clusterName}").unwrap_err(),
            vec![TemplateError::BracePlaceholders {
                corrected: "/groups/<groupId>/clusters/<clusterName>".into()
            }]
        );
        let errors = parse("/groups/{groupId}//x").unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
    }

    #[test]
    fn suggests_the_camel_case_of_a_placeholder() {
        for written in ["org_id", "org-id", "OrgId"] {
            let error = TemplateError::InvalidPlaceholder {
                name: written.into(),
            };
            assert!(error.to_string().contains("write `<orgId>`"), "{error}");
        }
        assert_eq!(camel_case_placeholder("9lives"), None);
    }

    #[test]
    fn converts_case() {
        assert_eq!(snake_case("groupId"), "group_id");
        assert_eq!(snake_case("invitationId"), "invitation_id");
        assert_eq!(camel_case("items_per_page"), "itemsPerPage");
        assert_eq!(camel_case("envelope"), "envelope");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(10_000))]

        #[test]
        fn never_panics_on_any_text(text in "\\PC{0,40}") {
            let _ = parse(&text);
        }

        #[test]
        fn never_panics_on_template_like_text(text in "[/<>a-zA-Z0-9:.?#_ -]{0,40}") {
            if let Ok(template) = parse(&text) {
                proptest::prop_assert_eq!(template.to_string(), text);
            }
        }

        #[test]
        fn well_formed_templates_round_trip(
            segments in proptest::collection::vec(("[a-z]{1,8}", proptest::option::of("[a-z][a-zA-Z0-9]{0,8}"), "(:[a-z]{1,6}|\\.gz)?"), 1..6)
        ) {
            let mut text = String::new();
            let mut names = Vec::new();
            for (index, (literal, placeholder, suffix)) in segments.iter().enumerate() {
                text.push('/');
                text.push_str(literal);
                if let Some(name) = placeholder {
                    let name = format!("{name}{index}");
                    text.push_str(&format!("/<{name}>{suffix}"));
                    names.push(name);
                }
            }
            let template = parse(&text).map_err(|errors| proptest::test_runner::TestCaseError::fail(format!("{errors:?}")))?;
            proptest::prop_assert_eq!(template.to_string(), text);
            proptest::prop_assert_eq!(template.placeholders().map(str::to_owned).collect::<Vec<_>>(), names);
        }
    }
}
