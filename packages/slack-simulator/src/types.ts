/**
 * Shapes of the simulated workspace's state. Objects handed to bullpen through the Web API follow
 * Slack's wire shapes; the fields that only the simulator needs (members of a conversation, the
 * stack a modal sits in) stay on these internal records and are left out of API responses.
 */

export type JsonObject = Record<string, unknown>;

export interface SimTeam {
  id: string;
  name: string;
  domain: string;
}

export interface SimBotIdentity {
  userId: string;
  botId: string;
  appId: string;
  name: string;
}

export interface SimUserProfile {
  real_name: string;
  display_name: string;
  email?: string;
  title: string;
  image_48: string;
  image_72: string;
  bot_id?: string;
  /** The member's status, e.g. ':palm_tree:' while on holiday. */
  status_emoji?: string;
}

/** A workspace member exactly as users.info returns it. */
export interface SimUser {
  id: string;
  team_id: string;
  name: string;
  real_name: string;
  deleted: boolean;
  is_bot: boolean;
  is_app_user: boolean;
  is_admin: boolean;
  tz: string;
  tz_label: string;
  tz_offset: number;
  updated: number;
  profile: SimUserProfile;
}

export interface SimConversation {
  id: string;
  name: string;
  kind: 'channel' | 'im';
  purpose: string;
  created: number;
  members: string[];
  /** A private channel: bullpen can post there only once invited (otherwise not_in_channel). */
  isPrivate?: boolean;
  /** For an IM: the human on the other side of the bot. */
  imUser?: string;
}

export interface SimMessage {
  type: 'message';
  channel: string;
  ts: string;
  user: string;
  text: string;
  blocks?: JsonObject[];
  attachments?: JsonObject[];
  thread_ts?: string;
  bot_id?: string;
  app_id?: string;
  team: string;
  edited?: { user: string; ts: string };
  /** Message metadata as posted; conversations.history returns it only with include_all_metadata. */
  metadata?: { event_type: string; event_payload: JsonObject };
  /** Files shared with the message (files.completeUploadExternal). */
  files?: JsonObject[];
}

export interface SimEphemeral {
  channel: string;
  ts: string;
  /** The only person who sees it. */
  user: string;
  text: string;
  blocks?: JsonObject[];
  /** Where it came from, for tests: chat.postEphemeral, a response_url, or the ack body. */
  source: 'chat.postEphemeral' | 'response_url' | 'ack' | 'simulator';
}

export interface SimUsergroup {
  id: string;
  handle: string;
  name: string;
  description: string;
  users: string[];
}

export type ViewStateValues = Record<string, Record<string, JsonObject>>;

export interface SimView {
  id: string;
  userId: string;
  type: 'modal' | 'home';
  /** The view definition bullpen sent (title, blocks, callback_id, private_metadata...). */
  definition: JsonObject;
  hash: string;
  externalId: string;
  rootViewId: string;
  previousViewId: string | null;
  stateValues: ViewStateValues;
  /** Field errors from the last `response_action: errors`, keyed by block_id. */
  errors: Record<string, string>;
  closed: boolean;
}

export interface RecordedCall {
  method: string;
  /** Arguments as bullpen sent them, with JSON-encoded fields (blocks, view...) decoded, token removed. */
  args: JsonObject;
  at: Date;
  httpStatus: number;
  response: JsonObject;
}

export interface RecordedResponseUrlPost {
  responseUrlId: string;
  body: JsonObject;
  at: Date;
  httpStatus: number;
}

/** The HTTP answer bullpen gave to a request the simulator sent it as Slack. */
export interface AppResponse {
  status: number;
  body: string;
  /** The body parsed as JSON when it is JSON. */
  json: JsonObject | undefined;
  timedOut: boolean;
}
