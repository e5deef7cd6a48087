// Escape counts → pixels of a canvas: a deep-blue → white → gold palette on the
// square root of the count; points in the set (count = maxit) are black.
const STOPS = [
  [0.0, [0, 7, 60]],
  [0.16, [32, 107, 203]],
  [0.42, [237, 255, 255]],
  [0.64, [255, 170, 0]],
  [0.86, [120, 30, 2]],
  [1.0, [0, 2, 0]],
];

function color(t) {
  for (let i = 1; i < STOPS.length; i++) {
    const [t1, c1] = STOPS[i];
    if (t <= t1) {
      const [t0, c0] = STOPS[i - 1];
      const u = (t - t0) / (t1 - t0);
      return [0, 1, 2].map((j) => Math.round(c0[j] + (c1[j] - c0[j]) * u));
    }
  }
  return STOPS[STOPS.length - 1][1];
}

export function paint(canvas, counts, width, height, maxit) {
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(width, height);
  const px = img.data;
  const lut = [];
  for (let k = 0; k < maxit; k++) lut.push(color(Math.sqrt(k / maxit)));
  for (let i = 0; i < width * height; i++) {
    const k = counts[i];
    const o = i * 4;
    const [r, g, b] = k >= maxit ? [0, 0, 0] : lut[k];
    px[o] = r;
    px[o + 1] = g;
    px[o + 2] = b;
    px[o + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}
