// `npm run playground` (vite playground): the cypyx plugin makes `.pyx` imports work.
import { defineConfig } from 'vite';
import cypyx from 'cypyx/vite';

export default defineConfig({
  plugins: [cypyx()],
  server: { host: '127.0.0.1' },
  build: { outDir: 'dist', emptyOutDir: true },
});
