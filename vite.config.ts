import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The admin console SPA (src/console), served by the gateway at /console/ from dist/console.
export default defineConfig({
  root: 'src/console',
  base: '/console/',
  plugins: [react()],
  build: { outDir: '../../dist/console', emptyOutDir: true, sourcemap: false },
});
