/** What the command line asks of the app. */
export interface LaunchOptions {
  /** `--demo`: open the bundled demo case once the window has loaded (`npm start` passes it). */
  demo: boolean;
}

/** Reads the switches main understands; everything else (Chromium's own switches, the app path) is ignored. */
export function parseLaunchOptions(argv: readonly string[]): LaunchOptions {
  return { demo: argv.includes('--demo') };
}
