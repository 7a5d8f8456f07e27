//! Split uploads (Flag D bit, PNUM/PNO) merged back into one packet.

use crate::packet::Packet;
use std::collections::VecDeque;

type Key = (String, Option<String>, String);

#[derive(Debug)]
struct Entry {
    key: Key,
    pnum: u32,
    parts: Vec<Option<Packet>>,
    received: u32,
    born: u64,
}

/// Collects the parts of one upload, keyed by (MN, QN, CN), until PNUM parts arrived.
///
/// Bounded: at most `cap` uploads in progress, the oldest is dropped to make room. A part
/// whose PNUM differs from the upload in progress under the same key restarts it.
#[derive(Debug)]
pub struct Reassembly {
    entries: VecDeque<Entry>,
    cap: usize,
    adds: u64,
    dropped: u64,
    duplicates: u64,
}

impl Default for Reassembly {
    fn default() -> Self {
        Self::new(Self::DEFAULT_CAP)
    }
}

impl Reassembly {
    pub const DEFAULT_CAP: usize = 64;

    /// At most `cap` (≥ 1) uploads in progress.
    pub fn new(cap: usize) -> Self {
        Reassembly {
            entries: VecDeque::new(),
            cap: cap.max(1),
            adds: 0,
            dropped: 0,
            duplicates: 0,
        }
    }

    /// Non-split packets (and PNUM=1) come straight back. A part returns `None` until the
    /// last one arrives; then the merged packet comes back: header of part 1, `split` =
    /// None, Flag's D bit cleared, CP values/items in part order (same pollutant in two
    /// parts: fields merged, the earlier part wins), DataTime of the first part having one.
    /// A repeated part (same PNO) is ignored and counted in [`Reassembly::duplicates`].
    pub fn add(&mut self, p: Packet) -> Option<Packet> {
        self.adds += 1;
        let Some((pnum, pno)) = p.split else {
            return Some(p);
        };
        if pnum <= 1 {
            return Some(p);
        }
        if pno == 0 || pno > pnum {
            self.dropped += 1;
            return None;
        }
        let key = (p.mn.clone(), p.qn.clone(), p.cn.clone());
        let found = self.entries.iter().position(|e| e.key == key);
        let at = match found {
            Some(at) if self.entries[at].pnum == pnum => at,
            _ => {
                if let Some(at) = found {
                    self.entries.remove(at);
                    self.dropped += 1;
                }
                if self.entries.len() >= self.cap {
                    self.entries.pop_front();
                    self.dropped += 1;
                }
                self.entries.push_back(Entry {
                    key,
                    pnum,
                    parts: vec![None; pnum as usize],
                    received: 0,
                    born: self.adds,
                });
                self.entries.len() - 1
            }
        };
        let entry = &mut self.entries[at];
        let slot = &mut entry.parts[(pno - 1) as usize];
        if slot.is_some() {
            self.duplicates += 1;
            return None;
        }
        *slot = Some(p);
        entry.received += 1;
        if entry.received < pnum {
            return None;
        }
        let entry = self.entries.remove(at)?;
        merge(entry.parts.into_iter().flatten())
    }

    /// Drop uploads started more than `max_age` calls of [`Reassembly::add`] ago;
    /// returns how many were dropped.
    pub fn expire(&mut self, max_age: u64) -> usize {
        let now = self.adds;
        let before = self.entries.len();
        self.entries.retain(|e| now - e.born <= max_age);
        let gone = before - self.entries.len();
        self.dropped += gone as u64;
        gone
    }

    /// Uploads in progress.
    pub fn pending(&self) -> usize {
        self.entries.len()
    }

    /// Uploads (or invalid parts) dropped: evicted, restarted, expired.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    /// Repeated parts ignored.
    pub fn duplicates(&self) -> u64 {
        self.duplicates
    }
}

fn merge(mut parts: impl Iterator<Item = Packet>) -> Option<Packet> {
    let mut merged = parts.next()?;
    merged.split = None;
    merged.flag = merged.flag.map(|f| f & !2);
    for part in parts {
        let cp = &mut merged.cp;
        cp.data_time = cp.data_time.or(part.cp.data_time);
        for value in part.cp.values {
            match cp.values.iter_mut().find(|v| v.code == value.code) {
                Some(existing) => existing.fill(value),
                None => cp.values.push(value),
            }
        }
        cp.other.extend(part.cp.other);
    }
    Some(merged)
}
