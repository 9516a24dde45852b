/** What gallring and a register extract need of a store: its records listed and removed by kind. */
import type { StatusAnswer } from '../../domain/answer';
import type { Assessment } from '../../domain/assessment';
import type { Deployment } from '../../domain/deployment';
import type { PaperDetails } from '../../domain/paper';
import type { RecordKind } from '../../domain/retention';
import type { PlanRevision } from '../../domain/revisions';
import type { AuditEntry } from './records';

/** Everything a fixed version was made from: enough to make it again byte for byte. */
export interface VersionContent {
  planId: string;
  version: number;
  fixedAt: string;
  deployment: Deployment;
  answers: StatusAnswer[];
  assessments: Assessment[];
  changes: AuditEntry[];
  revisions: PlanRevision[];
  /** The committee paper's parts as they stood (absent for versions fixed before the paper was stored). */
  paper?: PaperDetails;
}

/** Kinds of record the bot stores (drafts are made on request and never stored). */
export type StoredKind = Exclude<RecordKind, 'utkast'>;

/** One stored record as gallring sees it: when it was made and whom it is about. */
export interface HeldRecord {
  /** The store's own id for it, opaque to the application. */
  id: string;
  at: string;
  userId?: string;
  /** Roster entries: whether the last read of the team still found the person. */
  present?: boolean;
  /** The record as stored, for a register extract. */
  doc: Record<string, unknown>;
}

/** Lists and removes a plan's records by kind. */
export interface RecordKeeping {
  held(planId: string, kind: StoredKind): Promise<HeldRecord[]>;
  /** Removes the records with these ids; returns how many were there to remove. */
  remove(planId: string, kind: StoredKind, ids: string[]): Promise<number>;
  /**
   * Where the backend expires items by itself (Cosmos DB's per-item ttl): sets a record's time to
   * live. Absent on backends without expiry (SQLite), where the daily job removes everything.
   */
  readonly expire?: (planId: string, kind: StoredKind, id: string, ttlSeconds: number) => Promise<void>;
}
