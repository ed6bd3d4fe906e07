/**
 * The TV board is assembled from panels that features contribute, like App Home's sections. A panel
 * returns plain data (never HTML): the tv feature renders and escapes it, so no feature writes markup
 * for a page it does not own. Panels read Redis only; they run every few seconds per open team view.
 */

/** Whose board a screen shows: one manager's team. */
export interface TeamScope {
  managerSlackId: string;
  managerSalesforceId: string | null;
  /** Salesforce User Ids of the manager and their reports (lead owners). */
  ownerIds: readonly string[];
  /** Slack user ids of the same people, where matched. */
  memberSlackIds: readonly string[];
  /** The manager opted in to lead names on this screen (`/bullpen tv new names:on`). */
  showLeadNames: boolean;
  now: Date;
}

export interface TvBoardRow {
  rank: number;
  name: string;
  score: string;
}

export interface TvBoard {
  title: string;
  detail: string;
  rows: TvBoardRow[];
}

export interface TvRate {
  label: string;
  /** 0..1, or null when no lead was due. */
  rate: number | null;
  leadsDue: number;
}

export interface TvListItem {
  text: string;
  detail: string;
}

export type TvPanelData =
  | { kind: 'boards'; title: string; boards: TvBoard[]; empty: string }
  | { kind: 'rates'; title: string; rates: TvRate[] }
  | { kind: 'list'; title: string; items: TvListItem[]; empty: string }
  | { kind: 'count'; title: string; value: number; detail: string; items: TvListItem[] };

export interface TvPanel {
  /** Lower comes first. */
  order: number;
  name: string;
  load(scope: TeamScope): Promise<TvPanelData>;
}
