// A max_open_files below NativeLink's recommended 24576 either does nothing or throttles file access.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { doc, get } from "../src/typed.ts";

const RECOMMENDED = 24576n;

export default defineRule(
  {
    id: "global-max-open-files",
    category: "host",
    severity: "warning",
    summary: "`global.max_open_files` should be 0 (the default, 24576) or at least 24576",
    why: "At startup NativeLink raises the process's soft open-file limit towards max_open_files (never lowering it, and never past the hard limit), then lets its own file operations use 80% of the result. With a value below 24576 there are two outcomes: if the soft limit is already higher the setting has no effect at all, otherwise NativeLink warns and caps concurrent file use at about 80% of the value, which slows filesystem stores and workers under load. 0 means 24576.",
    fix: "Remove the setting (or set 0) for the 24576 default, or set a larger value and raise the host's hard limit (`ulimit -Hn`, systemd LimitNOFILE, container nofile) to match.",
    nativelink: [{ message: "The new open file limit ({n}) is below the recommended value of 24576. Consider raising max_open_files.", source: "nativelink-util/src/fs.rs:235-239; src/bin/nativelink.rs:809-825" }],
    catalog: ["open-file-limit-below-recommended"],
    examples: {
      bad: { config: "{ stores: [], servers: [], global: { max_open_files: 1024 } }" },
      good: { config: "{ stores: [], servers: [], global: { max_open_files: 65536 } }" },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    const node = model ? get(get(doc(model.root), "global"), "max_open_files") : undefined;
    const n = model?.valueOf(node);
    if (!node || typeof n !== "bigint" || n <= 0n || n >= RECOMMENDED) return;
    yield {
      node,
      message: `max_open_files ${n} is below the recommended 24576; unless the host's soft limit is already higher (then the setting does nothing), NativeLink warns and caps its own open files at about ${n - n / 5n}`,
      nativelink: `The new open file limit (${n}) is below the recommended value of 24576. Consider raising max_open_files.`,
      hint: "remove max_open_files (or set 0) for the default of 24576, or set a higher value",
    };
  },
);
