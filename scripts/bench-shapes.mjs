// Generated configs for the scaling benchmark (scripts/bench.mjs) and the linear-work tests: each
// shape repeats one unit (a store, a server, an error...) until the text reaches the wanted size.
// Every shape is a config the loader reads up to its units; what differs is what the units cost.

/** A valid server that uses the store named `store` (so the stores are not all unused). */
const server = (port, store) =>
  `    { listener: { http: { socket_address: "0.0.0.0:${port}" } }, services: { cas: [{ instance_name: "main", cas_store: "${store}" }] } },\n`;

/** Each shape: a header, one unit per index, a footer. Units are a few hundred bytes at most. */
export const SHAPES = {
  /** Many valid memory stores, each used by nothing but the first. */
  stores: {
    head: () => "{\n  stores: [\n",
    unit: (i) => `    { name: "STORE_${i}", memory: { eviction_policy: { max_bytes: ${1000 + i} } } },\n`,
    tail: () => `  ],\n  servers: [\n${server(50051, "STORE_0")}  ],\n}\n`,
  },
  /** Stores whose ref_store names a store that is not defined (each asks for a "did you mean"). */
  "undefined-refs": {
    head: () => '{\n  stores: [\n    { name: "BASE_STORE", memory: {} },\n',
    unit: (i) => `    { name: "REF_${i}", ref_store: { name: "MISSING_${i}" } },\n`,
    tail: () => `  ],\n  servers: [\n${server(50051, "BASE_STORE")}  ],\n}\n`,
  },
  /** Many servers, each listening on its own port. */
  servers: {
    head: () => '{\n  stores: [\n    { name: "CAS", memory: {} },\n  ],\n  servers: [\n',
    unit: (i) => server(10000 + (i % 50000), "CAS"),
    tail: () => "  ],\n}\n",
  },
  /** Many gRPC endpoints of one store. */
  endpoints: {
    head: () => '{\n  stores: [\n    { name: "REMOTE", grpc: { instance_name: "main", store_type: "cas", endpoints: [\n',
    unit: (i) => `      { address: "grpc://cas-${i}.example.internal:50051" },\n`,
    tail: () => `    ] } },\n  ],\n  servers: [\n${server(50051, "REMOTE")}  ],\n}\n`,
  },
  /** Every unit is an error: a size given as a word. */
  errors: {
    head: () => "{\n  stores: [\n",
    unit: (i) => `    { name: "BAD_${i}", memory: { eviction_policy: { max_bytes: "lots-${i}" } } },\n`,
    tail: () => `  ],\n  servers: [\n${server(50051, "BAD_0")}  ],\n}\n`,
  },
  /** Every store names its key twice. */
  "duplicate-keys": {
    head: () => "{\n  stores: [\n",
    unit: (i) => `    { name: "DUP_${i}", name: "DUP_${i}", memory: {} },\n`,
    tail: () => `  ],\n  servers: [\n${server(50051, "DUP_0")}  ],\n}\n`,
  },
  /** A suppression comment above every unit, each silencing the unit's duplicate key. */
  suppressions: {
    head: () => "{\n  stores: [\n",
    unit: (i) => `    // nativelink-preflight-disable-next-line key-duplicate -- generated\n    { name: "S_${i}", name: "S_${i}", memory: {} },\n`,
    tail: () => `  ],\n  servers: [\n${server(50051, "S_0")}  ],\n}\n`,
  },
};

/** The text of `shape` grown to about `bytes` (never more), and how many units it holds. */
export function generate(shape, bytes) {
  const s = SHAPES[shape];
  if (!s) throw new Error(`unknown shape ${shape}`);
  const head = s.head();
  const tail = s.tail();
  const parts = [head];
  let size = head.length + tail.length;
  let units = 0;
  for (;;) {
    const u = s.unit(units);
    if (size + u.length > bytes && units > 0) break;
    parts.push(u);
    size += u.length;
    units++;
  }
  parts.push(tail);
  return { text: parts.join(""), units };
}
