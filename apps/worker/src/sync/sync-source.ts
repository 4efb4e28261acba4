import type { NormalizedPage, Platform, SourceCampaign, SyncWindow } from "@full-sync/shared";

export type { SourceCampaign, SyncWindow };

/** A page as the platform's normaliser left it, with its place in the campaign's records. */
export interface SourcePage extends NormalizedPage {
  /** Cursor the page was fetched at, and where the next one starts (the checkpoint after storing it). */
  offset: number;
  nextOffset: number;
  done: boolean;
  /** Platform records in the page (statistics rows, activities): the unit of progress. */
  items: number;
}

/** What a sync needs from a platform; implemented over the platform clients. */
export interface SyncSource {
  platform: Platform;
  /** Records one campaign holds in the window: the platform's own count, or an estimate marked as such. */
  countCampaign(options: { window: SyncWindow; campaign: SourceCampaign }): Promise<{ total: number; estimate: boolean }>;
  listCampaigns(): Promise<SourceCampaign[]>;
  /** Pages of one campaign from `startOffset`; each `next()` is one platform request (plus retries). */
  pages(options: { campaign: SourceCampaign; startOffset: number; window: SyncWindow; pageSize: number }): AsyncIterator<SourcePage>;
}
