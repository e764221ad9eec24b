/**
 * What an archive may cost before Hookline refuses (part of) it. Archives come from customers' boxes and mail:
 * a member larger than `maxMemberBytes`, an expansion past `maxTotalBytes` or past `maxRatio` times the archive's
 * own size (a zip bomb), or more than `maxMembers` entries are refused with a warning, never expanded.
 */
export interface ArchiveLimits {
  /** Largest member accepted, in bytes (default 4 GiB). Checked against the header before reading the data. */
  maxMemberBytes: number;
  /** Most bytes expanded from one archive, nested archives included (default 8 GiB). */
  maxTotalBytes: number;
  /** Most expanded bytes per byte of the archive given (default 200) … */
  maxRatio: number;
  /** … once this much has been expanded (default 64 MiB): a 1 MB file of zeros is no bomb. */
  ratioFloorBytes: number;
  /** Most members kept from one archive, nested ones included (default 10 000). */
  maxMembers: number;
  /** Archives inside the archive are opened down to this depth (default 1: an archive in the archive). */
  maxNestingDepth: number;
}

const GiB = 1024 * 1024 * 1024;

export const defaultArchiveLimits: ArchiveLimits = {
  maxMemberBytes: 4 * GiB,
  maxTotalBytes: 8 * GiB,
  maxRatio: 200,
  ratioFloorBytes: 64 * 1024 * 1024,
  maxMembers: 10000,
  maxNestingDepth: 1,
};

/** The defaults with the caller's overrides. */
export function archiveLimits(overrides: Partial<ArchiveLimits> = {}): ArchiveLimits {
  return { ...defaultArchiveLimits, ...overrides };
}
