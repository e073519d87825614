#![no_main]
//! Fuzzes `annals::fuzzing::scraped`; see fuzz/README.md.
libfuzzer_sys::fuzz_target!(|data: &[u8]| annals::fuzzing::scraped(data));
