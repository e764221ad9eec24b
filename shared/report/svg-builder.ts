import { escapeHtml } from './escape-html';

// Tiny SVG/HTML element builder for the report figures: every attribute value and every text goes through
// escapeHtml, so a figure cannot carry markup from an artifact whatever its labels hold.

/** Attribute values: strings are escaped, numbers rounded to 0.1 (the figures are in CSS pixels). */
export type Attributes = Record<string, string | number | null | undefined | false>;

function attributeText(attributes: Attributes): string {
  let out = '';
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    const text = typeof value === 'number' ? String(Math.round(value * 10) / 10) : value;
    out += ` ${name}="${escapeHtml(text)}"`;
  }
  return out;
}

/** `<name attrs>children</name>`; `children` are already-built markup (use `text()` for text). */
export function element(name: string, attributes: Attributes, ...children: string[]): string {
  return `<${name}${attributeText(attributes)}>${children.join('')}</${name}>`;
}

/** `<name attrs/>`, for SVG shapes (SVG inside HTML accepts self-closing foreign elements). */
export function emptyElement(name: string, attributes: Attributes): string {
  return `<${name}${attributeText(attributes)}/>`;
}

/** Escaped text content. */
export function text(value: string): string {
  return escapeHtml(value);
}
