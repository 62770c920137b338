import { existsSync } from 'node:fs';
import { join } from 'node:path';
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { BulwarkError, toWireError } from '../../core/index.js';

export const CONSOLE_PREFIX = '/console/';

/**
 * The console's Content-Security-Policy: scripts, styles and data come from this origin only, no
 * inline script or style (the Vite build emits files, React sets styles through the CSSOM), images
 * may be `data:` (the TOTP QR code), and frames only our own sandboxed report views.
 */
export const CONSOLE_HELMET: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'"],
      frameSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  // The setup link carries its token in the fragment; no referrer leaves the console either way.
  referrerPolicy: { policy: 'no-referrer' },
  crossOriginResourcePolicy: { policy: 'same-origin' },
  // Matches frame-ancestors 'none' for browsers that only read the older header.
  frameguard: { action: 'deny' },
};

export interface ConsoleOptions {
  /** The built SPA (`dist/console`). */
  dir: string;
}

/** The package's `dist/console`, from `src/gateway/console` (dev, tests) or `dist/gateway/console`. */
export function defaultConsoleDir(): string {
  return join(import.meta.dirname, '..', '..', '..', 'dist', 'console');
}

function notBuilt(reply: FastifyReply): FastifyReply {
  const { status, body } = toWireError(new BulwarkError('CONSOLE_NOT_BUILT'), reply.request.id);
  return reply.code(status).header('cache-control', 'no-store').send(body);
}

/**
 * Serves the admin console SPA at `/console/` with security headers (helmet, strict CSP) in its own
 * encapsulated scope, so the model API's hot path carries none of it. Without a build, `/console`
 * answers 503 CONSOLE_NOT_BUILT instead of a bare 404.
 */
export function registerConsole(app: FastifyInstance, options: ConsoleOptions): void {
  const built = existsSync(join(options.dir, 'index.html'));
  void app.register(async (scope) => {
    await scope.register(helmet, CONSOLE_HELMET);
    scope.get('/console', async (_request, reply) => reply.redirect(CONSOLE_PREFIX, 302));
    if (!built) {
      scope.get(CONSOLE_PREFIX, async (_request, reply) => notBuilt(reply));
      scope.get(`${CONSOLE_PREFIX}*`, async (_request, reply) => notBuilt(reply));
      return;
    }
    await scope.register(fastifyStatic, {
      root: options.dir,
      prefix: CONSOLE_PREFIX,
      index: 'index.html',
      dotfiles: 'ignore',
      decorateReply: false,
      cacheControl: false,
      setHeaders(reply, path) {
        // Hashed asset names change with their content; the page itself is always revalidated.
        void reply.header(
          'cache-control',
          path.startsWith(join(options.dir, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  });
}
