//! A table whose entries, once retired, are remembered for a while before
//! their places are reused: so a stale id (a closed handle, an ended
//! builder) is still recognised as such for the last `keep` retirements,
//! while memory stays bounded.

use std::collections::VecDeque;

pub struct Recycled<T> {
    items: Vec<T>,
    /// Retired places, oldest first, not reused yet.
    retired: VecDeque<usize>,
    /// Places free for reuse.
    free: Vec<usize>,
    keep: usize,
}

impl<T> Recycled<T> {
    pub fn new(keep: usize) -> Recycled<T> {
        Recycled { items: Vec::new(), retired: VecDeque::new(), free: Vec::new(), keep }
    }

    /// Store `item` in a free place (or a new one); returns its index.
    pub fn insert(&mut self, item: T) -> usize {
        match self.free.pop() {
            Some(i) => {
                self.items[i] = item;
                i
            }
            None => {
                self.items.push(item);
                self.items.len() - 1
            }
        }
    }

    pub fn get(&self, i: usize) -> Option<&T> {
        self.items.get(i)
    }

    pub fn get_mut(&mut self, i: usize) -> Option<&mut T> {
        self.items.get_mut(i)
    }

    /// Every place, in index order.
    pub fn iter(&self) -> impl Iterator<Item = (usize, &T)> {
        self.items.iter().enumerate()
    }

    /// The entry at `i` ended: remember it; beyond `keep` retirements the
    /// oldest place becomes free.
    pub fn retire(&mut self, i: usize) {
        self.retired.push_back(i);
        self.trim();
    }

    /// How many retired entries are remembered before places are reused.
    pub fn set_keep(&mut self, keep: usize) {
        self.keep = keep;
        self.trim();
    }

    pub fn keep(&self) -> usize {
        self.keep
    }

    fn trim(&mut self) {
        while self.retired.len() > self.keep {
            let oldest = self.retired.pop_front().expect("non-empty");
            self.free.push(oldest);
        }
    }
}
