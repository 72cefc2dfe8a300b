// Wording shared by the host rules: NativeLink's error chains for startup failures, and the info a
// rule gives when this host does not show what it needs.
import { nativelinkErrorText } from "../facts/endpoints.ts";
import type { Report } from "../types.ts";
import type { DocNode } from "../doc.ts";
import type { RuleContext } from "../context.ts";
import type { TargetFacts } from "./facts.ts";

/** gRPC code NativeLink gives an io::Error (nativelink-error/src/lib.rs, ErrorKindExt::into_code). */
export function ioCode(io: string): string {
  const errno = Number(/\(os error (\d+)\)/.exec(io)?.[1]);
  // EACCES, ENOENT, EEXIST, EINVAL; EADDRINUSE and EADDRNOTAVAIL are Internal; the rest (ENOTDIR, EROFS, EBUSY) Unknown.
  const codes: Record<number, string> = { 13: "PermissionDenied", 2: "NotFound", 17: "AlreadyExists", 22: "InvalidArgument", 98: "Internal", 99: "Internal" };
  return codes[errno] ?? "Unknown";
}

/** A failure inside inner_main: the chain ends with main()'s tip (src/bin/nativelink.rs:878). */
export function startupError(code: string, messages: string[]): string {
  return nativelinkErrorText(code, [...messages, "main() function failed"]);
}

/** A store constructor's failure, tipped with the store's name (src/bin/nativelink.rs:217-219). */
export function storeStartupError(io: string, tip: string, store: string): string {
  return startupError(ioCode(io), [io, tip, `Failed to create store '${store}'`]);
}

/** The host facts, when --on-host gathered them. */
export function target(ctx: RuleContext): TargetFacts | undefined {
  return ctx.host?.target;
}

/** `where`: the value whose check could not be made (its pointer and its document node). */
export function couldNotCheck(where: { at: string; node: DocNode }, what: string, hint?: string): Report {
  return { at: where.at, node: where.node, severity: "info", message: `could not check ${what} on this host`, hint: hint ?? "run the check where /proc and /sys are mounted (on the host itself, not in a restricted container)" };
}
