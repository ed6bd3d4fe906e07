import type { SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { DoctorCheck, DoctorRedisEnv } from '../platform/doctor.ts';
import type { GetRoute } from '../platform/http/routes.ts';
import type { QueueSpec } from '../platform/jobs/queue-spec.ts';
import type { SlackRouter } from '../platform/slack/router.ts';
import type { DailySection } from './daily/section.ts';
import type { HomeSection } from './home/section.ts';
import type { TvPanel } from './tv/panel.ts';
import type { WeeklyDigestSection } from './weekly/section.ts';

/**
 * One feature as main.ts sees it: everything it adds to bullpen, in one value. main.ts builds each
 * feature from the objects it needs (a factory per feature, narrow dependencies) and registers it;
 * nothing else lists features. Building a Feature does no I/O, so `bullpen doctor` can read the
 * Slack surface of every feature without Redis or Slack.
 */
export interface Feature {
  readonly name: string;
  /** The queues this feature owns, declared so health, metrics and drain checks see them all. */
  readonly queues?: readonly Pick<QueueSpec, 'name'>[];
  /** Registers its commands, actions, views, shortcuts and events. No I/O. */
  registerSlack?(router: SlackRouter): void;
  /** Worker processes: queue processors, job schedulers, domain-event subscriptions. */
  startJobs?(): Promise<void>;
  /** Its sections of App Home. */
  readonly homeSections?: readonly HomeSection[];
  /** Its panels of the TV board (plain data; the tv feature renders them). */
  readonly tvPanels?: readonly TvPanel[];
  /** GET routes it serves on bullpen's own HTTP server (the one serving /healthz). */
  readonly httpRoutes?: readonly GetRoute[];
  /** Words after `/bullpen` it answers (`/bullpen tv ...`); the help feature dispatches them. */
  readonly bullpenSubcommands?: readonly BullpenSubcommand[];
  /** Its sections of a team channel's daily summary (src/features/daily-summary). */
  readonly dailySections?: readonly DailySection[];
  /** Its sections of marketing's weekly digest (src/features/nudges posts it). */
  readonly weeklyDigestSections?: readonly WeeklyDigestSection[];
  /**
   * Its lines of `bullpen doctor`. Each reads Redis on its own short-lived connection
   * (platform/doctor.ts's withDoctorRedis, given where Redis is): doctor builds features on a client
   * that never connects.
   */
  readonly doctorChecks?: readonly ((env: DoctorRedisEnv) => Promise<DoctorCheck[]>)[];
}

/** One `/bullpen <name> ...` subcommand: listed by `/bullpen help`, run with the words after its name. */
export interface BullpenSubcommand {
  name: string;
  usage: string;
  summary: string;
  run(args: SlackCommandMiddlewareArgs, rest: string): Promise<void>;
}

/**
 * The one thing features may ask of App Home: show a person their Home again after they changed
 * something from it. Implemented by the home feature; main.ts hands it to the features that need it.
 */
export type RefreshHome = (slackUserId: string) => Promise<void>;
