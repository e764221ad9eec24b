/**
 * One line of a collection MANIFEST (hookline-collect): a file of the archive, its SHA-256 and size when packed,
 * and the command that produced it — the provenance the engine shows beside each artifact.
 */
export interface ManifestEntry {
  kind: 'manifest-entry';
  line: number;
  /** The file's path relative to the collection folder (`perf-script-kfree_skb.txt`). */
  file: string;
  /** Lower-case hex SHA-256 of the file as collected, null when the collector had no sha256sum. */
  sha256: string | null;
  /** Bytes; 0 means the command printed nothing and the file was not packed. */
  size: number | null;
  /** The command's exit status, null when not recorded. */
  status: number | null;
  /** The command line that produced the file, as the collector ran it. */
  command: string;
}
