// With --on-host: the hard open-file limit NativeLink starts with must let it raise its soft limit to 24576.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { couldNotCheck, target } from "../src/host/report.ts";
import { doc, get } from "../src/typed.ts";

const RECOMMENDED = 24576;
const LIMITS = (soft: number, hard: number) =>
  `Limit                     Soft Limit           Hard Limit           Units\nMax open files            ${soft}                 ${hard}                 files\n`;

export default defineRule(
  {
    id: "host-open-file-limit",
    category: "host",
    severity: "warning",
    summary: "with --on-host, the hard open-file limit must let NativeLink raise its soft limit to max_open_files (at least 24576)",
    why: "At startup NativeLink raises its soft RLIMIT_NOFILE towards global.max_open_files (0 or unset: 24576), never past the hard limit, and uses 80% of the result for its own files. When the hard limit it starts with is lower than 24576, it warns and throttles filesystem stores and workers under load. That hard limit is inherited from the shell or service manager: this check reads /proc/self/limits (the limits a NativeLink started from this shell gets) or LimitNOFILE= of the unit given with --systemd-unit. A max_open_files below 24576 is global-max-open-files' finding.",
    fix: "Raise the hard limit where NativeLink is started: LimitNOFILE=65536 in its systemd unit, `ulimit -Hn 65536` in its start script, or nofile in /etc/security/limits.conf.",
    nativelink: [{ message: "The new open file limit ({n}) is below the recommended value of 24576. Consider raising max_open_files.", source: "nativelink-util/src/fs.rs:235-239" }],
    catalog: ["open-file-limit-below-recommended"],
    examples: {
      bad: { config: "{ stores: [], servers: [], global: { max_open_files: 65536 } }", onHost: true, host: { proc: { "self/limits": LIMITS(1024, 4096) } } },
      good: { config: "{ stores: [], servers: [], global: { max_open_files: 65536 } }", onHost: true, host: { proc: { "self/limits": LIMITS(1024, 1048576) } } },
    },
  },
  function* (ctx): Iterable<Report> {
    const t = target(ctx);
    if (!t || !ctx.model) return;
    // At max_open_files when given, else at global, else at the document.
    const where = t.plan.maxOpenFiles ?? { at: ctx.model.globalAt ?? "", node: get(doc(ctx.model.root), "global") ?? ctx.model.root };
    const want = t.plan.maxOpenFiles && t.plan.maxOpenFiles.value > 0n ? Number(t.plan.maxOpenFiles.value) : RECOMMENDED;
    if (want < RECOMMENDED) return;
    if (!t.nofile) {
      yield couldNotCheck(where, "the open-file limit NativeLink would get: /proc/self/limits is not readable", "pass the unit NativeLink runs under with --systemd-unit, or run the check where /proc is mounted");
      return;
    }
    const { soft, hard, from } = t.nofile;
    const got = soft >= want ? soft : Math.min(want, hard);
    if (got >= RECOMMENDED) return;
    yield {
      at: where.at,
      node: where.node,
      message: `the hard open-file limit NativeLink would start with is ${hard}, from ${from}: it can raise its soft limit only to ${got} of the ${want} asked for, warns, and throttles its own file use to about ${got - Math.floor(got / 5)} open files`,
      nativelink: `The new open file limit (${got}) is below the recommended value of ${RECOMMENDED}. Consider raising max_open_files.`,
      hint: "raise the hard limit: LimitNOFILE=65536 in the systemd unit, or ulimit -Hn 65536 before starting NativeLink",
    };
  },
);
