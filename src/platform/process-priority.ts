import { readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/**
 * Lowers this process's CPU priority to `nice` (0-19; a higher number yields more), never raising
 * it: a process an operator already started at a lower priority keeps theirs. Used by ROLE=worker,
 * so that on a shared machine the web process, which must ack Slack within milliseconds, gets a
 * core the moment a request arrives, and the worker's answers (which have seconds) take the CPU
 * time left. Nothing changes when nothing competes: an idle core runs the worker at full speed.
 *
 * Linux keeps a nice value per thread, and setpriority(2) on the process id changes the calling
 * thread only, so the threads V8 and libuv started before this call are lowered by their thread
 * ids; threads started later inherit the main thread's value. Elsewhere the process id is enough.
 * Returns the threads it lowered.
 */
export function lowerProcessPriority(nice: number): number {
  let threads: number[];
  try {
    threads = readdirSync('/proc/self/task').map(Number);
  } catch {
    threads = [0];
  }
  let lowered = 0;
  for (const thread of threads) {
    try {
      if (getPriority(thread) >= nice) continue;
      setPriority(thread, nice);
      lowered += 1;
    } catch {
      // The thread ended between the listing and the call.
    }
  }
  return lowered;
}
