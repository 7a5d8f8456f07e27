//! The gateway's counters, one per decision and kind of fault (see `gateway`).

use std::collections::BTreeMap;
use std::sync::Mutex;

/// The gateway's counters: packets, readings and one per kind of fault or decision.
#[derive(Default)]
pub struct Counters {
    map: Mutex<BTreeMap<&'static str, u64>>,
}

impl Counters {
    pub fn add(&self, name: &'static str, n: u64) {
        if n > 0 {
            if let Ok(mut m) = self.map.lock() {
                *m.entry(name).or_default() += n;
            }
        }
    }
    pub fn get(&self, name: &str) -> u64 {
        self.map
            .lock()
            .ok()
            .and_then(|m| m.get(name).copied())
            .unwrap_or(0)
    }
    pub fn snapshot(&self) -> BTreeMap<&'static str, u64> {
        self.map.lock().map(|m| m.clone()).unwrap_or_default()
    }
}
