//! SHA-256 of sixteen blocks at once with AVX-512 ("multi-buffer" hashing).
//!
//! A dm-verity tree hashes many independent blocks of the same length. On this project's
//! build machines one SHA-256 stream on the SHA extensions runs at ~1.7 GB/s per core and
//! does not go faster with two streams interleaved (measured: the unit is saturated, not
//! waiting on latency); sixteen streams in the lanes of 512-bit registers, with one
//! instruction each for Ch, Maj and the three-way XORs (`vpternlogd`) and for rotations
//! (`vprord`), do more per cycle. `./bench verity` prints the figures (README, verity).
//!
//! [`digest16`] returns `false` when the CPU lacks AVX-512 (F and BW) or the lengths do not
//! suit it; callers then hash with the `sha2` crate. Results are checked against `sha2` in
//! the tests below.

/// True when [`digest16`] runs on this CPU.
pub fn available() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx512f") && std::arch::is_x86_feature_detected!("avx512bw")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Writes SHA-256(`prefix` ‖ `data[o .. o + len]`) for each of the sixteen offsets `o` into
/// `out`. Returns `false` (and writes nothing) when the CPU has no AVX-512, when `prefix`
/// or `len` is not a multiple of 4 bytes, or when an offset is out of range or beyond 2 GiB.
pub fn digest16(prefix: &[u8], data: &[u8], offsets: &[usize; 16], len: usize, out: &mut [[u8; 32]; 16]) -> bool {
    if !prefix.len().is_multiple_of(4) || !len.is_multiple_of(4) || !available() {
        return false;
    }
    if offsets.iter().any(|&o| o.checked_add(len).is_none_or(|e| e > data.len()) || o > i32::MAX as usize - len) {
        return false;
    }
    #[cfg(target_arch = "x86_64")]
    {
        let lanes: [i32; 16] = std::array::from_fn(|i| offsets[i] as i32);
        // SAFETY: `available()` checked AVX-512 F and BW; every offset was checked to leave
        // `len` bytes inside `data`, and the gathers read only `data[o + 4t - p ..][..4]`
        // for words t inside the block.
        #[allow(unsafe_code)]
        unsafe {
            avx512::digest16(prefix, data, &lanes, len, out)
        };
        true
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let _ = out;
        false
    }
}

// The intrinsics need `unsafe` (gathers through raw pointers, a target-feature function);
// each use states what makes it sound.
#[cfg(target_arch = "x86_64")]
#[allow(unsafe_code)]
mod avx512 {
    use std::arch::x86_64::*;

    /// SHA-256 round constants (FIPS 180-4, 4.2.2).
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, //
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, //
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, //
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, //
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, //
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, //
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, //
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2, //
    ];

    /// Initial hash value (FIPS 180-4, 5.3.3).
    const H0: [u32; 8] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

    /// Word `t` (big-endian) of the padded message `prefix ‖ x ‖ 0x80 0… ‖ bit length`, for
    /// the words that lie outside `x`: the same in every lane.
    fn fixed_word(prefix: &[u8], total: usize, blocks: usize, t: usize) -> u32 {
        let byte = |i: usize| -> u8 {
            if i < prefix.len() {
                prefix[i]
            } else if i == total {
                0x80
            } else if i >= blocks * 64 - 8 {
                ((total as u64 * 8) >> (8 * (blocks * 64 - 1 - i))) as u8
            } else {
                0
            }
        };
        u32::from_be_bytes([byte(4 * t), byte(4 * t + 1), byte(4 * t + 2), byte(4 * t + 3)])
    }

    /// Sixteen SHA-256 digests, lane `i` over `prefix ‖ data[lanes[i] .. lanes[i] + len]`.
    ///
    /// Safety: the CPU has AVX-512 F and BW; `prefix.len()` and `len` are multiples of 4;
    /// every `lanes[i] + len <= data.len()`.
    #[target_feature(enable = "avx512f,avx512bw")]
    pub unsafe fn digest16(prefix: &[u8], data: &[u8], lanes: &[i32; 16], len: usize, out: &mut [[u8; 32]; 16]) {
        let p = prefix.len();
        let total = p + len;
        let blocks = (total + 9).div_ceil(64);
        // SAFETY (loads): reads 64 bytes of a 16-element i32 array.
        let offsets = unsafe { _mm512_loadu_si512(lanes.as_ptr().cast()) };
        // swaps the bytes of every 32-bit word (message words are big-endian)
        let swap = _mm512_broadcast_i32x4(_mm_set_epi64x(0x0c0d0e0f_08090a0b, 0x04050607_00010203));
        let mut h: [__m512i; 8] = std::array::from_fn(|i| _mm512_set1_epi32(H0[i] as i32));
        for m in 0..blocks {
            let mut w = [_mm512_setzero_si512(); 16];
            for (i, wi) in w.iter_mut().enumerate() {
                let t = 16 * m + i;
                let at = 4 * t;
                *wi = if at >= p && at + 4 <= total {
                    // SAFETY: for every lane, lanes[i] + (at - p) + 4 <= lanes[i] + len <= data.len().
                    let v = unsafe { _mm512_i32gather_epi32::<1>(offsets, data.as_ptr().add(at - p).cast()) };
                    _mm512_shuffle_epi8(v, swap)
                } else {
                    _mm512_set1_epi32(fixed_word(prefix, total, blocks, t) as i32)
                };
            }
            let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
            for t in 0..64 {
                if t >= 16 {
                    let w15 = w[(t - 15) % 16];
                    let w2 = w[(t - 2) % 16];
                    let s0 = _mm512_ternarylogic_epi32::<0x96>(_mm512_ror_epi32::<7>(w15), _mm512_ror_epi32::<18>(w15), _mm512_srli_epi32::<3>(w15));
                    let s1 = _mm512_ternarylogic_epi32::<0x96>(_mm512_ror_epi32::<17>(w2), _mm512_ror_epi32::<19>(w2), _mm512_srli_epi32::<10>(w2));
                    w[t % 16] = _mm512_add_epi32(_mm512_add_epi32(w[t % 16], s0), _mm512_add_epi32(w[(t - 7) % 16], s1));
                }
                let big_s1 = _mm512_ternarylogic_epi32::<0x96>(_mm512_ror_epi32::<6>(e), _mm512_ror_epi32::<11>(e), _mm512_ror_epi32::<25>(e));
                let ch = _mm512_ternarylogic_epi32::<0xca>(e, f, g);
                let kw = _mm512_add_epi32(w[t % 16], _mm512_set1_epi32(K[t] as i32));
                let t1 = _mm512_add_epi32(_mm512_add_epi32(hh, big_s1), _mm512_add_epi32(ch, kw));
                let big_s0 = _mm512_ternarylogic_epi32::<0x96>(_mm512_ror_epi32::<2>(a), _mm512_ror_epi32::<13>(a), _mm512_ror_epi32::<22>(a));
                let maj = _mm512_ternarylogic_epi32::<0xe8>(a, b, c);
                hh = g;
                g = f;
                f = e;
                e = _mm512_add_epi32(d, t1);
                d = c;
                c = b;
                b = a;
                a = _mm512_add_epi32(t1, _mm512_add_epi32(big_s0, maj));
            }
            for (s, v) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
                *s = _mm512_add_epi32(*s, v);
            }
        }
        let mut words = [[0u32; 16]; 8];
        for (dst, v) in words.iter_mut().zip(h) {
            // SAFETY: stores 64 bytes into a 16-element u32 array.
            unsafe { _mm512_storeu_si512(dst.as_mut_ptr().cast(), v) };
        }
        for (lane, digest) in out.iter_mut().enumerate() {
            for (k, word) in words.iter().enumerate() {
                digest[4 * k..4 * k + 4].copy_from_slice(&word[lane].to_be_bytes());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    fn reference(prefix: &[u8], x: &[u8]) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(prefix);
        h.update(x);
        h.finalize().into()
    }

    fn bytes(seed: &mut u64, n: usize) -> Vec<u8> {
        (0..n)
            .map(|_| {
                *seed ^= *seed << 13;
                *seed ^= *seed >> 7;
                *seed ^= *seed << 17;
                *seed as u8
            })
            .collect()
    }

    #[test]
    fn equals_sha2_around_every_padding_edge() {
        let mut seed = 0x9e3779b97f4a7c15u64;
        let data = bytes(&mut seed, 64 * 1024);
        let mut out = [[0u8; 32]; 16];
        if !available() {
            eprintln!("no AVX-512 on this CPU: digest16 is not used here");
            assert!(!digest16(b"", &data, &[0; 16], 4, &mut out));
            return;
        }
        for plen in [0usize, 4, 32, 52, 56, 60, 64, 68, 128, 256] {
            let prefix = bytes(&mut seed, plen);
            for len in (0..=200).step_by(4).chain([4096, 4096 + 52, 8188]) {
                // lanes at odd, overlapping and repeated offsets
                let offsets: [usize; 16] = std::array::from_fn(|i| (i * 3001 + len) % (data.len() - len));
                assert!(digest16(&prefix, &data, &offsets, len, &mut out));
                for (i, &o) in offsets.iter().enumerate() {
                    assert_eq!(out[i], reference(&prefix, &data[o..o + len]), "prefix {plen}, length {len}, lane {i}");
                }
            }
        }
    }

    #[test]
    fn refuses_what_it_cannot_hash() {
        let data = vec![1u8; 8192];
        let mut out = [[0u8; 32]; 16];
        assert!(!digest16(b"abc", &data, &[0; 16], 4096, &mut out), "prefix not a multiple of 4");
        assert!(!digest16(b"", &data, &[0; 16], 4095, &mut out), "length not a multiple of 4");
        let mut far = [0usize; 16];
        far[7] = 4097;
        assert!(!digest16(b"", &data, &far, 4096, &mut out), "a lane past the end");
        assert_eq!(out, [[0u8; 32]; 16], "nothing written when refused");
    }

    #[test]
    #[ignore]
    fn speed() {
        let mut seed = 1u64;
        let data = bytes(&mut seed, 16 * 4096);
        let offsets: [usize; 16] = std::array::from_fn(|i| i * 4096);
        let mut out = [[0u8; 32]; 16];
        let n = 4000;
        let t = std::time::Instant::now();
        for _ in 0..n {
            assert!(digest16(&[5u8; 32], &data, &offsets, 4096, &mut out));
        }
        let mb = t.elapsed().as_secs_f64();
        let t = std::time::Instant::now();
        for _ in 0..n {
            for &o in &offsets {
                out[0] = reference(&[5u8; 32], &data[o..o + 4096]);
            }
        }
        let one = t.elapsed().as_secs_f64();
        let bytes = (n * 16 * 4096) as f64;
        eprintln!("digest16 {:.0} MB/s, sha2 {:.0} MB/s", bytes / mb / 1e6, bytes / one / 1e6);
    }
}
