#![no_main]
//! Fuzzes `annals::fuzzing::html`; see fuzz/README.md.
libfuzzer_sys::fuzz_target!(|data: &[u8]| annals::fuzzing::html(data));
