// The renderer's Content Security Policy, sent as a response header by the app:// protocol (and by the browser
// host's static server) on top of the <meta> tag in renderer/index.html, so the policy holds even if the meta tag
// is lost in a refactor. A test keeps this string and the meta tag identical.

/** The policy of the app's documents: only its own scripts, no eval, no plugins, no <base>, no form posts. */
export const documentPolicy =
  "default-src 'self'; script-src 'self'; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

/**
 * The policy of script responses. It only matters when the script becomes a worker: a dedicated worker loaded from
 * a URL takes its CSP from its own response, not from the page. The engine worker hashes with hash-wasm, and
 * WebAssembly compilation is refused under `script-src 'self'` (checked in Chromium: "Compiling or instantiating
 * WebAssembly module violates the following Content Security policy directive"); 'wasm-unsafe-eval' allows
 * WebAssembly only, never JavaScript eval. Ref: CSP Level 3 §6.1.5 and the WebAssembly CSP proposal.
 */
export const scriptPolicy = documentPolicy.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'");

/** The CSP header for a response of this MIME type (documents and scripts; other types do not carry a policy). */
export function contentSecurityPolicyFor(mimeType: string): string | undefined {
  if (mimeType.startsWith('text/html')) return documentPolicy;
  if (mimeType.startsWith('text/javascript')) return scriptPolicy;
  return undefined;
}
