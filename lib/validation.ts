// zod issues as words: the one formatter for every place that reports a failed validation (query
// strings, request bodies, webhook payloads, configuration, an email address). Each issue reads
// "path: message", a path-less one named after what was validated ("body", "query"); where the
// messages name their subject themselves (configuration) they stand alone. Never the value, which
// may be secret.
import type { z } from "zod";

export type IssueFormat = {
  /** What a path-less issue is about ("body", "query"); "" leaves it blank. */
  root?: string;
  /** Put before every path, e.g. "data.domain." for an issue inside a payload's entity. */
  prefix?: string;
  /** false: the messages alone. */
  paths?: boolean;
};

type Issue = z.ZodError["issues"][number];

/** Where an issue is, "data.domain.status"; `root` when it is about the whole. */
export const issuePath = (issue: Issue, root = "body"): string => issue.path.map(String).join(".") || root;

/** Each issue as one message. */
export function issueMessages(
  error: z.ZodError,
  { root = "body", prefix = "", paths = true }: IssueFormat = {},
): string[] {
  return error.issues.map((i) => (paths ? `${prefix}${issuePath(i, root)}: ${i.message}` : i.message));
}

/** Every issue in one line, separated by "; ". */
export const describeIssues = (error: z.ZodError, format?: IssueFormat): string =>
  issueMessages(error, format).join("; ");
