import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The console's browser files. They live outside src/ so that SWC never turns their ES modules
 * into CommonJS; scripts/build.js copies the folder as it is beside dist's gateway, so this
 * path holds under jest (apps/gateway/src) and at run time (dist/apps/gateway/src) alike.
 */
const WEB_DIR = path.resolve(__dirname, '../../console-web');

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface ConsoleAsset {
  body: Buffer;
  contentType: string;
}

/**
 * Every file of the folder, read once at start. A request names one of them or gets a 404,
 * so no part of a URL ever reaches the file system.
 */
export class ConsoleAssets {
  readonly page: Buffer;
  private readonly files = new Map<string, ConsoleAsset>();

  constructor(dir = WEB_DIR) {
    this.page = readFileSync(path.join(dir, 'index.html'));
    for (const name of readdirSync(dir)) {
      const contentType = CONTENT_TYPES[path.extname(name)];
      if (contentType) this.files.set(name, { body: readFileSync(path.join(dir, name)), contentType });
    }
  }

  get(name: string): ConsoleAsset | undefined {
    return this.files.get(name);
  }
}
