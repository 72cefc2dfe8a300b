// The ajv runtime helpers the generated validators call, imported so that both Node (running the
// generated code from source, in tests) and esbuild (bundling it) resolve them. ajv ships them as
// CommonJS with an `exports.default`; Node's default import is the exports object, esbuild's the
// function, so take whichever is callable.
import ucs2lengthModule from "ajv/dist/runtime/ucs2length.js";

type Fn = (s: string) => number;
const m = ucs2lengthModule as unknown as Fn | { default: Fn };
export const ucs2length: Fn = typeof m === "function" ? m : m.default;
