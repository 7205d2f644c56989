// The sessions entity of the default store, in Bknd's own database (SQLite, LibSQL, Postgres: Bknd
// writes the DDL). Times are text holding epoch milliseconds: Bknd's number field is a 32-bit
// INTEGER on Postgres, too small for milliseconds; 13-digit strings also compare in order.
import { em, entity, text } from 'bknd';

const sessionFields = {
  sid: text().required(),
  user_id: text().required(),
  token_hash: text().required(),
  prev_hash: text(),
  rotated_at: text(),
  created_at: text().required(),
  last_used_at: text().required(),
  expires_at: text().required(),
  absolute_expires_at: text().required(),
  user_agent: text(),
};

export type SessionRow = Record<
  'sid' | 'user_id' | 'token_hash' | 'prev_hash' | 'rotated_at' | 'created_at' | 'last_used_at' | 'expires_at' | 'absolute_expires_at' | 'user_agent',
  string | null
>;

/** Returned from the plugin's `schema` hook (typed loosely: Bknd's prototype types are internal). */
export function sessionSchema(name: string): unknown {
  return em({ [name]: entity(name, sessionFields, { name: 'Sessions' }, 'generated') }, ({ index }, entities) => {
    index(entities[name]!).on(['sid'], true);
    index(entities[name]!).on(['user_id']);
  });
}
