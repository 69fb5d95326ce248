import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// `npm run dev` serves the app with hot reload and forwards the API to a running `alo153 serve`
// (ALO153_URL, default http://127.0.0.1:8153). `npm run build` writes web/dist, which alo153 serves itself.
const api = process.env.ALO153_URL ?? 'http://127.0.0.1:8153';

export default defineConfig({
  plugins: [preact()],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    sourcemap: false,
    chunkSizeWarningLimit: 400,
  },
  server: {
    proxy: {
      '/api': { target: api, changeOrigin: false },
    },
  },
});
