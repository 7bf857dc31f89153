//! Buffers of `f32` zeros that take no memory until they are written: the delay lines of the
//! send effects (every voice node's orbits hold a delay, two reverbs and a Leslie, most of
//! which a program never plays) and the engine's slot buffers.
//!
//! A buffer of at least a page is an anonymous memory map (`memmap2`): the system gives its
//! pages as zeros when they are first touched, so an effect that never sounds costs address
//! space only. `vec![0.0; n]` (`calloc`) promises this only when the allocator maps the block
//! itself; glibc raises the size it maps from as large blocks are freed (its dynamic mmap
//! threshold, `mallopt(3)`), and after a compile's temporary buffers are freed it took these
//! lines from recycled heap memory and cleared them: resident memory grew by megabytes for
//! effects no event reached. Smaller buffers, and any whose map fails, are plain vectors.
//!
//! The first write to each page costs a page fault (the system zeroes the page), once: as the
//! large lines of `calloc` always did.

use std::fmt;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};
use std::ptr::NonNull;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Bytes of the smallest buffer that is mapped (a page on the systems Phonon runs on).
const MAP_BYTES_MIN: usize = 4096;

/// Maps made so far, to stagger their buffers' starts ([`stagger`]).
static MAPS: AtomicUsize = AtomicUsize::new(0);

/// Where the next mapped buffer starts in its map: a different cache line of the page each
/// time (a step of 17 lines, so 64 maps in turn take every line). Maps start on a page, and
/// buffers all starting there would put the samples the effects touch at once (their write
/// positions move together) in the same cache sets: a reverb's 12 lines, 4 KB aliasing.
fn stagger() -> usize {
    MAPS.fetch_add(1, Ordering::Relaxed) * 17 % 64 * 64
}

/// `len` zeros (see the module's text).
pub struct Zeroed {
    /// The buffer's first sample, in `_owner`'s memory (which never moves).
    ptr: NonNull<f32>,
    len: usize,
    _owner: Store,
}

/// What holds a [`Zeroed`]'s memory (held, never read: dropping it unmaps or frees it).
#[allow(dead_code)]
enum Store {
    Map(memmap2::MmapMut),
    Vec(Vec<f32>),
}

// SAFETY: a `Zeroed` owns its memory (a map or a vector) as a `Vec<f32>` does, and reaches it
// only through `&self` (shared reads) and `&mut self` (the one writer).
unsafe impl Send for Zeroed {}
// SAFETY: as for `Send`: shared references only read.
unsafe impl Sync for Zeroed {}

impl Zeroed {
    /// `len` zeros; allocates (off the audio thread).
    pub fn new(len: usize) -> Zeroed {
        let bytes = len * std::mem::size_of::<f32>();
        if bytes >= MAP_BYTES_MIN {
            let at = stagger();
            if let Ok(mut map) = memmap2::MmapMut::map_anon(at + bytes) {
                // (A map starts on a page boundary and `at` is a multiple of 64: aligned.)
                let ptr = NonNull::from(&mut map[at]).cast::<f32>();
                return Zeroed {
                    ptr,
                    len,
                    _owner: Store::Map(map),
                };
            }
        }
        let mut v = vec![0.0f32; len];
        Zeroed {
            ptr: NonNull::new(v.as_mut_ptr()).unwrap_or(NonNull::dangling()),
            len,
            _owner: Store::Vec(v),
        }
    }
}

impl Deref for Zeroed {
    type Target = [f32];

    #[inline(always)]
    fn deref(&self) -> &[f32] {
        // SAFETY: `ptr` is the start of `len` initialized `f32`s (zeros or what was written),
        // aligned, in memory `_owner` holds and never moves (a map's pages stay where they were
        // mapped; the vector is never resized), alive as long as `self`.
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }
}

impl DerefMut for Zeroed {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut [f32] {
        // SAFETY: as in `deref`; `&mut self` makes this the only reference into the buffer.
        unsafe { std::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }
}

impl Clone for Zeroed {
    /// A new buffer of the same contents (allocates).
    fn clone(&self) -> Zeroed {
        let mut z = Zeroed::new(self.len());
        z.copy_from_slice(self);
        z
    }
}

impl fmt::Debug for Zeroed {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "Zeroed({} samples)", self.len())
    }
}

/// A `T` of all zeros in its own map when it is at least a page (see the module's text), else
/// boxed: a scratch struct whose pages become resident as they are written.
pub struct ZeroedBox<T: bytemuck::Zeroable>(BoxStore<T>);

enum BoxStore<T> {
    Map(memmap2::MmapMut, PhantomData<T>),
    Boxed(Box<T>),
}

impl<T: bytemuck::Zeroable> ZeroedBox<T> {
    /// A zeroed `T`; allocates (off the audio thread).
    pub fn new() -> ZeroedBox<T> {
        let bytes = std::mem::size_of::<T>();
        // (A map starts on a page boundary: aligned for any `T` aligned to a page or less.)
        if bytes >= MAP_BYTES_MIN && std::mem::align_of::<T>() <= MAP_BYTES_MIN {
            if let Ok(map) = memmap2::MmapMut::map_anon(bytes) {
                return ZeroedBox(BoxStore::Map(map, PhantomData));
            }
        }
        ZeroedBox(BoxStore::Boxed(bytemuck::allocation::zeroed_box()))
    }
}

impl<T: bytemuck::Zeroable> Default for ZeroedBox<T> {
    fn default() -> Self {
        ZeroedBox::new()
    }
}

impl<T: bytemuck::Zeroable> Deref for ZeroedBox<T> {
    type Target = T;

    fn deref(&self) -> &T {
        match &self.0 {
            // SAFETY: the map holds `size_of::<T>()` bytes from a page boundary (aligned for
            // `T`, checked in `new`), all zero until written through this box, and all zeros
            // are a `T` (`Zeroable`); the map lives as long as the borrow of `self`.
            BoxStore::Map(m, _) => unsafe { &*(m.as_ptr() as *const T) },
            BoxStore::Boxed(b) => b,
        }
    }
}

impl<T: bytemuck::Zeroable> DerefMut for ZeroedBox<T> {
    fn deref_mut(&mut self) -> &mut T {
        match &mut self.0 {
            // SAFETY: as in `deref`; `&mut self` makes this the only reference into the map.
            BoxStore::Map(m, _) => unsafe { &mut *(m.as_mut_ptr() as *mut T) },
            BoxStore::Boxed(b) => b,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pages of `buf` the system holds in memory (`mincore(2)`).
    #[cfg(target_os = "linux")]
    fn resident_pages(buf: &[f32]) -> usize {
        let page = 4096;
        let (start, len) = (buf.as_ptr() as usize, std::mem::size_of_val(buf));
        let base = start - start % page;
        let pages = (start + len - base).div_ceil(page);
        let mut v = vec![0u8; pages];
        // SAFETY: `base..base + pages * page` is the map that holds `buf` (a map starts on a
        // page and takes whole pages), and `v` has a byte for each of its pages.
        let r = unsafe { libc::mincore(base as *mut libc::c_void, pages * page, v.as_mut_ptr()) };
        assert_eq!(r, 0, "mincore");
        v.iter().filter(|&&b| b & 1 == 1).count()
    }

    #[test]
    fn holds_zeros_then_what_is_written() {
        for len in [0, 1, 1023, 1024, 100_000] {
            let mut z = Zeroed::new(len);
            assert_eq!(z.len(), len);
            assert!(z.iter().all(|&x| x == 0.0));
            if len > 0 {
                z[len - 1] = 0.5;
                z[0] += 0.25;
                let c = z.clone();
                assert_eq!(c[len - 1], if len == 1 { 0.75 } else { 0.5 });
                assert_eq!(c[0], if len == 1 { 0.75 } else { 0.25 });
            }
        }
    }

    #[test]
    fn a_zeroed_box_is_zeros_then_what_is_written() {
        let mut b = ZeroedBox::<[[f32; 64]; 256]>::new();
        assert!(b.iter().flatten().all(|&x| x == 0.0));
        b[255][63] = 2.0;
        assert_eq!(b[255][63], 2.0);
        let mut small = ZeroedBox::<[u8; 16]>::new();
        small[3] = 7;
        assert_eq!(small[..4], [0, 0, 0, 7]);
    }

    /// A buffer of 256 pages has none in memory until written; writing half of it brings in
    /// that half only.
    #[cfg(target_os = "linux")]
    #[test]
    fn unwritten_pages_are_not_resident() {
        let mut z = Zeroed::new(256 * 1024);
        assert_eq!(resident_pages(&z), 0);
        z[..128 * 1024].fill(1.0);
        // (The buffer starts a few cache lines into its map: the half written spans 129 pages.)
        let half = resident_pages(&z[..128 * 1024]);
        assert!((128..=129).contains(&half), "{half} pages");
        assert_eq!(resident_pages(&z), half);
    }
}
