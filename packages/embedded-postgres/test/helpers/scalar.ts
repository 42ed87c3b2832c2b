import pg from 'pg';

/** The first value of the first row of `sql`, over a fresh connection. */
export async function scalar(connectionString: string, sql: string): Promise<unknown> {
  const c = new pg.Client({ connectionString });
  await c.connect();
  try {
    const r = await c.query(sql);
    return Object.values(r.rows[0] ?? {})[0];
  } finally {
    await c.end();
  }
}
