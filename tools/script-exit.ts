/**
 * How the command-line scripts end: with `process.exitCode`, letting Node.js stop on its own, never with
 * `process.exit()` right after their work.
 *
 * `process.exit()` joins V8's worker threads without tearing down the heap. When a background compile job
 * (Sparkplug, Maglev) is at that moment waiting for a garbage collection on the main thread, the join never
 * returns and the process hangs forever, its work done (nodejs/node#54918, seen on Node.js 24.22: `npm run render`
 * stalled a CI run for 90 minutes). A natural exit tears the heap down first, which releases such a job.
 */

/** How long a finished script may stay alive for handles it left open before it is ended with `process.exit()`. */
const LINGER_MS = 5_000;

/**
 * Runs `main` and ends the script with its exit code, or with `onError(error)`'s when it throws or rejects. Node.js
 * exits as soon as nothing is left to do; a handle left open (a socket, a child process) ends it after LINGER_MS,
 * when no compile job can still be running.
 */
export function endScript(main: () => number | Promise<number>, onError: (error: unknown) => number): void {
  const settle = (code: number): void => {
    process.exitCode = code;
    setTimeout(() => process.exit(code), LINGER_MS).unref();
  };
  new Promise<number>((resolve) => resolve(main())).then(settle, (error: unknown) => settle(onError(error)));
}
