import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Gzipped size of the production build in dist/web (maps and licence notes excluded: browsers never fetch them). */
export function webWeightFigures(root = 'dist/web') {
  let js = 0;
  let total = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (!/\.(map|LEGAL\.txt)$/.test(entry.name)) {
        const size = gzipSync(new Uint8Array(readFileSync(path)), { level: 9 }).length;
        total += size;
        if (entry.name.endsWith('.js')) js += size;
      }
    }
  };
  walk(root);
  const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
  return { web_js_gzip_kb: kb(js), web_total_gzip_kb: kb(total) };
}
