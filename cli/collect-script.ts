// The collector script (collect/hookline-collect.sh), embedded into the CLI bundle by scripts/build-cli.mjs so
// `hookline collect-script > hookline-collect.sh` works from an installed CLI without the repository.
declare const HOOKLINE_COLLECT_SCRIPT: string | undefined;

/** The embedded collector script, or null when the CLI runs unbundled (tests import the source instead). */
export function collectScript(): string | null {
  return typeof HOOKLINE_COLLECT_SCRIPT === 'string' ? HOOKLINE_COLLECT_SCRIPT : null;
}
