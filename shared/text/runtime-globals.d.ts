// The engine runs in Node, a Web Worker and the browser. Each of them provides TextDecoder (WHATWG Encoding),
// but the engine's tsconfig has neither DOM nor Node types, so the one API it uses is declared here.
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
