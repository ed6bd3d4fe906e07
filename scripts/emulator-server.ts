// Runs the Salesforce emulator in its own process so benchmarks measure bullpen's memory, not the
// emulator's. Prints one JSON line {url} when ready; exits when its parent closes stdin.
import { startSalesforceEmulator } from '@bullpen/salesforce-emulator';

const options = JSON.parse(process.argv[2] ?? '{}') as {
  leads?: number;
  tasksPerLead?: number;
  reps?: number;
};
const emulator = await startSalesforceEmulator({
  seed: {
    leads: options.leads ?? 300,
    tasksPerLead: options.tasksPerLead ?? 1.5,
    ...(options.reps ? { reps: options.reps } : {}),
  },
  apiLimit: 5_000_000,
  sessionTtlMs: 24 * 3600_000,
});
process.stdout.write(`${JSON.stringify({ url: emulator.url })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void emulator.close().then(() => process.exit(0));
});
