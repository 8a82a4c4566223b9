import type { InStatement, ResultSet } from '@libsql/client';
import Database from 'libsql';
import { StatementCache } from './native-statements';

/** Reads by hand-written SQL on the hot path of a sale (issue 13): the session, the limits, the sale. */
export interface Reader {
  execute(statement: InStatement): Promise<ResultSet>;
}

/**
 * The Node host's Reader: its own raw libsql connection, each statement prepared once
 * and kept (StatementCache), where @libsql/client prepares every statement again on
 * every call. A read on a WAL file never waits for the writer thread, so running it
 * synchronously costs the event loop microseconds, not a disk sync.
 */
export class PreparedReader implements Reader {
  private readonly connection: InstanceType<typeof Database>;
  private readonly statements: StatementCache;

  constructor(path: string) {
    this.connection = new Database(path);
    this.connection.exec('PRAGMA busy_timeout = 5000');
    this.statements = new StatementCache(this.connection);
  }

  async execute(statement: InStatement): Promise<ResultSet> {
    return this.statements.execute(statement);
  }

  close(): void {
    if (this.connection.open) this.connection.close();
  }
}
