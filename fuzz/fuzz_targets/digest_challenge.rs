//! The `WWW-Authenticate` parser never panics on arbitrary bytes.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let _ = atlas_endpoint::fuzzing::digest_challenges(bytes);
});
