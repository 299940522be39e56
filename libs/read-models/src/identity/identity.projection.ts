import type Database from 'better-sqlite3';
import type { RecordedEvent } from '@app/event-store';
import type { Projection } from '../projection';
import { statement, writerFor } from '../statements';

/**
 * Who is who: networks, members and access tokens (by hash), enough to resolve a bearer token to an actor
 * without reading the log on every request.
 */
export const identityProjection: Projection = {
  name: 'identity',
  schema: `
    CREATE TABLE IF NOT EXISTS identity_networks (
      network_id TEXT PRIMARY KEY, status TEXT NOT NULL, facilitator INTEGER NOT NULL,
      representative TEXT, principles_version TEXT) STRICT;
    CREATE TABLE IF NOT EXISTS identity_members (
      person_id TEXT PRIMARY KEY, network_id TEXT NOT NULL, roles TEXT NOT NULL, removed INTEGER NOT NULL DEFAULT 0) STRICT;
    CREATE TABLE IF NOT EXISTS identity_tokens (
      token_hash TEXT PRIMARY KEY, token_id TEXT NOT NULL UNIQUE, person_id TEXT NOT NULL, network_id TEXT NOT NULL,
      expires_at TEXT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0) STRICT;
    CREATE TABLE IF NOT EXISTS identity_auditors (person_id TEXT PRIMARY KEY) STRICT;
    CREATE TABLE IF NOT EXISTS identity_auditor_tokens (
      token_hash TEXT PRIMARY KEY, token_id TEXT NOT NULL UNIQUE, person_id TEXT NOT NULL, expires_at TEXT NOT NULL,
      revoked INTEGER NOT NULL DEFAULT 0) STRICT;`,

  apply(db: Database.Database, event: RecordedEvent) {
    const data = event.data as Record<string, string & string[] & boolean>;
    const run = writerFor(db);
    switch (event.type) {
      case 'NetworkEnrolled':
        return void run(
          `INSERT INTO identity_networks (network_id, status, facilitator) VALUES (?, 'active', ?)`,
          data.networkId,
          data.facilitator ? 1 : 0,
        );
      case 'PrinciplesAdopted':
        return void run(
          'UPDATE identity_networks SET principles_version = ? WHERE network_id = ?',
          data.principlesVersion,
          data.networkId,
        );
      case 'RepresentativeNominated':
        return void run(
          'UPDATE identity_networks SET representative = ? WHERE network_id = ?',
          data.personId,
          data.networkId,
        );
      case 'SeatVacated':
        return void run(
          'UPDATE identity_networks SET representative = NULL WHERE network_id = ?',
          data.networkId,
        );
      case 'NetworkLeft':
      case 'NetworkSuspended':
      case 'NetworkReinstated': {
        const status = { NetworkLeft: 'left', NetworkSuspended: 'suspended', NetworkReinstated: 'active' }[
          event.type
        ];
        return void run(
          'UPDATE identity_networks SET status = ? WHERE network_id = ?',
          status,
          data.networkId,
        );
      }
      case 'MemberRegistered':
        return void run(
          'INSERT INTO identity_members (person_id, network_id, roles) VALUES (?, ?, ?)',
          data.personId,
          data.networkId,
          JSON.stringify(data.roles),
        );
      case 'MemberRolesChanged':
        return void run(
          'UPDATE identity_members SET roles = ? WHERE person_id = ?',
          JSON.stringify(data.roles),
          data.personId,
        );
      case 'MemberRemoved':
        return void run('UPDATE identity_members SET removed = 1 WHERE person_id = ?', data.personId);
      case 'AccessTokenIssued':
        return void run(
          'INSERT INTO identity_tokens (token_hash, token_id, person_id, network_id, expires_at) VALUES (?, ?, ?, ?, ?)',
          data.tokenHash,
          data.tokenId,
          data.personId,
          data.networkId,
          data.expiresAt,
        );
      case 'AccessTokenRevoked':
        return void run('UPDATE identity_tokens SET revoked = 1 WHERE token_id = ?', data.tokenId);
      case 'AuditorAppointed':
        return void run('INSERT OR IGNORE INTO identity_auditors (person_id) VALUES (?)', data.personId);
      case 'AuditorTokenIssued':
        return void run(
          'INSERT INTO identity_auditor_tokens (token_hash, token_id, person_id, expires_at) VALUES (?, ?, ?, ?)',
          data.tokenHash,
          data.tokenId,
          data.personId,
          data.expiresAt,
        );
      case 'AuditorTokenRevoked':
        return void run('UPDATE identity_auditor_tokens SET revoked = 1 WHERE token_id = ?', data.tokenId);
    }
  },
};

/** The actor behind a bearer token, as API.md's `GET /me` shows it. */
export interface ResolvedActor {
  personId: string;
  /** The token this request came with. */
  tokenId: string;
  networkId: string;
  roles: Array<'coordinator' | 'contributor'>;
  /** Holds the network's Steering Group seat. */
  seat: boolean;
  /** Members of active networks and people appointed by motion may audit. */
  auditor: boolean;
  networkActive: boolean;
  principlesVersion: string | null;
}

/** An auditor appointed by motion from outside the networks: no network, no roles, the audit routes only. */
export interface OutsideAuditor {
  personId: string;
  tokenId: string;
  networkId: null;
  roles: [];
  seat: false;
  auditor: true;
  networkActive: false;
  principlesVersion: null;
}

/** Resolves a token hash; undefined if unknown, revoked, expired, or its holder is no longer a member. */
export function resolveToken(
  db: Database.Database,
  tokenHash: string,
  now: Date,
): ResolvedActor | OutsideAuditor | undefined {
  return resolveMemberToken(db, tokenHash, now) ?? resolveOutsideAuditorToken(db, tokenHash, now);
}

function resolveOutsideAuditorToken(
  db: Database.Database,
  tokenHash: string,
  now: Date,
): OutsideAuditor | undefined {
  const row = statement(
    db,
    `SELECT t.token_id, t.person_id, t.expires_at, t.revoked FROM identity_auditor_tokens t
       JOIN identity_auditors a ON a.person_id = t.person_id
      WHERE t.token_hash = ?`,
  ).get(tokenHash) as
    { token_id: string; person_id: string; expires_at: string; revoked: number } | undefined;
  if (!row || row.revoked || Date.parse(row.expires_at) <= now.getTime()) return undefined;
  return {
    personId: row.person_id,
    tokenId: row.token_id,
    networkId: null,
    roles: [],
    seat: false,
    auditor: true,
    networkActive: false,
    principlesVersion: null,
  };
}

function resolveMemberToken(db: Database.Database, tokenHash: string, now: Date): ResolvedActor | undefined {
  const row = statement(
    db,
    `SELECT t.token_id, t.person_id, t.network_id, t.expires_at, t.revoked, m.roles, m.removed, n.status, n.representative, n.principles_version,
              EXISTS (SELECT 1 FROM identity_auditors a WHERE a.person_id = t.person_id) AS appointed
         FROM identity_tokens t
         JOIN identity_members m ON m.person_id = t.person_id
         JOIN identity_networks n ON n.network_id = t.network_id
        WHERE t.token_hash = ?`,
  ).get(tokenHash) as
    | {
        token_id: string;
        person_id: string;
        network_id: string;
        expires_at: string;
        revoked: number;
        roles: string;
        removed: number;
        status: string;
        representative: string | null;
        principles_version: string | null;
        appointed: number;
      }
    | undefined;
  if (!row || row.revoked || row.removed || Date.parse(row.expires_at) <= now.getTime()) return undefined;
  return {
    personId: row.person_id,
    tokenId: row.token_id,
    networkId: row.network_id,
    roles: JSON.parse(row.roles),
    seat: row.representative === row.person_id && row.status === 'active',
    // A departed or suspended network's members are not auditors, unless a motion appointed them.
    auditor: row.status === 'active' || row.appointed === 1,
    networkActive: row.status === 'active',
    principlesVersion: row.principles_version,
  };
}
