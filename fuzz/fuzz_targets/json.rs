#![no_main]
//! Fuzzes `annals::fuzzing::json`; see fuzz/README.md.
libfuzzer_sys::fuzz_target!(|data: &[u8]| annals::fuzzing::json(data));
