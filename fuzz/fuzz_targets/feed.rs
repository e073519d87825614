#![no_main]
//! Fuzzes `annals::fuzzing::feed`; see fuzz/README.md.
libfuzzer_sys::fuzz_target!(|data: &[u8]| annals::fuzzing::feed(data));
