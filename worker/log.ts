/**
 * Logs are one JSON object a line (DESIGN 13, issue 14), written to a sink the host
 * chooses (stdout on Node, the console on Workers, an array in tests). Never pass a
 * PIN, password, token or request body: fields named like one are masked anyway.
 */
export type LogSink = (line: string) => void;
export type LogFields = Record<string, unknown>;
export type LogLevel = 'info' | 'warn' | 'error';

export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  /** `error` goes to the log with its stack; clients never see it (worker/app.ts). */
  error(msg: string, fields?: LogFields & { error?: unknown }): void;
}

/** Field names whose values never reach a log line, however they were passed. */
const SECRET = /pin|password|secret|token|authorization|cookie|key/i;

function clean(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [name, value] of Object.entries(fields)) {
    if (name === 'error') {
      const error = value instanceof Error ? value : new Error(String(value));
      out.error = { name: error.name, message: error.message, stack: error.stack };
    } else out[name] = SECRET.test(name) ? '[redacted]' : value;
  }
  return out;
}

export function createLogger(sink: LogSink = (line) => console.log(line)): Logger {
  const write = (level: LogLevel, msg: string, fields: LogFields = {}) =>
    sink(JSON.stringify({ time: new Date().toISOString(), level, msg, ...clean(fields) }));
  return {
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
  };
}

/** A logger whose lines land in `lines`, for tests. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(
    createLogger((line) => lines.push(line)),
    { lines },
  );
}

const consoleLogger = createLogger();

/** The logger of a Deps, or one to the console for a Deps built without one. */
export const logOf = (deps: { log?: Logger }): Logger => deps.log ?? consoleLogger;
