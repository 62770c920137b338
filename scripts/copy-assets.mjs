// Copies non-TypeScript runtime assets (JSON data, model weights) from src/ into dist/.
import { cpSync, existsSync, readdirSync, statSync, mkdirSync } from 'node:fs';
import { join, dirname, extname } from 'node:path';

const ASSET_EXTENSIONS = new Set(['.json', '.txt', '.bin', '.yaml', '.html', '.css']);

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name === 'app' || name === 'node_modules') continue;
      walk(path);
    } else if (ASSET_EXTENSIONS.has(extname(name))) {
      const target = join('dist', path.slice('src/'.length));
      mkdirSync(dirname(target), { recursive: true });
      cpSync(path, target);
    }
  }
}

if (existsSync('src')) walk('src');
