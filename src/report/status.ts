// What every reporter says about the run as a whole besides its findings: the counts (which -q does
// not change) and whether the warnings exceed --max-warnings.
export interface RunStatus {
  /** Counts of every unsuppressed finding, including those -q keeps out of the display. */
  counts: { errors: number; warnings: number; infos: number };
  /** --max-warnings, when given. */
  maxWarnings?: number;
  /** --on-host: the user the host checks judged for. */
  onHost?: { runAs: string };
}

/** "3 warnings exceed --max-warnings 2", or undefined when the limit is not given or not exceeded. */
export function warningLimitNote(status: RunStatus | undefined): string | undefined {
  if (status?.maxWarnings === undefined || status.counts.warnings <= status.maxWarnings) return undefined;
  const n = status.counts.warnings;
  return `${n} warning${n === 1 ? "" : "s"} exceed${n === 1 ? "s" : ""} --max-warnings ${status.maxWarnings}`;
}
