import { createHash } from 'node:crypto';
import type { Hasher } from '../shared/engine/hasher';

export function nodeSha256(): Hasher {
  const hash = createHash('sha256');
  return {
    update: (chunk) => {
      hash.update(chunk);
    },
    digestHex: () => hash.digest('hex'),
  };
}
