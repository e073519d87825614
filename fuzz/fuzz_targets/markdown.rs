#![no_main]
//! Fuzzes `annals::fuzzing::markdown`; see fuzz/README.md.
libfuzzer_sys::fuzz_target!(|data: &[u8]| annals::fuzzing::markdown(data));
