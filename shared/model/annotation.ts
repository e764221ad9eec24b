/** What an annotation is attached to. */
export type AnnotationTarget =
  | { kind: 'finding'; findingIndex: number; flow: string }
  | { kind: 'mark'; artifact: string; ref: string; t: string | null }
  | { kind: 'range'; from: string; to: string }
  | { kind: 'line'; artifact: string; line: number };

/** The engineer's note: Markdown text on a finding, a timeline mark, a time range or an artifact line. */
export interface Annotation {
  id: string;
  target: AnnotationTarget;
  /** Markdown (rendered with HTML disabled). */
  text: string;
  author: string;
  /** ISO-8601 UTC, when written or last edited. */
  at: string;
}
