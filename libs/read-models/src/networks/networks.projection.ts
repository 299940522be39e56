import type Database from 'better-sqlite3';
import type { NetworkEvent, NetworkState } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { Projection } from '../projection';
import { statement, writerFor } from '../statements';

/** A network as every member may see it (`GET /networks` and `GET /networks/{id}`): no personal data. */
export interface NetworkSummary {
  networkId: string;
  name: string;
  scope: 'regional' | 'national';
  region?: string;
  status: Exclude<NetworkState['status'], 'none'>;
  facilitator: boolean;
  seat: { filled: boolean; representative: string | null };
  principlesVersion: string | null;
  authorities: string[];
}

/** Every enrolled network's public facts, so that `GET /networks` reads one table instead of every stream. */
export const networksProjection: Projection = {
  name: 'networks',
  schema: `
    CREATE TABLE IF NOT EXISTS networks (
      network_id TEXT PRIMARY KEY, name TEXT NOT NULL, scope TEXT NOT NULL, region TEXT,
      facilitator INTEGER NOT NULL, status TEXT NOT NULL, representative TEXT, principles_version TEXT,
      authorities TEXT NOT NULL DEFAULT '[]') STRICT;`,

  apply(db: Database.Database, event: RecordedEvent) {
    const { type, data } = event as unknown as NetworkEvent;
    const run = writerFor(db);
    switch (type) {
      case 'NetworkEnrolled':
        return void run(
          `INSERT INTO networks (network_id, name, scope, region, facilitator, status) VALUES (?, ?, ?, ?, ?, 'active')`,
          data.networkId,
          data.name,
          data.scope,
          data.region ?? null,
          data.facilitator ? 1 : 0,
        );
      case 'PrinciplesAdopted':
        return void run(
          'UPDATE networks SET principles_version = ? WHERE network_id = ?',
          data.principlesVersion,
          data.networkId,
        );
      case 'RepresentativeNominated':
        return void run(
          'UPDATE networks SET representative = ? WHERE network_id = ?',
          data.personId,
          data.networkId,
        );
      case 'SeatVacated':
        return void run('UPDATE networks SET representative = NULL WHERE network_id = ?', data.networkId);
      case 'MemberAuthorityAdded':
        return void run(
          `UPDATE networks SET authorities = json_insert(authorities, '$[#]', ?) WHERE network_id = ?`,
          data.authorityCode,
          data.networkId,
        );
      case 'NetworkLeft':
        return void run(`UPDATE networks SET status = 'left' WHERE network_id = ?`, data.networkId);
      case 'NetworkSuspended':
        return void run(`UPDATE networks SET status = 'suspended' WHERE network_id = ?`, data.networkId);
      case 'NetworkReinstated':
        return void run(`UPDATE networks SET status = 'active' WHERE network_id = ?`, data.networkId);
    }
  },
};

/** Every enrolled network, departed ones included, by name. */
export function listNetworks(db: Database.Database): NetworkSummary[] {
  const rows = statement(db, 'SELECT * FROM networks ORDER BY name, network_id').all() as Array<{
    network_id: string;
    name: string;
    scope: NetworkSummary['scope'];
    region: string | null;
    facilitator: number;
    status: NetworkSummary['status'];
    representative: string | null;
    principles_version: string | null;
    authorities: string;
  }>;
  return rows.map((row) => ({
    networkId: row.network_id,
    name: row.name,
    scope: row.scope,
    ...(row.region === null ? {} : { region: row.region }),
    status: row.status,
    facilitator: row.facilitator === 1,
    seat: { filled: row.representative !== null, representative: row.representative },
    principlesVersion: row.principles_version,
    authorities: JSON.parse(row.authorities),
  }));
}
