import { type BaseLogger, type Bindings, type DestinationStream, type LevelWithSilent, type Logger, pino } from 'pino';

/** pino's logger: what `createLogger` makes (the process's root logger). */
export type { Logger } from 'pino';

/**
 * What services and jobs log through (`ctx.log`, a job's `log`): pino's level methods and
 * `child`. A pino Logger is one, and so is the request logger Fastify derives from it.
 */
export interface Log extends Pick<BaseLogger, 'level' | 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace'> {
  /** A logger whose lines also carry `bindings` (e.g. `{ job: id }`). */
  child(bindings: Bindings): Log;
}

/**
 * The one pino logger of a process: the HTTP layer logs through it (each request gets a child
 * with its `reqId`, which becomes `ctx.log`), and so do jobs (a child per job). Services log
 * through `ctx.log`, never through console or a module-level logger, so every line carries the
 * request or job it belongs to and the rules below apply to all of them.
 *
 * Logs carry no personal data: no IP, no query string (it may hold names), no headers, and
 * passwords, cookies and tokens are redacted wherever they appear one level deep.
 */
export function createLogger(level: LevelWithSilent, stream?: DestinationStream | NodeJS.WritableStream): Logger {
  const options = {
    level,
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        path: req.url.split('?')[0],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    redact: {
      paths: ['password', '*.password', 'cookie', '*.cookie', 'headers', '*.headers', 'token', '*.token'],
      censor: '[redacted]',
    },
  };
  return stream ? pino(options, stream) : pino(options);
}

/** A logger that writes nothing (tests, benchmarks without logs, tools that only print results). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
