// The convolution's and pooling's rearrangements (im2col, col2im, max pooling, the move
// between (image, position) x filter rows and each image's filters x positions), the same
// for every native set: they copy, compare and add once per value, exactly as the reference
// kernels (reference.ts) do in the same order, so they give the same bits. Plain C,
// compiled without processor-specific flags.
#include "kernels.h"

static int ceilDiv(int a, int b) { return a >= 0 ? (a + b - 1) / b : -((-a) / b); }

void layoutIm2col(const float* x, int n, const Window* w, float* col) {
  const int patch = w->channels * w->size * w->size, image = w->channels * w->height * w->width;
  size_t o = 0;
  for (int r = 0; r < n; r++) {
    for (int oy = 0; oy < w->outHeight; oy++) {
      for (int ox = 0; ox < w->outWidth; ox++) {
        for (int c = 0; c < w->channels; c++) {
          const float* base = x + (size_t)r * image + (size_t)c * w->height * w->width;
          for (int ky = 0; ky < w->size; ky++) {
            const int y = oy * w->stride + ky - w->pad;
            const int inside = y >= 0 && y < w->height;
            for (int kx = 0; kx < w->size; kx++, o++) {
              const int xx = ox * w->stride + kx - w->pad;
              col[o] = inside && xx >= 0 && xx < w->width ? base[y * w->width + xx] : 0.0f;
            }
          }
        }
      }
    }
  }
  (void)patch;
}

void layoutSparseIm2col(const Sparse* s, const int32_t* rows, int n, const Window* w, float* col) {
  const int patch = w->channels * w->size * w->size, positions = w->outHeight * w->outWidth, plane = w->height * w->width;
  for (size_t i = 0, len = (size_t)n * positions * patch; i < len; i++) col[i] = 0.0f;
  for (int r = 0; r < n; r++) {
    const size_t first = (size_t)r * positions;
    for (uint32_t e = s->rowStart[rows[r]]; e < s->rowStart[rows[r] + 1]; e++) {
      const float v = s->pixel[s->value[e]];
      const int c = s->index[e] / plane, rest = s->index[e] - c * plane;
      const int y = rest / w->width + w->pad, x = rest % w->width + w->pad;
      int oyFrom = ceilDiv(y - w->size + 1, w->stride), oyTo = y / w->stride;
      int oxFrom = ceilDiv(x - w->size + 1, w->stride), oxTo = x / w->stride;
      if (oyFrom < 0) oyFrom = 0;
      if (oxFrom < 0) oxFrom = 0;
      if (oyTo > w->outHeight - 1) oyTo = w->outHeight - 1;
      if (oxTo > w->outWidth - 1) oxTo = w->outWidth - 1;
      for (int oy = oyFrom; oy <= oyTo; oy++) {
        const int ky = y - oy * w->stride;
        for (int ox = oxFrom; ox <= oxTo; ox++) {
          const int kx = x - ox * w->stride;
          col[(first + (size_t)oy * w->outWidth + ox) * patch + (size_t)(c * w->size + ky) * w->size + kx] = v;
        }
      }
    }
  }
}

void layoutCol2im(const float* dcol, int n, const Window* w, float* dx) {
  const int image = w->channels * w->height * w->width;
  for (size_t i = 0, len = (size_t)n * image; i < len; i++) dx[i] = 0.0f;
  size_t o = 0;
  for (int r = 0; r < n; r++) {
    for (int oy = 0; oy < w->outHeight; oy++) {
      for (int ox = 0; ox < w->outWidth; ox++) {
        for (int c = 0; c < w->channels; c++) {
          float* base = dx + (size_t)r * image + (size_t)c * w->height * w->width;
          for (int ky = 0; ky < w->size; ky++) {
            const int y = oy * w->stride + ky - w->pad;
            const int inside = y >= 0 && y < w->height;
            for (int kx = 0; kx < w->size; kx++, o++) {
              const int xx = ox * w->stride + kx - w->pad;
              if (inside && xx >= 0 && xx < w->width) base[y * w->width + xx] += dcol[o];
            }
          }
        }
      }
    }
  }
}

void layoutMaxPool(const float* x, int n, const Window* w, float* out, int32_t* argmax) {
  const int planes = n * w->channels, plane = w->height * w->width;
  size_t o = 0;
  for (int p = 0; p < planes; p++) {
    const int base = p * plane;
    for (int oy = 0; oy < w->outHeight; oy++) {
      for (int ox = 0; ox < w->outWidth; ox++, o++) {
        int best = base + oy * w->stride * w->width + ox * w->stride;
        float value = x[best];
        for (int ky = 0; ky < w->size; ky++) {
          const int row = base + (oy * w->stride + ky) * w->width + ox * w->stride;
          for (int kx = 0; kx < w->size; kx++) {
            // written to compile to conditional moves: the comparisons are unpredictable
            const float v = x[row + kx];
            const int greater = v > value;
            best = greater ? row + kx : best;
            value = greater ? v : value;
          }
        }
        argmax[o] = best;
        out[o] = value;
      }
    }
  }
}

void layoutMaxPoolBackward(const float* dout, const int32_t* argmax, size_t outputs, float* dx, size_t inputs) {
  for (size_t i = 0; i < inputs; i++) dx[i] = 0.0f;
  for (size_t o = 0; o < outputs; o++) dx[argmax[o]] += dout[o];
}

void layoutConvOutput(const float* out2d, int n, int positions, int filters, const float* b, float* out) {
  for (int r = 0; r < n; r++) {
    const float* in = out2d + (size_t)r * positions * filters;
    float* image = out + (size_t)r * filters * positions;
    for (int p = 0; p < positions; p++, in += filters) {
      for (int f = 0; f < filters; f++) image[(size_t)f * positions + p] = in[f] + b[f];
    }
  }
}

void layoutConvOutputGrad(const float* dout, int n, int positions, int filters, float* dout2d) {
  for (int r = 0; r < n; r++) {
    const float* image = dout + (size_t)r * filters * positions;
    float* rowsOut = dout2d + (size_t)r * positions * filters;
    for (int p = 0; p < positions; p++, rowsOut += filters) {
      for (int f = 0; f < filters; f++) rowsOut[f] = image[(size_t)f * positions + p];
    }
  }
}
