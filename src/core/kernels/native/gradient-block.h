// The weight gradient's pass over one block of pixels, and the bias gradient's column sums,
// written once for the sets that include it (kernels.c, AVX-512; vector.c, AVX2 and NEON).
// In the block pass every image in order adds its
// entries in the block into the block's rows of dW, so that each element of dW sums its
// terms in the reference's order while the block stays in the level-1 cache. The includer
// defines LANES, VECTORS (4 to 6), NARROW and its Packed (wide rows `columns` apart, narrow
// rows NARROW apart, hasNarrow), KERNEL (its target attribute, or nothing), and
// addEntries(nv, narrow, s, at, last, limit, p0, d, dNarrow, block, stride, columns, col),
// which adds one image's entries from *at before pixel `limit` for nv registers from column
// `col` (and the narrow register if `narrow`; both compile-time) and moves *at past them.
#ifndef RUN_EXPERIMENTS_GRADIENT_BLOCK_H
#define RUN_EXPERIMENTS_GRADIENT_BLOCK_H

/** db[j] = sum over rows r in order of dout[r, j], from zero: the bias gradient, beside every weight gradient. */
KERNEL static void columnSums(const float* dout, int n, size_t m, float* db) {
  memset(db, 0, m * sizeof(float));
  for (int r = 0; r < n; r++) {
    for (size_t j = 0; j < m; j++) db[j] += dout[(size_t)r * m + j];
  }
}

/** Bytes of the rows of dW a block of pixels may take, so that the block stays in the level-1 cache. */
#define BLOCK_BYTES (20 * 1024)

/** Pixels in a block whose rows are `stride` floats: BLOCK_BYTES of them, and at least 8. */
static inline size_t blockPixels(size_t stride) {
  const size_t pixels = BLOCK_BYTES / (stride * sizeof(float));
  return pixels > 8 ? pixels : 8;
}

/**
 * The block of pixels from p0 (`block` of them, fewer at the end of `features`): `sums` (row
 * p - p0 for pixel p, rows `stride` floats apart, the narrow lanes at d->columns) cleared,
 * then x_e dout[r, :] (dout's rows packed in d, one per image) added for the entries of
 * images rows[0..n) in the block, images in order; cursor[r], image r's next entry (at pixel
 * p0 or later), moves past them. Returns how many pixels the block holds.
 */
KERNEL static size_t sumBlock(const Sparse* s, const int32_t* rows, int n, size_t features, const Packed* d, size_t p0, size_t block,
                              float* sums, size_t stride, uint32_t* cursor) {
  const size_t count = features - p0 < block ? features - p0 : block;
  const uint32_t limit = (uint32_t)(p0 + count);
  memset(sums, 0, count * stride * sizeof(float));
  for (int r = 0; r < n; r++) {
    const uint32_t last = s->rowStart[rows[r] + 1];
    if (cursor[r] == last || s->index[cursor[r]] >= limit) continue;
    const float* dr = d->wide + (size_t)r * d->columns;
    const float* dn = d->narrow + (size_t)r * NARROW;
    const uint32_t first = cursor[r];
    size_t col = 0;
    do {
      const int nv = (int)((d->columns - col) / LANES < VECTORS ? (d->columns - col) / LANES : VECTORS);
      const int narrow = d->hasNarrow && col + (size_t)nv * LANES == d->columns;
      uint32_t* e = &cursor[r];
      *e = first;
      // one instance per register count, with the narrow register or not, dout's row in registers
      switch (nv * 2 + narrow) {
        case 1: addEntries(0, 1, s, e, last, limit, (uint32_t)p0, dr, dn, sums, stride, d->columns, col); break;
        case 2: addEntries(1, 0, s, e, last, limit, (uint32_t)p0, dr, dn, sums, stride, d->columns, col); break;
        case 3: addEntries(1, 1, s, e, last, limit, (uint32_t)p0, dr, dn, sums, stride, d->columns, col); break;
        case 4: addEntries(2, 0, s, e, last, limit, (uint32_t)p0, dr, dn, sums, stride, d->columns, col); break;
        case 5: addEntries(2, 1, s, e, last, limit, (uint32_t)p0, dr, dn, sums, stride, d->columns, col); break;
        case 6: addEntries(3, 0, s, e, last, limit, (uint32_t)p0, dr, dn, sums, stride, d->columns, col); break;
        case 7: addEntries(3, 1, s, e, last, limit, (uint32_t)p0, dr, dn, sums, stride, d->columns, col); break;
        case 8: addEntries(4, 0, s, e, last, limit, (uint32_t)p0, dr, dn, sums, stride, d->columns, col); break;
#if VECTORS > 4
        case 9: addEntries(4, 1, s, e, last, limit, (uint32_t)p0, dr, dn, sums, stride, d->columns, col); break;
        case 10: addEntries(5, 0, s, e, last, limit, (uint32_t)p0, dr, dn, sums, stride, d->columns, col); break;
#endif
#if VECTORS > 5
        case 11: addEntries(5, 1, s, e, last, limit, (uint32_t)p0, dr, dn, sums, stride, d->columns, col); break;
        case 12: addEntries(6, 0, s, e, last, limit, (uint32_t)p0, dr, dn, sums, stride, d->columns, col); break;
#endif
        default: addEntries(VECTORS, 1, s, e, last, limit, (uint32_t)p0, dr, dn, sums, stride, d->columns, col); break;
      }
      col += (size_t)nv * LANES;
    } while (col < d->columns);
  }
  return count;
}

#endif
