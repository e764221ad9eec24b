// Everything a report shows from an artifact or an annotation is untrusted text: a LOG prefix, an nft comment, a
// file name can hold `<script>`, `</style>` or a quote. This is the one escape every renderer goes through, for
// element text and quoted attribute values alike, in HTML and in SVG (standalone SVG is XML, so only the five XML
// entities are used, and characters XML 1.0 forbids even as references are replaced by visible stand-ins).
// Ref: HTML Living Standard §13.1.2.6 (text), §13.1.2.3 (attribute values), §13.2.5.1 (control characters are
// parse errors); XML 1.0 §2.2 (Char production).

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Makes control characters visible and keeps the text legal in HTML and XML: C0 controls other than tab, line feed
 * and carriage return become their Unicode control pictures (ESC → ␛), DEL becomes ␡, C1 controls become `\x85`-style
 * text, and lone surrogates and the noncharacters U+FFFE / U+FFFF become U+FFFD.
 */
export function visibleControls(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    if (code <= 0x9f) return `\\x${code.toString(16)}`;
    return '\ufffd';
  });
}

/** Escapes text for HTML/SVG element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return visibleControls(text).replace(/[&<>"']/g, (c) => entities[c]);
}
