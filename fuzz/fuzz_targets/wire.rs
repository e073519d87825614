#![no_main]
//! Fuzzes `annals::fuzzing::wire`; see fuzz/README.md.
libfuzzer_sys::fuzz_target!(|data: &[u8]| annals::fuzzing::wire(data));
