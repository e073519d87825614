#![no_main]
//! Fuzzes `annals::fuzzing::config`; see fuzz/README.md.
libfuzzer_sys::fuzz_target!(|data: &[u8]| annals::fuzzing::config(data));
