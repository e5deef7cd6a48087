// The same algorithm as mandelbrot.pyx, in plain JavaScript (same arithmetic, so the
// same counts: both are IEEE doubles without fused multiply-add).
export function mandelbrotJS(out, width, height, xmin, xmax, ymin, ymax, maxit) {
  const dx = (xmax - xmin) / width;
  const dy = (ymax - ymin) / height;
  let total = 0;
  if (out.length < width * height) throw new RangeError('out is too small for the image');
  for (let y = 0; y < height; y++) {
    const ci = ymin + y * dy;
    for (let x = 0; x < width; x++) {
      const cr = xmin + x * dx;
      let zr = 0;
      let zi = 0;
      let k = 0;
      while (k < maxit && zr * zr + zi * zi <= 4.0) {
        const t = zr * zr - zi * zi + cr;
        zi = 2.0 * zr * zi + ci;
        zr = t;
        k++;
      }
      out[y * width + x] = k;
      total += k;
    }
  }
  return total;
}
