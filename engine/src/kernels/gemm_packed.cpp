#include "gemm_packed.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

// ---- The blocking scheme -----------------------------------------------------
//
// C(M,N) += A(M,K) · B(K,N), whatever the stored layouts (nn, tn, nt):
//
//   for each block of kNC columns of C          (jc)
//     for each block of ≤ kKC steps of K         (pc)  K split into equal blocks
//       pack B[pc…, jc…] into panels of kNR columns: panel row k is kNR
//         contiguous floats (zero past N), whatever B's layout
//       for each block of kMC rows of C          (ic)
//         pack A[ic…, pc…] into panels of ≤ kMR rows: panel "row" k is the
//           panel's MR values of A's column k, contiguous
//         for each B panel, for each A panel: the micro-kernel
//
// The micro-kernel holds an MR × kNR tile of C in MR · kNV vector registers for
// the whole K block: per k it loads kNV vectors of B and MR floats of A (each
// splat to a vector) and does MR · kNV vector multiply-adds. With SIMD128
// (wasm, and SSE natively) a vector is 4 floats and the tile 4 × 8; with AVX
// a vector is 8 floats and the tile 6 × 16 (see kMR for why).
// Packing makes every micro-kernel load contiguous and its addresses simple
// increments, for all three layouts alike (nt's B is transposed into its
// panels; tn's A is read straight down its rows). A B panel of kKC × kNR floats
// (8 KB in wasm) stays in L1 while every A panel of the block (kMC × kKC, 64 KB
// in wasm, L2) streams past it; packing B costs one copy of B per call, reused by
// ⌈M / MR⌉ tiles. For nn and tn with M ≤ 8 (a conv layer's filters, a
// single image), B's full-width panels are read in place instead: row k of a
// panel is kNR contiguous floats of B's row k, and the copy would buy little
// for so few reuses.
//
// Zero-skipping: after an A panel is packed, the k whose MR values are all
// zero are dropped from it (exact: c + 0·b = c for finite b) and their indices
// kept, if that removes at least 1/8 of the block; the sparse micro-kernel then
// reads B's row through the index. MNIST inputs are ~80% zeros, so the first
// layer's forward and weight gradient skip much of K; dense data never pays
// more than the scan of the packed panel.
//
// Order: every c[i][j] still adds its K products in the order k = 0, 1, …; a
// block's partial sums go to C and come back exactly. Vectors run across j,
// never across k, so the vector width and the tile shape change no result bit.

namespace glassbox::detail {
namespace {

#if defined(__AVX__)
constexpr std::size_t kLanes = 8;
#else
constexpr std::size_t kLanes = 4;
#endif
using Vec = float __attribute__((vector_size(kLanes * sizeof(float))));

// Rows of the register tile: 4 with 4-lane vectors (V8 allocates 15 xmm
// registers to wasm; 4 × 8 keeps 8 accumulators, 2 B vectors, the splat and
// the product without spilling; 5- and 6-row tiles measured slower in node,
// docs/performance.md, third pass), 6 with AVX (gcc's allocation of 16 ymm
// holds 6 × 16).
#if defined(__AVX__)
constexpr std::size_t kMR = 6;
#else
constexpr std::size_t kMR = 4;
#endif
constexpr std::size_t kNV = 2;               // vectors across a tile row
constexpr std::size_t kNR = kNV * kLanes;    // columns of the register tile
constexpr std::size_t kKC = 256;             // most K steps per block
constexpr std::size_t kMC = 16 * kMR;        // rows of C per A block
constexpr std::size_t kNC = 512;             // columns of C per B block
constexpr std::size_t kPanelsA = kMC / kMR;  // A panels per block
// nn and tn read B's full panels in place up to this many rows of C (see
// above). Measured in node, speed in place ÷ speed packed, median of 7
// (2026-12-02, load average 12, so ±30%; docs/performance.md): 8×25×576
// 1.33 (in place faster), 16×200×64 0.89, 64×784×128 0.71 (packed faster).
constexpr std::size_t kInPlaceRows = 8;
static_assert(kInPlaceRows <= kMC, "in place, all rows of C are one A block");

inline Vec load_vec(const float* p) {
  Vec v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store_vec(float* p, Vec v) {
  std::memcpy(p, &v, sizeof v);
}

// Copies n floats. Packing copies rows of 4–16 floats, and a copy of a
// run-time length becomes a call to memcpy, which in wasm costs more than the
// copy (it was 7% of MLP training); a full row is a copy of constant length,
// which the compiler does in registers.
template <std::size_t Full>
inline void copy_row(const float* src, std::size_t n, float* dst) {
  if (n == Full)
    std::memmove(dst, src, Full * sizeof(float));
  else
    std::copy_n(src, n, dst);
}

// Scratch for the packed blocks, per thread, sized once: no allocation.
struct Scratch {
  alignas(64) float b[kKC * kNC];
  alignas(64) float a[kMC * kKC];
  std::uint32_t keep[kMC * kKC];  // kept k of each sparse A panel, laid out as `a`
  std::size_t kept[kPanelsA];     // how many (kc when dense)
};
thread_local Scratch scratch;

// f of the epilogue on one vector: select(c > 0, c, 0 or slope·c), by bit
// masks so that NaN and −0 give exactly what the scalar `c > 0 ? c : …` gives.
inline Vec activate(Vec c, const Epilogue& e) {
  using Mask = std::int32_t __attribute__((vector_size(sizeof(Vec))));
  const Mask positive = c > Vec{};
  const Vec negative = e.kind == Epilogue::Kind::relu ? Vec{} : e.slope * c;
  return reinterpret_cast<Vec>((reinterpret_cast<Mask>(c) & positive) |
                               (reinterpret_cast<Mask>(negative) & ~positive));
}

// C tile (R rows × kNR columns, only rows × cols of it real) += A panel · B
// panel over `steps` k. ap: panel rows of R floats; bp: row k at bp + k·ldbp
// (or, sparse, row keep[t] for the t-th kept k). With an epilogue (the last K
// block only), f(tile) also goes to the epilogue's output at `out`.
template <std::size_t R, bool Sparse>
__attribute__((noinline)) void micro(std::size_t steps, const float* ap, const float* bp,
                                     std::size_t ldbp, const std::uint32_t* keep, float* c,
                                     std::size_t ldc, std::size_t cols, const Epilogue* epilogue,
                                     float* out) {
  Vec acc[R][kNV];
  const bool full = cols == kNR;
  for (std::size_t r = 0; r < R; ++r) {
    const float* cr = c + r * ldc;
    float edge[kNR] = {};
    if (!full) cr = std::copy_n(cr, cols, edge) - cols;
    for (std::size_t v = 0; v < kNV; ++v) acc[r][v] = load_vec(cr + v * kLanes);
  }
  const float* ak = ap;
  const float* bk = bp;
  for (std::size_t t = 0; t < steps; ++t, ak += R) {
    if constexpr (Sparse) bk = bp + keep[t] * ldbp;
    Vec bv[kNV];
    for (std::size_t v = 0; v < kNV; ++v) bv[v] = load_vec(bk + v * kLanes);
    for (std::size_t r = 0; r < R; ++r)
      for (std::size_t v = 0; v < kNV; ++v) acc[r][v] += ak[r] * bv[v];
    if constexpr (!Sparse) bk += ldbp;
  }
  for (std::size_t r = 0; r < R; ++r) {
    float edge[kNR];
    float* cr = full ? c + r * ldc : edge;
    for (std::size_t v = 0; v < kNV; ++v) store_vec(cr + v * kLanes, acc[r][v]);
    if (!full) std::copy_n(edge, cols, c + r * ldc);
  }
  if (!epilogue) return;
  for (std::size_t r = 0; r < R; ++r) {
    float edge[kNR];
    float* orow = full ? out + r * epilogue->ldo : edge;
    for (std::size_t v = 0; v < kNV; ++v)
      store_vec(orow + v * kLanes, activate(acc[r][v], *epilogue));
    if (!full) std::copy_n(edge, cols, out + r * epilogue->ldo);
  }
}

template <std::size_t R>
void micro_any(bool sparse, std::size_t steps, const float* ap, const float* bp, std::size_t ldbp,
               const std::uint32_t* keep, float* c, std::size_t ldc, std::size_t cols,
               const Epilogue* epilogue, float* out) {
  if (sparse)
    micro<R, true>(steps, ap, bp, ldbp, keep, c, ldc, cols, epilogue, out);
  else
    micro<R, false>(steps, ap, bp, ldbp, keep, c, ldc, cols, epilogue, out);
}

// The tile for a panel of `rows` (1…R) rows.
template <std::size_t R = kMR>
void micro_rows(std::size_t rows, bool sparse, std::size_t steps, const float* ap, const float* bp,
                std::size_t ldbp, const std::uint32_t* keep, float* c, std::size_t ldc,
                std::size_t cols, const Epilogue* epilogue = nullptr, float* out = nullptr) {
  if constexpr (R > 1)
    if (rows < R)
      return micro_rows<R - 1>(rows, sparse, steps, ap, bp, ldbp, keep, c, ldc, cols, epilogue,
                               out);
  micro_any<R>(sparse, steps, ap, bp, ldbp, keep, c, ldc, cols, epilogue, out);
}

// B[pc…pc+kc, jc…jc+nc] into panels of kNR columns (row k of panel p at
// dst + p·kc·kNR + k·kNR), zero past column nc.
void pack_b(GemmOp op, const float* b, std::size_t ldb, std::size_t pc, std::size_t kc,
            std::size_t jc, std::size_t nc, float* dst) {
  for (std::size_t j = 0; j < nc; j += kNR) {
    const std::size_t cols = std::min(kNR, nc - j);
    float* panel = dst + (j / kNR) * kc * kNR;
    if (op == GemmOp::nt) {  // B stored (N,K): column j+l of op(B) is row j+l of B
      if (cols < kNR) std::fill_n(panel, kc * kNR, 0.0f);
      for (std::size_t l = 0; l < cols; ++l) {
        const float* src = b + (jc + j + l) * ldb + pc;
        for (std::size_t k = 0; k < kc; ++k) panel[k * kNR + l] = src[k];
      }
    } else {
      for (std::size_t k = 0; k < kc; ++k) {
        const float* src = b + (pc + k) * ldb + jc + j;
        float* row = panel + k * kNR;
        copy_row<kNR>(src, cols, row);
        std::fill(row + cols, row + kNR, 0.0f);
      }
    }
  }
}

// One panel (R rows) of A[·, pc…pc+kc] and, with `keep`, the list of the k
// whose R values are not all zero, in one pass: per k, R loads and stores at
// fixed offsets and a branch-free "any nonzero". (With the row count a
// run-time value instead, the copy and the zero scan were 20% of native MLP
// training, docs/performance.md.) Returns how many k were kept.
template <GemmOp Op, std::size_t R>
std::size_t pack_panel(const float* a, std::size_t lda, std::size_t row, std::size_t pc,
                       std::size_t kc, float* panel, std::uint32_t* keep) {
  const float* src[R];
  for (std::size_t r = 0; r < R; ++r)  // tn: A stored (K,M), the panel's k-th column is a row
    src[r] = Op == GemmOp::tn ? a + pc * lda + row + r : a + (row + r) * lda + pc;
  const std::size_t step = Op == GemmOp::tn ? lda : 1;
  std::size_t kept = 0;
  for (std::size_t k = 0; k < kc; ++k) {
    bool any = false;
    for (std::size_t r = 0; r < R; ++r) {
      const float v = src[r][k * step];
      panel[k * R + r] = v;
      any |= v != 0.0f;
    }
    if (keep) {
      keep[kept] = static_cast<std::uint32_t>(k);
      kept += any;
    }
  }
  return keep ? kept : kc;
}

// pack_panel for a panel of `rows` (1…R) rows.
template <GemmOp Op, std::size_t R = kMR>
std::size_t pack_panel_rows(std::size_t rows, const float* a, std::size_t lda, std::size_t row,
                            std::size_t pc, std::size_t kc, float* panel, std::uint32_t* keep) {
  if constexpr (R > 1)
    if (rows < R) return pack_panel_rows<Op, R - 1>(rows, a, lda, row, pc, kc, panel, keep);
  return pack_panel<Op, R>(a, lda, row, pc, kc, panel, keep);
}

// A[ic…ic+mc, pc…pc+kc] into panels of kMR rows (the last may have fewer):
// panel p's column k at dst + p·kMR·kc + k·rows. Then each panel is compacted
// to its nonzero columns when that drops at least 1/8 of them.
void pack_a(GemmOp op, const float* a, std::size_t lda, std::size_t ic, std::size_t mc,
            std::size_t pc, std::size_t kc, Scratch& s, bool may_skip = true) {
  for (std::size_t i = 0, p = 0; i < mc; i += kMR, ++p) {
    const std::size_t rows = std::min(kMR, mc - i);
    float* panel = s.a + p * kMR * kc;
    std::uint32_t* keep = s.keep + p * kMR * kc;
    std::uint32_t* list = may_skip ? keep : nullptr;
    const std::size_t kept =
        op == GemmOp::tn ? pack_panel_rows<GemmOp::tn>(rows, a, lda, ic + i, pc, kc, panel, list)
                         : pack_panel_rows<GemmOp::nn>(rows, a, lda, ic + i, pc, kc, panel, list);
    if (kept * 8 > kc * 7) {
      s.kept[p] = kc;  // dense (or not scanned): not worth the index
      continue;
    }
    for (std::size_t t = 0; t < kept; ++t)
      if (keep[t] != t)
        copy_row<kMR>(panel + keep[t] * rows, rows, panel + t * rows);  // keep[t] ≥ t
    s.kept[p] = kept;
  }
}

}  // namespace

void conv_direct(const float* w, std::size_t filters, std::size_t patch, const float* x,
                 std::size_t height, std::size_t width, std::size_t kernel, float* y,
                 const Epilogue* epilogue) {
  Scratch& s = scratch;
  const std::size_t oh = height - kernel + 1, ow = width - kernel + 1, pixels = oh * ow;
  const std::size_t full_cols = ow / kNR * kNR;
  const std::size_t k_blocks = (patch + kKC - 1) / kKC;
  const std::size_t kc_even = (patch + k_blocks - 1) / k_blocks;
  std::uint32_t* offsets = s.keep;  // not used for skipping here
  for (std::size_t pc = 0; pc < patch; pc += kc_even) {
    const std::size_t kc = std::min(kc_even, patch - pc);
    const Epilogue* last = pc + kc == patch ? epilogue : nullptr;  // only on finished sums
    for (std::size_t t = 0; t < kc; ++t) {  // k = (c·kernel + u)·kernel + v
      const std::size_t k = pc + t, v = k % kernel, u = k / kernel % kernel,
                        c = k / kernel / kernel;
      offsets[t] = static_cast<std::uint32_t>((c * height + u) * width + v);
    }
    for (std::size_t ic = 0; ic < filters; ic += kMC) {
      const std::size_t mc = std::min(kMC, filters - ic);
      pack_a(GemmOp::nn, w, patch, ic, mc, pc, kc, s, /*may_skip=*/false);
      for (std::size_t i = 0; i < oh; ++i) {
        for (std::size_t j = 0; j < full_cols; j += kNR)
          for (std::size_t r = 0, p = 0; r < mc; r += kMR, ++p)
            micro_rows(std::min(kMR, mc - r), /*sparse=*/true, kc, s.a + p * kMR * kc,
                       x + i * width + j, 1, offsets, y + (ic + r) * pixels + i * ow + j, pixels,
                       kNR, last, last ? last->out + (ic + r) * pixels + i * ow + j : nullptr);
        // The last ow mod kNR columns, one at a time, in the same order of k.
        for (std::size_t f = ic; f < ic + mc; ++f)
          for (std::size_t j = full_cols; j < ow; ++j) {
            float sum = y[f * pixels + i * ow + j];
            for (std::size_t t = 0; t < kc; ++t)
              sum += w[f * patch + pc + t] * x[offsets[t] + i * width + j];
            y[f * pixels + i * ow + j] = sum;
            if (last)
              last->out[f * pixels + i * ow + j] = sum > 0.0f ? sum
                                                   : last->kind == Epilogue::Kind::relu
                                                       ? 0.0f
                                                       : last->slope * sum;
          }
      }
    }
  }
}

namespace {

// gemm_packed with an optional epilogue on the last K block.
void gemm_blocked(GemmOp op, const float* a, std::size_t lda, const float* b, std::size_t ldb,
                  float* c, std::size_t ldc, std::size_t m, std::size_t k, std::size_t n,
                  const Epilogue* epilogue) {
  Scratch& s = scratch;
  const bool b_in_place = m <= kInPlaceRows && op != GemmOp::nt;
  // K blocks of ≤ kKC; with B in place and fewer than kPanelsA row panels, the
  // A scratch holds proportionally longer panels, so a single image's
  // 784-long row is one block instead of four (fewer tile loads and stores).
  const std::size_t row_panels = (std::min(m, kMC) + kMR - 1) / kMR;
  const std::size_t k_limit = b_in_place ? kKC * (kPanelsA / row_panels) : kKC;
  const std::size_t k_blocks = (k + k_limit - 1) / k_limit;
  const std::size_t kc_even = (k + k_blocks - 1) / k_blocks;
  for (std::size_t jc = 0; jc < n; jc += kNC) {
    const std::size_t nc = std::min(kNC, n - jc);
    for (std::size_t pc = 0; pc < k; pc += kc_even) {
      const std::size_t kc = std::min(kc_even, k - pc);
      const Epilogue* last = pc + kc == k ? epilogue : nullptr;  // only on finished sums
      const std::size_t full_cols = b_in_place ? nc / kNR * kNR : 0;
      if (b_in_place)  // only the partial last panel is packed
        pack_b(op, b, ldb, pc, kc, jc + full_cols, nc - full_cols, s.b);
      else
        pack_b(op, b, ldb, pc, kc, jc, nc, s.b);
      for (std::size_t ic = 0; ic < m; ic += kMC) {
        const std::size_t mc = std::min(kMC, m - ic);
        pack_a(op, a, lda, ic, mc, pc, kc, s);
        for (std::size_t j = 0; j < nc; j += kNR) {
          const std::size_t cols = std::min(kNR, nc - j);
          const bool in_place = j < full_cols;
          const float* bp =
              in_place ? b + pc * ldb + jc + j : s.b + ((j - full_cols) / kNR) * kc * kNR;
          const std::size_t ldbp = in_place ? ldb : kNR;
          for (std::size_t i = 0, p = 0; i < mc; i += kMR, ++p) {
            const std::size_t rows = std::min(kMR, mc - i);
            micro_rows(rows, s.kept[p] != kc, s.kept[p], s.a + p * kMR * kc, bp, ldbp,
                       s.keep + p * kMR * kc, c + (ic + i) * ldc + jc + j, ldc, cols, last,
                       last ? last->out + (ic + i) * last->ldo + jc + j : nullptr);
          }
        }
      }
    }
  }
}

}  // namespace

void gemm_packed(GemmOp op, const float* a, std::size_t lda, const float* b, std::size_t ldb,
                 float* c, std::size_t ldc, std::size_t m, std::size_t k, std::size_t n) {
  gemm_blocked(op, a, lda, b, ldb, c, ldc, m, k, n, nullptr);
}

void gemm_packed_epilogue(GemmOp op, const float* a, std::size_t lda, const float* b,
                          std::size_t ldb, float* c, std::size_t ldc, std::size_t m, std::size_t k,
                          std::size_t n, const Epilogue& epilogue) {
  gemm_blocked(op, a, lda, b, ldb, c, ldc, m, k, n, &epilogue);
}

}  // namespace glassbox::detail
