//! The path-template parser never panics, and what it accepts prints back unchanged.
#![no_main]

#[path = "../../macros/src/template.rs"]
#[allow(dead_code)]
mod template;

libfuzzer_sys::fuzz_target!(|text: &str| {
    if let Ok(parsed) = template::parse(text) {
        assert_eq!(parsed.to_string(), text);
    }
});
