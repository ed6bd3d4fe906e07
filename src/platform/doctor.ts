export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

/** One line of `bullpen doctor`: the platform, shared parts and features each contribute theirs. */
export interface DoctorCheck {
  name: string;
  status: CheckStatus;
  /** A required check that fails makes `bullpen doctor` exit 1. */
  required: boolean;
  detail: string;
  fix?: string;
}
