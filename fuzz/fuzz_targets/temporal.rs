#![no_main]
//! Fuzzes `annals::fuzzing::temporal`; see fuzz/README.md.
libfuzzer_sys::fuzz_target!(|data: &[u8]| annals::fuzzing::temporal(data));
