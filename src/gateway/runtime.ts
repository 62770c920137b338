import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  createKeyRing,
  createLocalKms,
  createRootKeyFile,
  loadRootKey,
  ROOT_KEY_ENV,
  type KeyRing,
} from '../crypto/index.js';
import { openStorage, type Storage } from '../storage/index.js';

export interface RuntimeOptions {
  /** Where SQLite and the generated root key live. */
  dataDir: string;
  /** `postgres://…` or `sqlite:…`; default SQLite in the data dir. */
  storageUrl?: string;
  /** Root key file; default `BULWARK_ROOT_KEY`, else `<dataDir>/root.key` (created on first use, mode 0600). */
  rootKeyFile?: string;
  env?: Record<string, string | undefined>;
}

/** The stores and the key ring every stateful command and the gateway share, opened from one place. */
export interface Runtime {
  storage: Storage;
  keyRing: KeyRing;
  /** True when this call generated the root key file. */
  createdRootKey: boolean;
  close(): Promise<void>;
}

export const ROOT_KEY_FILE = 'root.key';

/** Opens storage and the key ring for a data directory (the same store the running gateway uses). */
export async function openRuntime(options: RuntimeOptions): Promise<Runtime> {
  const env = options.env ?? process.env;
  let createdRootKey = false;
  let root: Buffer;
  if (options.rootKeyFile !== undefined) root = loadRootKey({ file: options.rootKeyFile });
  else if (env[ROOT_KEY_ENV]) root = loadRootKey({ env });
  else {
    const file = join(options.dataDir, ROOT_KEY_FILE);
    if (!existsSync(file)) {
      mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
      createRootKeyFile(file);
      createdRootKey = true;
    }
    root = loadRootKey({ file });
  }
  const storage = await openStorage({
    dataDir: options.dataDir,
    ...(options.storageUrl !== undefined ? { url: options.storageUrl } : {}),
  });
  const keyRing = createKeyRing({ kms: createLocalKms([root]), store: storage.dataKeys });
  return { storage, keyRing, createdRootKey, close: () => storage.close() };
}
